import {createRequire} from 'node:module'
import type {Ajv as AjvInstance, ErrorObject, ValidateFunction} from 'ajv'
import type {DataReport, SchemaIssue, SchemaKey} from './types.js'
import {SpError} from '../errors/sp-error.js'
import {knownFormats, registerFormats, type KnownFormats} from './formats.js'
import {toDataReports, pointerToPath} from './data-report.js'
import {schemaKeyToUri} from './schema-key.js'
import {INSTANCE_IGLU_ONLY_SCHEMA, INSTANCE_SCHEMA, SELF_DESC_META_SCHEMA} from './meta-schema.js'

const require = createRequire(import.meta.url)
// ajv-draft-04 is CommonJS with a default export; createRequire sidesteps NodeNext interop typing.
const Ajv04 = require('ajv-draft-04') as new (opts: Record<string, unknown>) => AjvInstance

export const IGLU_META_SCHEMA_URI = 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#'
const DRAFT04_URI = 'http://json-schema.org/draft-04/schema'
const IGLU_CENTRAL_SCHEMAS = 'http://iglucentral.com/schemas'

/** A schema compiled once: `check(data)` answers null when valid, else Snowplow's reports. */
export type CompiledSchema =
  | {ok: true; check: (data: unknown) => DataReport[] | null; unknownFormats: string[]}
  | {ok: false; schemaIssues: SchemaIssue[]}

export interface SchemaValidator {
  /** Compiles (once per Iglu URI, again only if the schema changed) and caches. */
  compile(uri: string, schema: Record<string, unknown>): CompiledSchema
  /** The compiled schema for a URI if present (the synchronous hot path). */
  cached(uri: string): CompiledSchema | undefined
  /**
   * Validates `data`; [] when valid. Throws SpError INVALID_SCHEMA (details.schemaIssues) when the
   * schema itself is not valid draft-04. `key` may be a SchemaKey or an Iglu URI.
   */
  validate(key: SchemaKey | string, schema: Record<string, unknown>, data: unknown): DataReport[]
  validate(schema: Record<string, unknown>, data: unknown): DataReport[]
  /** draft-04 meta-schema issues of a schema (self/$schema may be present), in Snowplow's wording. */
  checkSchema(schema: unknown): SchemaIssue[]
  /** Formats seen in compiled schemas that networknt does not know (treated as always valid). */
  readonly unknownFormats: ReadonlySet<string>
  /** Drops compiled schemas (one URI, or all). */
  forget(uri?: string): void
}

interface Entry {
  schema: Record<string, unknown>
  text?: string
  compiled: CompiledSchema
}

function collectFormats(node: unknown, out: Set<string>, depth = 0): void {
  if (depth > 200 || node === null || typeof node !== 'object') return
  if (Array.isArray(node)) {
    for (const n of node) collectFormats(n, out, depth + 1)
    return
  }
  for (const [k, v] of Object.entries(node)) {
    if (k === 'format' && typeof v === 'string') out.add(v)
    // `enum`/`default` values are data and `self` is Iglu metadata (its "format" is jsonschema)
    if (k !== 'enum' && k !== 'default' && !(depth === 0 && k === 'self')) collectFormats(v, out, depth + 1)
  }
}

export function createSchemaValidator(): SchemaValidator {
  const formats: KnownFormats = knownFormats()
  const options = {
    allErrors: true, // networknt reports every failure, not the first
    verbose: true, // error.data / error.schema: needed for "integer found" and enum lists
    strict: false, // networknt ignores unknown keywords ($supersedes, custom annotations)
    validateSchema: false, // we run the draft-04 meta check ourselves, once, with Snowplow's wording
    addUsedSchema: false, // schemas with the same `id` must not collide between Iglu URIs
    unicodeRegExp: false, // Iglu patterns are Java regexes like ^[a-zA-Z0-9-_]+$ (invalid with /u)
    validateFormats: true,
    logger: false,
  }
  const ajv = new Ajv04(options)
  registerFormats(ajv, formats)
  ajv.addKeyword('self')
  ajv.addMetaSchema(SELF_DESC_META_SCHEMA as unknown as Record<string, unknown>, IGLU_META_SCHEMA_URI, false)
  // Some Iglu Central schemas `$ref` these by URL; networknt would download them, we ship them.
  ajv.addSchema(INSTANCE_IGLU_ONLY_SCHEMA as unknown as Record<string, unknown>, `${IGLU_CENTRAL_SCHEMAS}/com.snowplowanalytics.self-desc/instance-iglu-only/jsonschema/1-0-0#`, false)
  ajv.addSchema(INSTANCE_SCHEMA as unknown as Record<string, unknown>, `${IGLU_CENTRAL_SCHEMAS}/com.snowplowanalytics.self-desc/instance/jsonschema/1-0-0#`, false)

  const metaAjv = new Ajv04({...options, addUsedSchema: true})
  registerFormats(metaAjv, formats)
  const metaValidate = metaAjv.getSchema(DRAFT04_URI) as ValidateFunction

  const unknownFormats = new Set<string>()
  const byUri = new Map<string, Entry>()
  const byObject = new WeakMap<object, CompiledSchema>()

  function checkSchema(schema: unknown): SchemaIssue[] {
    if (metaValidate(schema)) return []
    return toDataReports(metaValidate.errors as ErrorObject[], schema, formats).map((r) => ({path: r.path ?? '$', message: r.message}))
  }

  function build(schema: Record<string, unknown>): CompiledSchema {
    const issues = checkSchema(schema)
    if (issues.length > 0) return {ok: false, schemaIssues: issues}
    const used = new Set<string>()
    collectFormats(schema, used)
    const unknown: string[] = []
    for (const f of used) {
      if (formats.has(f)) continue
      unknown.push(f)
      if (!unknownFormats.has(f)) {
        unknownFormats.add(f)
        ajv.addFormat(f, true) // networknt ignores formats it does not know
      }
    }
    let fn: ValidateFunction
    try {
      fn = ajv.compile(schema)
    } catch (e) {
      return {ok: false, schemaIssues: [{path: '$', message: `$: cannot compile the schema: ${(e as Error).message}`}]}
    }
    const check = (data: unknown): DataReport[] | null =>
      fn(data) ? null : toDataReports(fn.errors as ErrorObject[], data, formats)
    return {ok: true, check, unknownFormats: unknown}
  }

  function compile(uri: string, schema: Record<string, unknown>): CompiledSchema {
    const entry = byUri.get(uri)
    if (entry !== undefined) {
      if (entry.schema === schema) return entry.compiled
      // Same URI, different object (re-resolved after TTL, or patched in the registry): reuse
      // the compiled code unless the content really changed.
      entry.text ??= JSON.stringify(entry.schema)
      const text = JSON.stringify(schema)
      if (text === entry.text) {
        entry.schema = schema
        return entry.compiled
      }
      ajv.removeSchema(entry.schema)
      const compiled = build(schema)
      byUri.set(uri, {schema, text, compiled})
      return compiled
    }
    const compiled = build(schema)
    byUri.set(uri, {schema, compiled})
    return compiled
  }

  function reportsOf(compiled: CompiledSchema, data: unknown): DataReport[] {
    if (!compiled.ok) {
      throw new SpError('INVALID_SCHEMA', `The schema is not valid draft-04: ${compiled.schemaIssues.map((i) => i.message).join('; ')}`, {schemaIssues: compiled.schemaIssues})
    }
    return compiled.check(data) ?? []
  }

  function validate(a: SchemaKey | string | Record<string, unknown>, b: unknown, c?: unknown): DataReport[] {
    if (arguments.length < 3) {
      const schema = a as Record<string, unknown>
      let compiled = byObject.get(schema)
      if (compiled === undefined) {
        compiled = build(schema)
        byObject.set(schema, compiled)
      }
      return reportsOf(compiled, b)
    }
    const uri = typeof a === 'string' ? a : schemaKeyToUri(a as SchemaKey)
    return reportsOf(compile(uri, b as Record<string, unknown>), c)
  }

  return {
    compile,
    cached: (uri) => byUri.get(uri)?.compiled,
    validate: validate as SchemaValidator['validate'],
    checkSchema,
    unknownFormats,
    forget(uri) {
      if (uri === undefined) {
        for (const e of byUri.values()) ajv.removeSchema(e.schema)
        byUri.clear()
        return
      }
      const e = byUri.get(uri)
      if (e !== undefined) {
        ajv.removeSchema(e.schema)
        byUri.delete(uri)
      }
    },
  }
}

export {pointerToPath}
