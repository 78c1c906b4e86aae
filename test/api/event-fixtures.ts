import {randomUUID} from 'node:crypto'
import {createEnrichedEvent, setField, toCanonicalJson, toTsv, type SelfDescribing} from '../../src/event/index.js'
import type {PayloadRecord, ProcessedEvent} from '../../src/store/types.js'

/**
 * Realistic stored events for API tests and the benchmark: canonical JSON and TSV from the real
 * event model, Micro-shaped raw events, collector payloads and bad-row errors.
 */
export const PAGE_VIEW = 'iglu:com.snowplowanalytics.snowplow/page_view/jsonschema/1-0-0'
export const PAGE_PING = 'iglu:com.snowplowanalytics.snowplow/page_ping/jsonschema/1-0-0'
export const LINK_CLICK = 'iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1'
export const WEB_PAGE = 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0'
export const MOBILE_CONTEXT = 'iglu:com.snowplowanalytics.snowplow/mobile_context/jsonschema/1-0-1'
export const TP2 = {vendor: 'com.snowplowanalytics.snowplow', version: 'tp2'}

const TYPE_CODES: Record<string, string> = {page_view: 'pv', page_ping: 'pp', struct: 'se', unstruct: 'ue', transaction: 'tr'}

export interface GoodOptions {
  status?: 'good' | 'incomplete'
  eventType?: 'page_view' | 'page_ping' | 'struct' | 'unstruct' | 'transaction'
  /** for unstruct events */
  unstruct?: SelfDescribing
  contexts?: SelfDescribing[]
  appId?: string | null
  platform?: string
  vTracker?: string
  eventId?: string
  collectorTstamp?: number
  pageUrl?: string
  userId?: string | null
}

function schemaParts(uri: string): [string, string, string, string] {
  const m = /^iglu:([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(uri)
  if (!m) throw new Error(`bad uri ${uri}`)
  return [m[1]!, m[2]!, m[3]!, m[4]!]
}

export function rawEventJson(parameters: Record<string, string>, tstamp: number): string {
  return JSON.stringify({
    api: TP2,
    parameters,
    contentType: 'application/json',
    source: {name: 'sp-micro', encoding: 'UTF-8', hostname: '127.0.0.1'},
    context: {
      timestamp: new Date(tstamp).toISOString(),
      ipAddress: '127.0.0.1',
      useragent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
      refererUri: null,
      headers: ['Host: 127.0.0.1:9090', 'Content-Type: application/json'],
      userId: '5f4f4b8c-2d1e-4c59-9c5e-7f1f1b2d3c4e',
    },
  })
}

export function collectorPayloadJson(tstamp: number, api: {vendor: string; version: string} = TP2): string {
  return JSON.stringify({
    api,
    querystring: [],
    contentType: 'application/json',
    body: '{"schema":"iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4","data":[{"e":"pv"}]}',
    source: {name: 'sp-micro', encoding: 'UTF-8', hostname: '127.0.0.1'},
    context: {timestamp: new Date(tstamp).toISOString(), ipAddress: '127.0.0.1', useragent: 'node', refererUri: null, headers: [], userId: null},
  })
}

export function goodEvent(options: GoodOptions = {}): ProcessedEvent {
  const eventType = options.eventType ?? 'page_view'
  const tstamp = options.collectorTstamp ?? Date.UTC(2025, 9, 29, 0, 0, 0)
  const eventId = options.eventId ?? randomUUID()
  const contexts = options.contexts ?? []
  const schema =
    eventType === 'unstruct' ? (options.unstruct ?? {schema: LINK_CLICK, data: {targetUrl: 'https://shop.example/'}}).schema
    : eventType === 'page_ping' ? PAGE_PING
    : eventType === 'struct' ? 'iglu:com.google.analytics/event/jsonschema/1-0-0'
    : eventType === 'transaction' ? 'iglu:com.snowplowanalytics.snowplow/transaction/jsonschema/1-0-0'
    : PAGE_VIEW
  const e = createEnrichedEvent()
  const appId = options.appId === undefined ? 'shop' : options.appId
  setField(e, 'app_id', appId)
  setField(e, 'platform', options.platform ?? 'web')
  setField(e, 'etl_tstamp', tstamp + 5)
  setField(e, 'collector_tstamp', tstamp)
  setField(e, 'dvce_created_tstamp', tstamp - 20)
  setField(e, 'event', eventType)
  setField(e, 'event_id', eventId)
  setField(e, 'name_tracker', 'sp')
  setField(e, 'v_tracker', options.vTracker ?? 'js-3.24.0')
  setField(e, 'v_collector', 'sp-micro-0.1.0')
  setField(e, 'v_etl', 'sp-enrich-0.1.0')
  setField(e, 'user_id', options.userId === undefined ? 'user-42' : options.userId)
  setField(e, 'user_ipaddress', '127.0.0.1')
  setField(e, 'domain_userid', 'd4c0ffee-0000-4000-8000-000000000001')
  setField(e, 'domain_sessionidx', 3)
  setField(e, 'network_userid', '0b1c2d3e-4f50-4617-8283-94a5b6c7d8e9')
  const url = options.pageUrl ?? 'https://shop.example/products/42?ref=home'
  setField(e, 'page_url', url)
  setField(e, 'page_title', 'Product 42 — Shop')
  setField(e, 'page_urlscheme', 'https')
  setField(e, 'page_urlhost', 'shop.example')
  setField(e, 'page_urlport', 443)
  setField(e, 'page_urlpath', '/products/42')
  setField(e, 'page_urlquery', 'ref=home')
  if (contexts.length > 0) setField(e, 'contexts', contexts)
  if (eventType === 'unstruct') setField(e, 'unstruct_event', options.unstruct ?? {schema: LINK_CLICK, data: {targetUrl: 'https://shop.example/'}})
  if (eventType === 'struct') {
    setField(e, 'se_category', 'shop')
    setField(e, 'se_action', 'add-to-basket')
    setField(e, 'se_value', '2.5')
  }
  if (eventType === 'page_ping') {
    setField(e, 'pp_xoffset_min', 0)
    setField(e, 'pp_yoffset_max', 1200)
  }
  setField(e, 'useragent', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36')
  setField(e, 'br_lang', 'en-GB')
  setField(e, 'br_cookies', 1)
  setField(e, 'br_viewwidth', 1280)
  setField(e, 'br_viewheight', 720)
  setField(e, 'os_timezone', 'Europe/London')
  setField(e, 'dvce_screenwidth', 1920)
  setField(e, 'dvce_screenheight', 1080)
  setField(e, 'doc_charset', 'UTF-8')
  setField(e, 'dvce_sent_tstamp', tstamp - 10)
  setField(e, 'domain_sessionid', '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d')
  setField(e, 'derived_tstamp', tstamp - 10)
  const [vendor, name, format, version] = schemaParts(schema)
  setField(e, 'event_vendor', vendor)
  setField(e, 'event_name', name)
  setField(e, 'event_format', format)
  setField(e, 'event_version', version)
  const status = options.status ?? 'good'
  const params: Record<string, string> = {e: TYPE_CODES[eventType]!, p: options.platform ?? 'web', tv: options.vTracker ?? 'js-3.24.0', eid: eventId, url}
  if (appId !== null) params.aid = appId
  const failure = status === 'incomplete'
  return {
    status,
    eventId,
    eventType,
    schema,
    contexts: contexts.map((c) => c.schema),
    appId,
    collectorTstamp: tstamp,
    api: TP2,
    rawEvent: rawEventJson(params, tstamp),
    event: toCanonicalJson(e),
    tsv: toTsv(e),
    collectorPayload: failure ? collectorPayloadJson(tstamp) : null,
    errors: failure
      ? [
          'Error while validating the event.',
          '{"schema":"iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/2-0-0","data":{"processor":{"artifact":"sp-micro","version":"0.1.0"},"failure":{"timestamp":"2025-10-29T00:00:00.000Z","messages":[{"schemaKey":"iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1","error":{"error":"ValidationError","dataReports":[{"message":"$.targetUrl: is missing but it is required","path":"$","keyword":"required","targets":["targetUrl"]}]}}]}}}',
        ]
      : [],
    badRow: failure ? '{"schema":"iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/2-0-0","data":{}}' : null,
  }
}

export interface BadOptions {
  api?: {vendor: string; version: string} | null
  errors?: string[]
  collectorTstamp?: number
}

/** A payload that failed before enrich: no enriched event, no raw event. */
export function badEvent(options: BadOptions = {}): ProcessedEvent {
  const tstamp = options.collectorTstamp ?? Date.UTC(2025, 9, 29, 0, 0, 0)
  const api = options.api === undefined ? TP2 : options.api
  return {
    status: 'bad',
    eventId: null,
    eventType: null,
    schema: null,
    contexts: [],
    appId: null,
    collectorTstamp: tstamp,
    api,
    rawEvent: null,
    event: null,
    tsv: null,
    collectorPayload: api === null ? null : collectorPayloadJson(tstamp, api),
    errors: options.errors ?? [
      'Error while extracting event(s) from collector payload and validating it/them.',
      '{"schema":"iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-0-0","data":{}}',
    ],
    badRow: '{"schema":"iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-0-0","data":{}}',
  }
}

export function payloadRecord(receivedAt = Date.UTC(2025, 9, 29)): PayloadRecord {
  return {receivedAt, ipAddress: '127.0.0.1', path: '/com.snowplowanalytics.snowplow/tp2', thrift: Buffer.from([0x0b, 0x00, 0x01, 0x00])}
}
