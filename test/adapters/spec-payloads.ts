import type {Api, LoadedPayload, NameValuePair} from '../../src/adapters/raw-event.js'

/** Enrich specs' `Shared.source` / `Shared.context` (2013-08-29T00:18:48Z from 37.157.33.123). */
export const SPEC_SOURCE = {name: 'clj-tomcat', encoding: 'UTF-8', hostname: null}
export const SPEC_CONTEXT = {
  timestamp: Date.parse('2013-08-29T00:18:48.000Z'),
  ipAddress: '37.157.33.123',
  useragent: null,
  refererUri: null,
  headers: [],
  userId: null,
}

/** `SpecHelpers.toNameValuePairs`: a null value is a parameter without `=`. */
export function pairs(...entries: [string, string | null][]): NameValuePair[] {
  return entries.map(([name, value]) => ({name, value}))
}

export function specPayload(api: Api, querystring: NameValuePair[], contentType: string | null = null, body: string | null = null, source = SPEC_SOURCE): LoadedPayload {
  return {api, querystring, contentType, body, source, context: SPEC_CONTEXT}
}

/** `SpecHelpers.toSelfDescJson`: a Snowplow self-describing wrapper around raw JSON text. */
export function toSelfDescJson(json: string, name: string): string {
  return `{"schema":"iglu:com.snowplowanalytics.snowplow/${name}/jsonschema/1-0-0","data":${json}}`
}

/** Raw-event parameters as a plain object (Enrich compares them as a Map: order does not count). */
export function paramsOf(params: Record<string, string | null>): Record<string, string | null> {
  return {...params}
}
