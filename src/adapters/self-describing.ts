import type {SchemaKey} from '../iglu/types.js'

/** iglu-core ParseError codes, as written into bad rows. */
export type IgluParseError = 'INVALID_SCHEMAVER' | 'INVALID_IGLUURI' | 'INVALID_DATA_PAYLOAD' | 'INVALID_SCHEMA'

export interface ParsedSelfDescribing {
  key: SchemaKey
  uri: string
  data: unknown
}

const URI = /^iglu:([a-zA-Z0-9\-_.]+)\/([a-zA-Z0-9\-_]+)\/([a-zA-Z0-9\-_]+)\/([0-9]*-[0-9]*-[0-9]*)$/
const VER = /^(0|[1-9][0-9]*)-(0|[1-9][0-9]*)-(0|[1-9][0-9]*)$/

// Trackers name the same few schemas in every event: each distinct URI is parsed once. Bounded
// because URIs come from tracker input; the keys are shared, hence frozen.
const parsedUris = new Map<string, SchemaKey | IgluParseError>()
const MAX_PARSED_URIS = 1000

// The last URIs looked up, compared before the map: a URI string fresh from JSON.parse has no
// hash yet, and comparing it with a few known ones is ~3x cheaper than hashing 60 characters.
const RECENT = 8
const recentUris: string[] = new Array<string>(RECENT).fill('')
const recentParses: (SchemaKey | IgluParseError)[] = new Array<SchemaKey | IgluParseError>(RECENT).fill('INVALID_IGLUURI')
let nextRecent = 0

/** Parses an `iglu:` URI into a (frozen) SchemaKey, or returns the iglu-core parse error. */
export function parseIgluUri(uri: string): SchemaKey | IgluParseError {
  for (let i = 0; i < RECENT; i++) if (recentUris[i] === uri) return recentParses[i]!
  let parsed = parsedUris.get(uri)
  if (parsed === undefined) {
    parsed = parseUri(uri)
    if (parsedUris.size >= MAX_PARSED_URIS) parsedUris.clear()
    parsedUris.set(uri, parsed)
  }
  recentUris[nextRecent] = uri
  recentParses[nextRecent] = parsed
  nextRecent = (nextRecent + 1) % RECENT
  return parsed
}

function parseUri(uri: string): SchemaKey | IgluParseError {
  const m = URI.exec(uri)
  if (!m) return 'INVALID_IGLUURI'
  const v = VER.exec(m[4]!)
  if (!v) return 'INVALID_SCHEMAVER'
  return Object.freeze({
    vendor: m[1]!,
    name: m[2]!,
    format: m[3]!,
    version: Object.freeze({model: Number(v[1]), revision: Number(v[2]), addition: Number(v[3])}),
  })
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
