import {stringifyExact} from './exact-json.js'
import {FIELDS, FIELD_COUNT, F} from './fields.js'
import type {EnrichedEvent, SelfDescribing} from './enriched-event.js'
import {canonicalValueJson} from './canonical-json.js'

/**
 * How `_schema_version` is written into each context entry. Micro 4.5.2 pins the Scala analytics
 * SDK 3.2.0, which writes the full `iglu:` URI; SDK 3.2.1 writes the version only (`1-0-0`).
 */
export type SchemaVersionStyle = 'uri' | 'version'

export interface LossyJsonOptions {
  schemaVersion?: SchemaVersionStyle
}

const IGLU_URI = /^iglu:([a-zA-Z0-9\-_.]+)\/([a-zA-Z0-9\-_]+)\/([a-zA-Z0-9\-_]+)\/(([0-9]+)-[0-9]+-[0-9]+)$/

/** `org.schema/WebPage 1-0-0` → `org_schema_web_page_1` (the SDK's shredded column suffix). */
export function shreddedSuffix(uri: string): {suffix: string; version: string} | null {
  const m = IGLU_URI.exec(uri)
  if (!m) return null
  const vendor = m[1]!.replace(/[.-]/g, '_').toLowerCase()
  const name = m[2]!.replace(/[.-]/g, '_').replace(/([^A-Z_])([A-Z])/g, '$1_$2').toLowerCase()
  return {suffix: `${vendor}_${name}_${m[5]}`, version: m[4]!}
}

function addContexts(out: Record<string, unknown>, entities: SelfDescribing[] | null, style: SchemaVersionStyle): void {
  if (!entities) return
  for (const entity of entities) {
    const key = shreddedSuffix(entity.schema)
    if (!key) continue
    const column = `contexts_${key.suffix}`
    const data = entity.data
    const stamped =
      typeof data === 'object' && data !== null && !Array.isArray(data)
        ? {...(data as Record<string, unknown>), _schema_version: style === 'uri' ? entity.schema : key.version}
        : data
    const list = (out[column] as unknown[] | undefined) ?? (out[column] = [])
    ;(list as unknown[]).push(stamped)
  }
}

/**
 * The lossy JSON the analytics SDK writes (`Event.toJson(lossy = true)`), as Micro's
 * `--output-json` and `/micro/events` return it: atomic fields, each context as
 * `contexts_{vendor}_{name}_{model}` arrays with `_schema_version`, the event as
 * `unstruct_event_{vendor}_{name}_{model}`, and `geo_location` when latitude and longitude are set.
 */
export function toLossyObject(event: EnrichedEvent, options: LossyJsonOptions = {}): Record<string, unknown> {
  const style = options.schemaVersion ?? 'uri'
  const out: Record<string, unknown> = {}
  for (let i = 0; i < FIELD_COUNT; i++) {
    const spec = FIELDS[i]!
    const v = event[i]!
    if (spec.kind === 'contexts') {
      addContexts(out, v as SelfDescribing[] | null, style)
    } else if (spec.kind === 'unstruct') {
      if (v !== null) {
        const inner = v as SelfDescribing
        const key = shreddedSuffix(inner.schema)
        if (key) out[`unstruct_event_${key.suffix}`] = inner.data
      }
    } else {
      out[spec.name] = v === null ? null : JSON.parse(canonicalValueJson(spec.kind, v))
    }
  }
  const lat = event[F.geo_latitude]
  const lon = event[F.geo_longitude]
  if (lat !== null && lon !== null) out.geo_location = `${lat},${lon}`
  return out
}

export function toLossyJson(event: EnrichedEvent, options: LossyJsonOptions = {}): string {
  return stringifyExact(toLossyObject(event, options))
}
