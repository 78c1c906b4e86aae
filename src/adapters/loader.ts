import type {CollectorPayload} from '../thrift/collector-payload.js'
import {checkQuerystring, parsePairs} from './querystring.js'
import type {Api, LoadedPayload} from './raw-event.js'

/** A collector_payload_format_violation message (`{payloadField,value,expectation}` or `{error}`). */
export type FormatViolationMessage = {payloadField: string; value: string | null; expectation: string} | {error: string}

export type LoadResult = {ok: true; payload: LoadedPayload} | {ok: false; message: FormatViolationMessage}

const PAYLOAD_SCHEMA = /^iglu:com\.snowplowanalytics\.snowplow\/CollectorPayload\/thrift\/1-0-\d+$/
const PAYLOAD_CRITERION = 'iglu:com.snowplowanalytics.snowplow/CollectorPayload/thrift/1-0-*'
const VENDOR_VERSION = /^\/?([^/]+)\/([^/]+)\/?$/
const UUID = /^[0-9a-fA-F]{1,8}-[0-9a-fA-F]{1,4}-[0-9a-fA-F]{1,4}-[0-9a-fA-F]{1,4}-[0-9a-fA-F]{1,12}$/

export const TP1_API: Api = {vendor: 'com.snowplowanalytics.snowplow', version: 'tp1'}

/** enrich `CollectorPayload.parseApi`: `/vendor/version` or the legacy `/i` and `/ice.png`. */
export function parseApi(path: string): Api | null {
  if (path === '/i' || path === '/ice.png' || path === 'i' || path === 'ice.png') return TP1_API
  const m = VENDOR_VERSION.exec(path)
  return m ? {vendor: m[1]!, version: m[2]!} : null
}

/**
 * enrich `IpAddressExtractor`: the first X-Forwarded-For address, else `Forwarded: for=`, else the
 * address the collector saw.
 */
export function extractIpAddress(headers: readonly string[], fallback: string): string {
  let forwarded: string | null = null
  for (const h of headers) {
    const colon = h.indexOf(':')
    // shorter than `forwarded`: not one of ours (spares a trim and lower-casing per header)
    if (colon < 9) continue
    const name = h.slice(0, colon).trim().toLowerCase()
    if (name === 'x-forwarded-for') {
      const first = h.slice(colon + 1).split(',')[0]!.trim()
      if (first) return first
    } else if (name === 'forwarded' && forwarded === null) {
      const m = /for=(?:"?\[?)([^\]",;\s]+)/i.exec(h.slice(colon + 1))
      if (m) forwarded = m[1]!
    }
  }
  return forwarded ?? fallback
}

/** enrich's ThriftLoader checks after decoding: schema, path, querystring, network user id. */
export function loadCollectorPayload(p: CollectorPayload): LoadResult {
  if (!PAYLOAD_SCHEMA.test(p.schema ?? '')) {
    return {ok: false, message: {error: `verifying record as ${PAYLOAD_CRITERION} failed: found ${p.schema}`}}
  }
  const api = p.path === undefined ? null : parseApi(p.path)
  if (!api) {
    return {
      ok: false,
      message: {
        payloadField: 'path',
        value: p.path ?? null,
        expectation: 'path does not match (/)vendor/version(/) nor is a legacy /i(ce.png) request',
      },
    }
  }
  const qs = p.querystring ?? ''
  const qsProblem = qs === '' ? null : checkQuerystring(qs)
  if (qsProblem !== null) {
    return {
      ok: false,
      message: {
        payloadField: 'querystring',
        value: qs,
        expectation: `could not extract name-value pairs from querystring with encoding ${p.encoding}: ${qsProblem}`,
      },
    }
  }
  const nuid = p.networkUserId ?? null
  if (nuid !== null && !UUID.test(nuid)) {
    return {ok: false, message: {payloadField: 'networkUserId', value: nuid, expectation: 'not valid UUID'}}
  }
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
