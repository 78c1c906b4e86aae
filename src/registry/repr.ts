import type {SelfDescribingSchema} from '../iglu/types.js'
import {SELF_DESCRIBING_URI} from '../lint/linters.js'
import type {StoredSchema} from './schema-store.js'
import {schemaKeyToUri, schemaVerToString} from '../iglu/schema-key.js'

export type Repr = 'uri' | 'meta' | 'canonical'

export function parseRepr(value: unknown, fallback: Repr): Repr | undefined {
  if (value === undefined || value === '') return fallback
  const v = String(value).toLowerCase()
  return v === 'uri' || v === 'meta' || v === 'canonical' ? v : undefined
}

export function schemaUri(s: StoredSchema): string {
  return schemaKeyToUri(s.key)
}

/** Java's Instant.toString drops a zero millisecond part; so do we. */
function instant(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z')
}

function selfOf(s: StoredSchema): SelfDescribingSchema['self'] {
  return {vendor: s.key.vendor, name: s.key.name, format: s.key.format, version: schemaVerToString(s.key.version)}
}

function supersession(s: StoredSchema, supersededBy?: string): Record<string, unknown> {
  return {
    ...(supersededBy !== undefined ? {$supersededBy: supersededBy} : {}),
    ...(s.supersedes !== null ? {$supersedes: s.supersedes} : {}),
  }
}

/** `{"$schema","$supersededBy"?,"$supersedes"?,"self",…body}` */
export function canonical(s: StoredSchema, supersededBy?: string): SelfDescribingSchema {
  return {$schema: SELF_DESCRIBING_URI, ...supersession(s, supersededBy), self: selfOf(s), ...s.body} as SelfDescribingSchema
}

/** canonical without `$schema`, with `metadata` after `self` */
export function meta(s: StoredSchema, supersededBy?: string): Record<string, unknown> {
  return {
    ...supersession(s, supersededBy),
    self: selfOf(s),
    metadata: {createdAt: instant(s.createdAt), updatedAt: instant(s.updatedAt), isPublic: s.isPublic},
    ...s.body,
  }
}

export function render(s: StoredSchema, repr: Repr, supersededBy?: string): unknown {
  if (repr === 'uri') return schemaUri(s)
  return repr === 'meta' ? meta(s, supersededBy) : canonical(s, supersededBy)
}
