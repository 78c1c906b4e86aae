import {decodeBase64Lenient, encodeBase64UrlSafe} from './base64.js'
import {mapToParams, pairsToMap} from './querystring.js'
import type {LoadedPayload} from './raw-event.js'
import {failure, rawEvent, type AdapterResult} from './types.js'
import {CONTEXTS_SCHEMA_1_0_1, UNSTRUCT_EVENT_SCHEMA} from '../event/schemas.js'

const URI_REDIRECT = 'iglu:com.snowplowanalytics.snowplow/uri_redirect/jsonschema/1-0-0'

/**
 * `/r/tp2?u=...` (enrich `RedirectAdapter`): `u` becomes a uri_redirect unstructured event, or an
 * entity prepended to the event's contexts when the request already names an event type.
 */
export function redirectAdapter(payload: LoadedPayload): AdapterResult {
  const qs = pairsToMap(payload.querystring)
  if (qs.size === 0) {
    return failure(payload, [{field: 'querystring', value: null, expectation: 'empty querystring: not a valid URI redirect'}])
  }
  const u = qs.get('u')
  if (u === undefined) {
    const original = payload.querystring.map((p) => (p.value === null ? p.name : `${p.name}=${p.value}`)).join('&')
    return failure(payload, [{field: 'querystring', value: original, expectation: 'missing `u` parameter: not a valid URI redirect'}])
  }
  const params = new Map<string, string | null>(qs)
  params.delete('u')
  params.set('tv', 'r-tp2')
  if (!params.has('p')) params.set('p', 'web')
  const entity = {schema: URI_REDIRECT, data: {uri: u}}
  if (!params.has('e')) {
    params.set('e', 'ue')
    params.set('ue_pr', JSON.stringify({schema: UNSTRUCT_EVENT_SCHEMA, data: entity}))
  } else if (params.has('cx')) {
    const merged = prepend(decodeBase64Lenient(params.get('cx')!), entity)
    if (merged !== null) params.set('cx', encodeBase64UrlSafe(merged))
  } else if (params.has('co')) {
    const merged = prepend(params.get('co')!, entity)
    if (merged !== null) params.set('co', merged)
  } else {
    params.set('co', JSON.stringify({schema: CONTEXTS_SCHEMA_1_0_1, data: [entity]}))
  }
  return {ok: true, events: [rawEvent(payload, mapToParams(params))]}
}

function prepend(contexts: string, entity: unknown): string | null {
  try {
    const json = JSON.parse(contexts) as {data?: unknown}
    if (!Array.isArray(json.data)) return null
    json.data.unshift(entity)
    return JSON.stringify(json)
  } catch {
    return null
  }
}
