import type {CollectorPayload} from '../thrift/collector-payload.js'
import {checkQuerystring, parsePairs} from './querystring.js'
import type {Api, LoadedPayload} from './raw-event.js'

/** A collector_payload_format_violation message (`{payloadField,value,expectation}` or `{error}`). */
export type FormatViolationMessage = {payloadField: string; value: string | null; expectation: string} | {error: string}

/** A failed load carries every problem found, in Enrich's order (one bad row each). */
export type LoadResult = {ok: true; payload: LoadedPayload} | {ok: false; messages: FormatViolationMessage[]}

const PAYLOAD_SCHEMA = /^iglu:com\.snowplowanalytics\.snowplow\/CollectorPayload\/thrift\/1-0-\d+$/
const PAYLOAD_CRITERION = 'iglu:com.snowplowanalytics.snowplow/CollectorPayload/thrift/1-0-*'
const VENDOR_VERSION = /^\/?([^/]+)\/([^/]+)\/?$/
const UUID = /^[0-9a-fA-F]{1,8}-[0-9a-fA-F]{1,4}-[0-9a-fA-F]{1,4}-[0-9a-fA-F]{1,4}-[0-9a-fA-F]{1,12}$/

export const TP1_API: Api = {vendor: 'com.snowplowanalytics.snowplow', version: 'tp1'}

/** enrich `CollectorPayload.parseApi`: `/vendor/version` or the legacy `/i` and `/ice.png`. */
export function parseApi(path: string): Api | null {
  const m = VENDOR_VERSION.exec(path)
  if (m) return {vendor: m[1]!, version: m[2]!}
  return path === '/i' || path.startsWith('/ice.png') || path.startsWith('/i?') ? TP1_API : null
}

// enrich `IpAddressExtractor`: an IPv4, or a run of up to 15 hex groups, dots and colons, optionally
// after `"` and `[`, then anything (a port, `]`, garbage), on the lower-cased header
const IP = String.raw`"?\[?(?:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})|((?:(?:\b[0-9a-f]{1,4}\b)|\.|:){1,15}))`
const X_FORWARDED_FOR = new RegExp(`^x-forwarded-for: ${IP}`)
const FORWARDED_FOR = new RegExp(`^forwarded: for=${IP}`)

/**
 * enrich `IpAddressExtractor`: the address at the start of the first `X-Forwarded-For` header that
 * has one (a port, brackets or trailing garbage cut off; `localhost` is none), else that of a
 * `Forwarded: for=` header, else the address the collector saw. As in Enrich, a `Forwarded`
 * address only counts while no other header follows it.
 */
export function extractIpAddress(headers: readonly string[], fallback: string): string {
  let forwarded: string | null = null
  for (const h of headers) {
    const first = h.charCodeAt(0) | 0x20
    // neither `x-forwarded-for` nor `forwarded`: spares lower-casing every header
    if (first !== 120 && first !== 102) {
      forwarded = null
      continue
    }
    const lower = h.toLowerCase()
    const x = X_FORWARDED_FOR.exec(lower)
    if (x) return x[1] ?? x[2]!
    const f = FORWARDED_FOR.exec(lower)
    forwarded = f ? (f[1] ?? f[2]!) : null
  }
  return forwarded ?? fallback
}

/**
 * enrich's ThriftLoader checks after decoding, all of them (querystring, path, network user id,
 * schema), so a payload with several problems gives each its message.
 */
export function loadCollectorPayload(p: CollectorPayload): LoadResult {
  const messages: FormatViolationMessage[] = []
  const qs = p.querystring ?? ''
  const qsProblem = qs === '' ? null : checkQuerystring(qs)
  if (qsProblem !== null) {
    messages.push({
      payloadField: 'querystring',
      value: qs,
      expectation: `could not extract name-value pairs from querystring with encoding ${p.encoding}: ${qsProblem}`,
    })
  }
  const api = p.path === undefined ? null : parseApi(p.path)
  if (p.path === undefined) {
    messages.push({payloadField: 'path', value: null, expectation: 'request does not contain a path'})
  } else if (!api) {
    messages.push({payloadField: 'path', value: p.path, expectation: 'path does not match (/)vendor/version(/) nor is a legacy /i(ce.png) request'})
  }
  const nuid = p.networkUserId ?? null
  if (nuid !== null && !UUID.test(nuid)) messages.push({payloadField: 'networkUserId', value: nuid, expectation: 'not valid UUID'})
  if (!PAYLOAD_SCHEMA.test(p.schema ?? '')) messages.push({error: `verifying record as ${PAYLOAD_CRITERION} failed: found ${p.schema ?? null}`})
  if (messages.length > 0 || api === null) return {ok: false, messages}
  const headers = p.headers ?? []
  return {
    ok: true,
    payload: {
      api,
      querystring: qs === '' ? [] : parsePairs(qs),
      contentType: p.contentType ?? null,
      body: p.body ?? null,
      source: {name: p.collector, encoding: p.encoding, hostname: p.hostname ?? null},
      context: {
        timestamp: p.timestamp,
        ipAddress: extractIpAddress(headers, p.ipAddress),
        useragent: p.userAgent ?? null,
        refererUri: p.refererUri ?? null,
        headers,
        userId: nuid === null ? null : nuid.toLowerCase(),
      },
    },
  }
}
