import {formatIsoMillis} from '../event/timestamps.js'
import {jsonString} from '../event/canonical-json.js'

export interface Api {
  vendor: string
  version: string
}

export interface NameValuePair {
  name: string
  value: string | null
}

/** Where the payload came from (enrich `CollectorPayload.Source`). */
export interface PayloadSource {
  /** the collector name, e.g. `ssc-sp-0.1.0-stdout` */
  name: string
  encoding: string
  hostname: string | null
}

/** Request facts (enrich `CollectorPayload.Context`). */
export interface PayloadContext {
  timestamp: number // epoch ms
  ipAddress: string | null
  useragent: string | null
  refererUri: string | null
  headers: string[]
  /** the network user id */
  userId: string | null
}

/** A CollectorPayload after loading: api parsed, querystring split into pairs. */
export interface LoadedPayload {
  api: Api
  querystring: NameValuePair[]
  contentType: string | null
  body: string | null
  source: PayloadSource
  context: PayloadContext
}

/**
 * Tracker-protocol parameters of one event, in insertion order. A plain object rather than a Map:
 * a tp2 body item is used as is, and the whole set serializes with one JSON.stringify.
 */
export type Params = Record<string, string | null>

/** One event extracted by an adapter, before enrichment (enrich `RawEvent`). */
export interface RawEvent {
  api: Api
  parameters: Params
  contentType: string | null
  source: PayloadSource
  context: PayloadContext
}

// Made once per payload, but a single-event request pays for them every time: jsonString is ~3x
// cheaper than JSON.stringify on the short strings here.
const text = (v: string | null): string => (v === null ? 'null' : jsonString(v))

function sourceJson(s: PayloadSource): string {
  return `{"name":${text(s.name)},"encoding":${text(s.encoding)},"hostname":${text(s.hostname)}}`
}

function contextJson(c: PayloadContext): string {
  return (
    `{"timestamp":"${formatIsoMillis(c.timestamp)}","ipAddress":${text(c.ipAddress)}` +
    `,"useragent":${text(c.useragent)},"refererUri":${text(c.refererUri)}` +
    `,"headers":${JSON.stringify(c.headers)},"userId":${text(c.userId)}}`
  )
}

function apiJson(a: Api): string {
  return `{"vendor":${text(a.vendor)},"version":${text(a.version)}}`
}

// Every event of a payload shares its api, source and context objects, and they are serialized one
// after the other: the parts around the parameters are made once per payload.
interface SerializedParts {
  context: PayloadContext
  api: Api
  source: PayloadSource
  contentType: string | null
  head: string
  tail: string
}
let lastParts: SerializedParts | null = null

function payloadParts(raw: RawEvent): SerializedParts {
  const last = lastParts
  if (last !== null && last.context === raw.context && last.api === raw.api && last.source === raw.source && last.contentType === raw.contentType) {
    return last
  }
  return (lastParts = {
    context: raw.context,
    api: raw.api,
    source: raw.source,
    contentType: raw.contentType,
    head: `{"api":${apiJson(raw.api)},"parameters":`,
    tail: `,"contentType":${text(raw.contentType)},"source":${sourceJson(raw.source)},"context":${contextJson(raw.context)}}`,
  })
}

/** Micro's RawEvent JSON: `{api, parameters:{k:v}, contentType, source, context}`. */
export function rawEventToMicroJson(raw: RawEvent): string {
  const parts = payloadParts(raw)
  return parts.head + JSON.stringify(raw.parameters) + parts.tail
}

/** Micro's BadEvent.collectorPayload: `{api, querystring:["k=v"], contentType, body, source, context}`. */
export function collectorPayloadToMicroJson(p: LoadedPayload): string {
  const qs = p.querystring.map((nv) => `${nv.name}=${nv.value}`)
  return (
    `{"api":${apiJson(p.api)},"querystring":${JSON.stringify(qs)},"contentType":${JSON.stringify(p.contentType)}` +
    `,"body":${JSON.stringify(p.body)},"source":${sourceJson(p.source)},"context":${contextJson(p.context)}}`
  )
}
