import type {LoadedPayload, RawEvent} from '../adapters/raw-event.js'
import {formatIsoMillis} from '../event/timestamps.js'

/** snowplow-badrows `Payload.CollectorPayload` (adapter_failures, tracker_protocol_violations). */
export interface CollectorPayloadJson {
  vendor: string
  version: string
  querystring: {name: string; value: string | null}[]
  contentType: string | null
  body: string | null
  collector: string
  encoding: string
  hostname: string | null
  timestamp: string
  ipAddress: string | null
  useragent: string | null
  refererUri: string | null
  headers: string[]
  networkUserId: string | null
}

export function collectorPayloadJson(p: LoadedPayload): CollectorPayloadJson {
  return {
    vendor: p.api.vendor,
    version: p.api.version,
    querystring: p.querystring.map(({name, value}) => ({name, value})),
    contentType: p.contentType,
    body: p.body,
    collector: p.source.name,
    encoding: p.source.encoding,
    hostname: p.source.hostname,
    timestamp: formatIsoMillis(p.context.timestamp),
    ipAddress: p.context.ipAddress,
    useragent: p.context.useragent,
    refererUri: p.context.refererUri,
    headers: p.context.headers,
    networkUserId: p.context.userId,
  }
}

/** snowplow-badrows `Payload.RawEvent`, the `raw` half of an EnrichmentPayload. */
export interface RawEventJson {
  vendor: string
  version: string
  parameters: {name: string; value: string | null}[]
  contentType: string | null
  loaderName: string
  encoding: string
  hostname: string | null
  timestamp: string
  ipAddress: string | null
  useragent: string | null
  refererUri: string | null
  headers: string[]
  userId: string | null
}

export function rawEventJson(raw: RawEvent): RawEventJson {
  const parameters: {name: string; value: string | null}[] = []
  for (const name in raw.parameters) parameters.push({name, value: raw.parameters[name] ?? null})
  return {
    vendor: raw.api.vendor,
    version: raw.api.version,
    parameters,
    contentType: raw.contentType,
    loaderName: raw.source.name,
    encoding: raw.source.encoding,
    hostname: raw.source.hostname,
    timestamp: formatIsoMillis(raw.context.timestamp),
    ipAddress: raw.context.ipAddress,
    useragent: raw.context.useragent,
    refererUri: raw.context.refererUri,
    headers: raw.context.headers,
    userId: raw.context.userId,
  }
}

export interface EnrichmentPayloadJson {
  enriched: Record<string, string | number | null>
  raw: RawEventJson
}
