import {decodeBase64Lenient, encodeBase64Mime} from './base64.js'
import {mapToParams} from './querystring.js'
import type {LoadedPayload} from './raw-event.js'
import {parseJsonText} from './json-text.js'
import {scalaMapEntries} from './scala-map.js'
import {failure, rawEvent, type AdapterResult} from './types.js'
import {CONTEXTS_SCHEMA_1_0_1, UNSTRUCT_EVENT_SCHEMA} from '../event/schemas.js'
import {stringifyExact} from '../event/exact-json.js'

const URI_REDIRECT = 'iglu:com.snowplowanalytics.snowplow/uri_redirect/jsonschema/1-0-0'

/**
 * `/r/tp2?u=...` (enrich `RedirectAdapter`): `u` becomes a uri_redirect unstructured event, or an
 * entity prepended to the event's contexts when the request already names an event type. Contexts
 * that cannot take the entity (not JSON) fail here, as tracker-protocol violations.
 */
export function redirectAdapter(payload: LoadedPayload): AdapterResult {
  // a bare `name` (no `=`) is kept with no value, as Enrich's toMap does
  const params = new Map<string, string | null>(scalaMapEntries(payload.querystring.map((p) => [p.name, p.value] as const)))
  if (params.size === 0) {
    return failure(payload, [{field: 'querystring', value: null, expectation: 'empty querystring: not a valid URI redirect'}])
  }
  const u = params.get('u')
  if (u === undefined || u === null) {
    const original = [...params].map(([k, v]) => `${k}=${v ?? 'null'}`).join('&')
    return failure(payload, [{field: 'querystring', value: original, expectation: 'missing `u` parameter: not a valid URI redirect'}])
  }
  const entity = {schema: URI_REDIRECT, data: {uri: u}}
  const out = new Map(params)
  out.delete('u')
  if (!params.has('e')) {
    out.set('e', 'ue')
    out.set('ue_pr', JSON.stringify({schema: UNSTRUCT_EVENT_SCHEMA, data: entity}))
  } else {
    const cx = params.get('cx')
    const co = params.get('co')
    if (typeof cx === 'string') {
      const merged = prepend(decodeBase64Lenient(cx), entity)
      if (!merged.ok) return failure(payload, [{field: 'co|cx', value: merged.text, error: merged.error}])
      out.set('cx', encodeBase64Mime(merged.text))
    } else if (typeof co === 'string' && co !== '') {
      const merged = prepend(co, entity)
      if (!merged.ok) return failure(payload, [{field: 'co|cx', value: co, error: merged.error}])
      out.set('co', merged.text)
    } else {
      out.set('co', JSON.stringify({schema: CONTEXTS_SCHEMA_1_0_1, data: [entity]}))
    }
  }
  out.set('tv', 'r-tp2')
  out.set('p', params.has('p') ? params.get('p')! : 'web')
  return {ok: true, events: [rawEvent(payload, mapToParams(out))]}
}

/** The entity put first in the contexts' `data` array; JSON without such an array is left as it is. */
function prepend(contexts: string, entity: unknown): {ok: true; text: string} | {ok: false; text: string; error: string} {
  const parsed = parseJsonText(contexts)
  if (!parsed.ok) return {ok: false, text: contexts, error: parsed.error}
  const json = parsed.exact as {data?: unknown}
  if (typeof json === 'object' && json !== null && Array.isArray(json.data)) json.data.unshift(entity)
  return {ok: true, text: stringifyExact(json)}
}
