import type {SchemaKey} from '../iglu/types.js'

/** iglu-core ParseError codes, as written into bad rows. */
export type IgluParseError = 'INVALID_SCHEMAVER' | 'INVALID_IGLUURI' | 'INVALID_DATA_PAYLOAD' | 'INVALID_SCHEMA'

export interface ParsedSelfDescribing {
  key: SchemaKey
  uri: string
  data: unknown
}

const URI = /^iglu:([a-zA-Z0-9\-_.]+)\/([a-zA-Z0-9\-_]+)\/([a-zA-Z0-9\-_]+)\/([^/]+)$/
const VER = /^(0|[1-9][0-9]*)-(0|[1-9][0-9]*)-(0|[1-9][0-9]*)$/

/** Parses an `iglu:` URI into a SchemaKey, or returns the iglu-core parse error. */
export function parseIgluUri(uri: string): SchemaKey | IgluParseError {
  const m = URI.exec(uri)
  if (!m) return 'INVALID_IGLUURI'
  const v = VER.exec(m[4]!)
  if (!v) return 'INVALID_SCHEMAVER'
  return {
    vendor: m[1]!,
    name: m[2]!,
    format: m[3]!,
    version: {model: Number(v[1]), revision: Number(v[2]), addition: Number(v[3])},
  }
}

/** `SelfDescribingData.parse`: an object with a string `schema` (valid Iglu URI) and a `data`. */
export function parseSelfDescribing(json: unknown): ParsedSelfDescribing | IgluParseError {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'INVALID_DATA_PAYLOAD'
  const obj = json as Record<string, unknown>
  if (typeof obj.schema !== 'string' || !('data' in obj)) return 'INVALID_DATA_PAYLOAD'
  const key = parseIgluUri(obj.schema)
  if (typeof key === 'string') return key
  return {key, uri: obj.schema, data: obj.data}
}

export function schemaKeyUri(key: SchemaKey): string {
  const v = key.version
  return `iglu:${key.vendor}/${key.name}/${key.format}/${v.model}-${v.revision}-${v.addition}`
}

/** A `vendor/name/format/model-*-*` criterion with fixed model (what enrich uses: `1-0-*`, ...). */
export interface SimpleCriterion {
  vendor: string
  name: string
  format: string
  model: number
  revision?: number
}

export function criterionUri(c: SimpleCriterion): string {
  return `iglu:${c.vendor}/${c.name}/${c.format}/${c.model}-${c.revision ?? '*'}-*`
}

export function matchesCriterion(c: SimpleCriterion, key: SchemaKey): boolean {
  return (
    key.vendor === c.vendor &&
    key.name === c.name &&
    key.format === c.format &&
    key.version.model === c.model &&
    (c.revision === undefined || key.version.revision === c.revision)
  )
}

/** JSON.parse with enrich's error prefix; circe's exact parser messages are not reproduced. */
export function parseJsonText(text: string): {ok: true; json: unknown} | {ok: false; error: string} {
  try {
    return {ok: true, json: JSON.parse(text)}
  } catch (e) {
    return {ok: false, error: `invalid json: ${(e as Error).message}`}
  }
}
