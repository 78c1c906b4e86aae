import {mapToParams, parsePairs, pairsToMap} from './querystring.js'
import type {LoadedPayload} from './raw-event.js'
import {parseJsonText, parseSelfDescribing} from './self-describing.js'
import {failure, rawEvent, type AdapterResult} from './types.js'
import {UNSTRUCT_EVENT_SCHEMA} from '../event/schemas.js'


/** Parameters the Iglu adapter keeps as atomic fields instead of event data. */
const ATOMIC_PARAMS = new Set(['nuid', 'aid', 'cv', 'eid', 'ttm', 'url'])

/**
 * `com.snowplowanalytics.iglu/v1` (enrich `IgluAdapter`): any self-describing event sent as
 * `GET ?schema=<uri>&k=v`, as a JSON or form POST with `schema` in the querystring, or as a POST
 * self-describing JSON body. Produces `e=ue`, `tv=com.snowplowanalytics.iglu-v1`, `p` (default app).
 */
export function igluAdapter(payload: LoadedPayload): AdapterResult {
  const qs = pairsToMap(payload.querystring)
  const schema = qs.get('schema')
  const {body, contentType} = payload
  const ct = contentType?.split(';')[0]!.trim().toLowerCase() ?? null

  let sdSchema: string
  let data: unknown
  if (body === null) {
    if (qs.size === 0) {
      return failure(payload, [{field: 'querystring', value: null, expectation: 'empty querystring: not a valid URI redirect'}])
    }
    if (schema === undefined || schema === '') {
      return failure(payload, [{field: 'schema', value: null, expectation: 'querystring does not contain schema parameter: not an iglu-compatible self-describing event'}])
    }
    sdSchema = schema
    data = paramsData(qs)
  } else if (ct === 'application/json' || ct === 'application/json-seq') {
    const parsed = parseJsonText(body)
    if (!parsed.ok) return failure(payload, [{field: 'body', value: body, error: parsed.error}])
    if (schema !== undefined && schema !== '') {
      sdSchema = schema
      data = parsed.json
    } else {
      const sdj = parseSelfDescribing(parsed.json)
      if (typeof sdj === 'string') return failure(payload, [{json: parsed.json, error: sdj}])
      sdSchema = sdj.uri
      data = sdj.data
    }
  } else if (ct === 'application/x-www-form-urlencoded') {
    if (schema === undefined || schema === '') {
      return failure(payload, [{field: 'schema', value: null, expectation: 'querystring does not contain schema parameter: not an iglu-compatible self-describing event'}])
    }
    sdSchema = schema
    data = paramsData(pairsToMap(parsePairs(body)))
  } else {
    return failure(payload, [
      {
        field: 'contentType',
        value: contentType,
        expectation: 'expected one of application/json, application/json; charset=utf-8, application/x-www-form-urlencoded',
      },
    ])
  }

  const params = new Map<string, string | null>()
  for (const [k, v] of qs) if (ATOMIC_PARAMS.has(k)) params.set(k, v)
  params.set('e', 'ue')
  params.set('tv', 'com.snowplowanalytics.iglu-v1')
  params.set('p', qs.get('p') || 'app')
  params.set('ue_pr', JSON.stringify({schema: UNSTRUCT_EVENT_SCHEMA, data: {schema: sdSchema, data}}))
  return {ok: true, events: [rawEvent(payload, mapToParams(params))]}
}

function paramsData(params: Map<string, string>): Record<string, string | null> {
  const data: Record<string, string | null> = {}
  for (const [k, v] of params) {
    if (k === 'schema' || k === 'p' || ATOMIC_PARAMS.has(k)) continue
    data[k] = v === '' ? null : v
  }
  return data
}
