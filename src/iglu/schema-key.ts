import type {SchemaKey, SchemaVer} from './types.js'
import {IgluErrorCode, igluError} from './errors.js'

// Grammar of iglu-core's SchemaKey / SchemaVer. Everything that builds a path or a URL goes
// through these, so `..`, `/` or `%2e` can never reach the file system or a request.
export const VENDOR_PATTERN = /^[a-zA-Z0-9\-_.]+$/
// iglu-core's vendor grammar allows `.` and `..`, which are path segments: refused everywhere.
const DOTS_ONLY = /^\.+$/
export const NAME_PATTERN = /^[a-zA-Z0-9\-_]+$/
export const FORMAT_PATTERN = NAME_PATTERN
const SCHEMAVER_PATTERN = /^([1-9][0-9]*)-(0|[1-9][0-9]*)-(0|[1-9][0-9]*)$/
const IGLU_URI_PATTERN = /^iglu:([a-zA-Z0-9\-_.]+)\/([a-zA-Z0-9\-_]+)\/([a-zA-Z0-9\-_]+)\/([^/]+)$/
const CRITERION_PART = /^(\*|0|[1-9][0-9]*)$/

/** `1-0-0` → {model:1, revision:0, addition:0}; throws INVALID_SCHEMAVER. */
export function parseSchemaVer(text: string): SchemaVer {
  const m = SCHEMAVER_PATTERN.exec(text)
  if (m === null) {
    throw igluError(IgluErrorCode.InvalidSchemaVer, `Cannot parse version part '${text}' as SchemaVer, INVALID_SCHEMAVER`)
  }
  return {model: Number(m[1]), revision: Number(m[2]), addition: Number(m[3])}
}

export function isValidSchemaVer(text: string): boolean {
  return SCHEMAVER_PATTERN.test(text)
}

export function schemaVerToString(v: SchemaVer): string {
  return `${v.model}-${v.revision}-${v.addition}`
}

/** Orders by model, then revision, then addition (negative when a < b). */
export function compareSchemaVer(a: SchemaVer, b: SchemaVer): number {
  return a.model - b.model || a.revision - b.revision || a.addition - b.addition
}

/** `iglu:com.acme/event/jsonschema/1-0-0` → SchemaKey; throws INVALID_IGLUURI / INVALID_SCHEMAVER. */
export function parseSchemaKey(uri: string): SchemaKey {
  const m = typeof uri === 'string' ? IGLU_URI_PATTERN.exec(uri) : null
  if (m === null) {
    throw igluError(
      IgluErrorCode.InvalidIgluUri,
      `Cannot parse ${JSON.stringify(uri)} as an Iglu URI (expected iglu:vendor/name/format/M-R-A), INVALID_IGLUURI`,
    )
  }
  if (DOTS_ONLY.test(m[1]!)) {
    throw igluError(IgluErrorCode.InvalidIgluUri, `Cannot parse ${JSON.stringify(uri)} as an Iglu URI: the vendor cannot be only dots, INVALID_IGLUURI`)
  }
  return {vendor: m[1]!, name: m[2]!, format: m[3]!, version: parseSchemaVer(m[4]!)}
}

/** Like parseSchemaKey but returns undefined instead of throwing (hot paths, filters). */
export function tryParseSchemaKey(uri: string): SchemaKey | undefined {
  const m = IGLU_URI_PATTERN.exec(uri)
  if (m === null || !SCHEMAVER_PATTERN.test(m[4]!) || DOTS_ONLY.test(m[1]!)) return undefined
  return {vendor: m[1]!, name: m[2]!, format: m[3]!, version: parseSchemaVer(m[4]!)}
}

export function schemaKeyToUri(key: SchemaKey): string {
  return `iglu:${key.vendor}/${key.name}/${key.format}/${schemaVerToString(key.version)}`
}

/** `vendor/name/format/version`, a schema's path in a static repository (SchemaMap.fromPath). */
export function schemaKeyToPath(key: SchemaKey): string {
  return `${key.vendor}/${key.name}/${key.format}/${schemaVerToString(key.version)}`
}

/** `com.acme/event/jsonschema/1-0-0` (the last four segments of a path) → SchemaKey. */
export function parseSchemaKeyFromPath(p: string): SchemaKey {
  const parts = p.split(/[\\/]+/).filter((s) => s !== '')
  if (parts.length < 4) {
    throw igluError(IgluErrorCode.InvalidIgluUri, `Cannot parse path ${JSON.stringify(p)} as vendor/name/format/version, INVALID_IGLUURI`)
  }
  const [vendor, name, format, version] = parts.slice(-4) as [string, string, string, string]
  return parseSchemaKey(`iglu:${vendor}/${name}/${format}/${version.replace(/\.json$/, '')}`)
}

/** A vendor that may become a path segment or URL segment (grammar, and not `.`/`..`). */
export function isSafeVendor(vendor: unknown): vendor is string {
  return typeof vendor === 'string' && VENDOR_PATTERN.test(vendor) && !DOTS_ONLY.test(vendor)
}

/** True when vendor/name/format/version all match the grammar (checked before any path or URL). */
export function isSafeSchemaKey(key: SchemaKey): boolean {
  const v = key.version
  return (
    isSafeVendor(key.vendor) &&
    typeof key.name === 'string' && NAME_PATTERN.test(key.name) &&
    typeof key.format === 'string' && FORMAT_PATTERN.test(key.format) &&
    Number.isSafeInteger(v.model) && v.model >= 1 &&
    Number.isSafeInteger(v.revision) && v.revision >= 0 &&
    Number.isSafeInteger(v.addition) && v.addition >= 0
  )
}

/** `iglu:com.acme/x/jsonschema/1-*-*`: `undefined` parts are wildcards. */
export interface SchemaCriterion {
  vendor: string
  name: string
  format: string
  model?: number
  revision?: number
  addition?: number
}

export function parseSchemaCriterion(text: string): SchemaCriterion {
  const m = typeof text === 'string' ? /^iglu:([a-zA-Z0-9\-_.]+)\/([a-zA-Z0-9\-_]+)\/([a-zA-Z0-9\-_]+)\/([^/]+)$/.exec(text) : null
  const parts = m?.[4]!.split('-') ?? []
  if (m === null || parts.length !== 3 || !parts.every((p) => CRITERION_PART.test(p)) || parts[0] === '0') {
    throw igluError(
      IgluErrorCode.InvalidSchemaCriterion,
      `Cannot parse ${JSON.stringify(text)} as a schema criterion (expected iglu:vendor/name/format/M-R-A with * allowed per part, e.g. 1-*-*)`,
    )
  }
  const num = (p: string) => (p === '*' ? undefined : Number(p))
  return {vendor: m[1]!, name: m[2]!, format: m[3]!, model: num(parts[0]!), revision: num(parts[1]!), addition: num(parts[2]!)}
}

export function criterionMatches(c: SchemaCriterion, key: SchemaKey): boolean {
  return (
    c.vendor === key.vendor &&
    c.name === key.name &&
    c.format === key.format &&
    (c.model === undefined || c.model === key.version.model) &&
    (c.revision === undefined || c.revision === key.version.revision) &&
    (c.addition === undefined || c.addition === key.version.addition)
  )
}

export function schemaCriterionToString(c: SchemaCriterion): string {
  const p = (n: number | undefined) => (n === undefined ? '*' : String(n))
  return `iglu:${c.vendor}/${c.name}/${c.format}/${p(c.model)}-${p(c.revision)}-${p(c.addition)}`
}
