import {formatIsoMillis} from '../event/timestamps.js'

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

function sourceJson(s: PayloadSource): string {
  return `{"name":${JSON.stringify(s.name)},"encoding":${JSON.stringify(s.encoding)},"hostname":${JSON.stringify(s.hostname)}}`
}

function contextJson(c: PayloadContext): string {
  return (
    `{"timestamp":"${formatIsoMillis(c.timestamp)}","ipAddress":${JSON.stringify(c.ipAddress)}` +
    `,"useragent":${JSON.stringify(c.useragent)},"refererUri":${JSON.stringify(c.refererUri)}` +
    `,"headers":${JSON.stringify(c.headers)},"userId":${JSON.stringify(c.userId)}}`
  )
}

function apiJson(a: Api): string {
  return `{"vendor":${JSON.stringify(a.vendor)},"version":${JSON.stringify(a.version)}}`
}

// Every event of a payload shares its source and context objects: serialize them once.
const tailCache = new WeakMap<PayloadContext, string>()

/** Micro's RawEvent JSON: `{api, parameters:{k:v}, contentType, source, context}`. */
export function rawEventToMicroJson(raw: RawEvent): string {
  let tail = tailCache.get(raw.context)
  if (tail === undefined) {
    tail = `,"contentType":${JSON.stringify(raw.contentType)},"source":${sourceJson(raw.source)},"context":${contextJson(raw.context)}}`
    tailCache.set(raw.context, tail)
  }
  return `{"api":${apiJson(raw.api)},"parameters":${JSON.stringify(raw.parameters)}` + tail
}

/** Micro's BadEvent.collectorPayload: `{api, querystring:["k=v"], contentType, body, source, context}`. */
export function collectorPayloadToMicroJson(p: LoadedPayload): string {
  const qs = p.querystring.map((nv) => `${nv.name}=${nv.value}`)
  return (
    `{"api":${apiJson(p.api)},"querystring":${JSON.stringify(qs)},"contentType":${JSON.stringify(p.contentType)}` +
    `,"body":${JSON.stringify(p.body)},"source":${sourceJson(p.source)},"context":${contextJson(p.context)}}`
  )
}
