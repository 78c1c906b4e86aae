import {checkQuerystring, mapToParams, parsePairs} from './querystring.js'
import type {LoadedPayload, RawEvent} from './raw-event.js'
import {parseIgluUri, parseSelfDescribing} from './self-describing.js'
import {parseJsonText} from './json-text.js'
import {scalaMapEntries} from './scala-map.js'
import {failure, rawEvent, type AdapterResult} from './types.js'
import {UNSTRUCT_EVENT_SCHEMA} from '../event/schemas.js'
import {stringifyExact} from '../event/exact-json.js'

const TRACKER_VERSION = 'com.snowplowanalytics.iglu-v1'
/** Querystring parameters kept as atomic fields (enrich `Adapter.AcceptedQueryParameters`). */
const ATOMIC_PARAMS = new Set(['nuid', 'aid', 'cv', 'eid', 'ttm', 'url'])
/** Left out of a GET event's data (the formatter drops these; eid, ttm and url stay in both). */
const NOT_DATA = new Set(['schema', 'nuid', 'aid', 'cv', 'p'])
const JSON_TYPES = ['application/json', 'application/json; charset=utf-8']
const FORM_TYPE = 'application/x-www-form-urlencoded'
const ALL_TYPES = `expected one of ${[...JSON_TYPES, FORM_TYPE].join(', ')}`
const JSON_ONLY = `expected one of ${JSON_TYPES.join(', ')}`

type Params = [string, string | null][]

/**
 * `com.snowplowanalytics.iglu/v1` (enrich `IgluAdapter`): any self-describing event, sent as
 * `GET ?schema=<uri>&k=v`, as a JSON (object or array of objects) or form POST with `schema` in the
 * querystring, or as a POST self-describing JSON body. Produces `e=ue`,
 * `tv=com.snowplowanalytics.iglu-v1`, `p` (default `app`, `srv` for forms) and `ue_pr`; content
 * types are matched exactly, as Enrich does.
 */
export function igluAdapter(payload: LoadedPayload): AdapterResult {
  const params: Params = scalaMapEntries(payload.querystring.map((p) => [p.name, p.value] as const))
  const schema = params.find(([k]) => k === 'schema')?.[1] ?? null
  const {body, contentType} = payload
  if (body !== null && contentType === null) return failure(payload, [{field: 'contentType', value: null, expectation: ALL_TYPES}])
  if (schema === null && body !== null) return selfDescribingBody(payload, body, contentType!, params)
  if (schema !== null) return withSchema(payload, schema, params)
  return failure(payload, [
    {field: 'schema', value: null, expectation: 'empty `schema` field'},
    {field: 'body', value: null, expectation: 'empty body'},
  ])
}

function selfDescribingBody(payload: LoadedPayload, body: string, contentType: string, params: Params): AdapterResult {
  if (!JSON_TYPES.includes(contentType)) return failure(payload, [{field: 'contentType', value: contentType, expectation: JSON_ONLY}])
  const parsed = parseJsonText(body)
  if (!parsed.ok) return failure(payload, [{field: 'body', value: body, error: parsed.error}])
  const sdj = parseSelfDescribing(parsed.json)
  if (typeof sdj === 'string') return failure(payload, [{json: parsed.exact, error: sdj}])
  const data = parsed.exact === parsed.json ? sdj.data : (parsed.exact as {data: unknown}).data
  return {ok: true, events: [event(payload, params, sdj.uri, data, 'app')]}
}

function withSchema(payload: LoadedPayload, schema: string, params: Params): AdapterResult {
  const key = parseIgluUri(schema)
  if (typeof key === 'string') return failure(payload, [{field: 'schema', value: schema, expectation: key}])
  const {body, contentType} = payload
  if (body === null) {
    const data: Record<string, string | null> = {}
    for (const [k, v] of params) if (!NOT_DATA.has(k)) data[k] = v === '' ? null : v
    return {ok: true, events: [event(payload, params, schema, data, 'app')]}
  }
  if (contentType === null) return failure(payload, [{field: 'contentType', value: null, expectation: ALL_TYPES}])
  if (JSON_TYPES.includes(contentType)) return jsonBody(payload, body, schema, params)
  if (contentType === FORM_TYPE) return formBody(payload, body, schema, params)
  return failure(payload, [{field: 'contentType', value: contentType, expectation: ALL_TYPES}])
}

/** A JSON object is one event, an array one event per element. */
function jsonBody(payload: LoadedPayload, body: string, schema: string, params: Params): AdapterResult {
  const parsed = parseJsonText(body)
  if (!parsed.ok) return failure(payload, [{field: 'body', value: body, error: parsed.error}])
  const json = parsed.exact
  if (Array.isArray(json)) {
    if (json.length === 0) return failure(payload, [{field: 'body', value: body, expectation: 'empty array of events'}])
    return {ok: true, events: json.map((item) => event(payload, params, schema, item, 'app'))}
  }
  if (typeof json !== 'object' || json === null || Object.keys(json).length === 0) {
    return failure(payload, [{field: 'body', value: body, expectation: 'has no key-value pairs'}])
  }
  return {ok: true, events: [event(payload, params, schema, json, 'app')]}
}

/** Form fields become the event's data as they are: `a=` stays `""`, a bare `a` is null. */
function formBody(payload: LoadedPayload, body: string, schema: string, params: Params): AdapterResult {
  const problem = checkQuerystring(body)
  if (problem !== null) return failure(payload, [{field: 'body', value: body, expectation: problem}])
  const data: Record<string, string | null> = {}
  for (const [k, v] of scalaMapEntries(parsePairs(body).map((p) => [p.name, p.value] as const))) data[k] = v
  return {ok: true, events: [event(payload, params, schema, data, 'srv')]}
}

/** enrich `Adapter.buildUnstructEventParams`: tv, e, p, ue_pr, then the atomic querystring parameters. */
function event(payload: LoadedPayload, params: Params, schema: string, data: unknown, platform: string): RawEvent {
  const out = new Map<string, string | null>([
    ['tv', TRACKER_VERSION],
    ['e', 'ue'],
  ])
  const p = params.find(([k]) => k === 'p')
  out.set('p', p === undefined ? platform : p[1])
  out.set('ue_pr', stringifyExact({schema: UNSTRUCT_EVENT_SCHEMA, data: {schema, data}}))
  for (const [k, v] of params) if (ATOMIC_PARAMS.has(k)) out.set(k, v)
  return rawEvent(payload, mapToParams(out))
}
