import {pairsToParams} from './querystring.js'
import type {LoadedPayload} from './raw-event.js'
import {failure, rawEvent, type AdapterResult} from './types.js'

/** `GET /i`: one event from the querystring, no key checks (enrich `SnowplowAdapter.Tp1`). */
export function tp1Adapter(payload: LoadedPayload): AdapterResult {
  const params = pairsToParams(payload.querystring)
  if (Object.keys(params).length === 0) {
    return failure(payload, [{field: 'querystring', value: null, expectation: 'empty querystring: not a valid URI redirect'}])
  }
  return {ok: true, events: [rawEvent(payload, params)]}
}
