import {pairsToParams} from './querystring.js'
import type {LoadedPayload, RawEvent} from './raw-event.js'
import {criterionUri, matchesCriterion, parseSelfDescribing, type SimpleCriterion} from './self-describing.js'
import {parseJsonText} from './json-text.js'
import {failure, rawEvent, type AdapterContext, type AdapterResult} from './types.js'
import {runAccepted, runValidating, type Validating} from '../iglu/validating.js'

const CONTENT_TYPES = new Set(['application/json', 'application/json; charset=utf-8', 'application/json; charset=UTF-8'])
const CONTENT_TYPE_EXPECTATION = 'expected one of application/json, application/json; charset=utf-8, application/json; charset=UTF-8'
const PAYLOAD_DATA: SimpleCriterion = {vendor: 'com.snowplowanalytics.snowplow', name: 'payload_data', format: 'jsonschema', model: 1, revision: 0}

/**
 * Tracker protocol 2 (enrich `Tp2Adapter`): GET querystring, or a POST `payload_data` body whose
 * items each become an event merged with the querystring parameters (the querystring wins).
 */
export function tp2Adapter(payload: LoadedPayload, ctx: AdapterContext): AdapterResult | Promise<AdapterResult> {
  return ctx.iglu === null ? runAccepted(tp2Steps(payload)) : runValidating(tp2Steps(payload), ctx.iglu)
}

function* tp2Steps(payload: LoadedPayload): Validating<AdapterResult> {
  const qs = pairsToParams(payload.querystring)
  const qsEmpty = Object.keys(qs).length === 0
  const {body, contentType} = payload
  if (qsEmpty && body === null) {
    return failure(payload, [
      {field: 'body', value: null, expectation: 'empty body: not a valid tracker protocol event'},
      {field: 'querystring', value: null, expectation: 'empty querystring: not a valid tracker protocol event'},
    ])
  }
  if (contentType !== null && !CONTENT_TYPES.has(contentType)) {
    return failure(payload, [{field: 'contentType', value: contentType, expectation: CONTENT_TYPE_EXPECTATION}])
  }
  if (body === null) {
    if (contentType !== null) {
      return failure(payload, [{field: 'body', value: null, expectation: 'empty body: not a valid track protocol event'}])
    }
    return {ok: true, events: [rawEvent(payload, qs)]}
  }
  if (contentType === null) {
    return failure(payload, [{field: 'contentType', value: null, expectation: CONTENT_TYPE_EXPECTATION}])
  }

  const parsed = parseJsonText(body)
  if (!parsed.ok) return failure(payload, [{field: 'body', value: body, error: parsed.error}])
  const sdj = parseSelfDescribing(parsed.json)
  if (typeof sdj === 'string') return failure(payload, [{json: parsed.exact, error: sdj}])
  const report = yield {key: sdj.key, data: sdj.data}
  if (!report.ok) return failure(payload, [{schemaKey: sdj.uri, error: report.error}])
  if (!matchesCriterion(PAYLOAD_DATA, sdj.key)) {
    return failure(payload, [{schemaKey: sdj.uri, schemaCriterion: criterionUri(PAYLOAD_DATA)}])
  }

  // payload_data validation guarantees objects of strings: each item is the event's parameters.
  const items = sdj.data as Record<string, string>[]
  const events: RawEvent[] = new Array(items.length)
  for (let i = 0; i < items.length; i++) events[i] = rawEvent(payload, qsEmpty ? items[i]! : Object.assign({}, items[i]!, qs))
  return {ok: true, events}
}
