import type {ClientError} from '../iglu/types.js'
import type {IgluClient} from '../iglu/types.js'
import type {IgluParseError} from './self-describing.js'
import type {Api, LoadedPayload, Params, RawEvent} from './raw-event.js'

/** Failure messages of adapter_failures 1-0-0 / tracker_protocol_violations 1-0-1 (snowplow-badrows). */
export type AdapterMessage =
  | {field: string; value: string | null; expectation: string} // InputData
  | {field: string; value: string | null; error: string} // NotJson
  | {json: unknown; error: IgluParseError} // NotIglu
  | {schemaKey: string; schemaCriterion: string} // CriterionMismatch
  | {schemaKey: string; error: ClientError} // IgluError
  | {actual: string | null; expectedMapping: Record<string, string>; expectation: string} // SchemaMapping

export type AdapterResult =
  | {ok: true; events: RawEvent[]}
  | {ok: false; badRowType: 'adapter_failures' | 'tracker_protocol_violations'; api: Api; messages: AdapterMessage[]}

export interface AdapterContext {
  /**
   * Validates what an adapter must (tp2's payload_data). null when replaying a stored payload
   * whose events were accepted at ingest: its validations are taken as passed (runAccepted).
   */
  iglu: IgluClient | null
}

export type Adapter = (payload: LoadedPayload, ctx: AdapterContext) => AdapterResult | Promise<AdapterResult>

export function rawEvent(payload: LoadedPayload, parameters: Params): RawEvent {
  return {
    api: payload.api,
    parameters,
    contentType: payload.contentType,
    source: payload.source,
    context: payload.context,
  }
}

export function failure(payload: LoadedPayload, messages: AdapterMessage[]): AdapterResult {
  const {vendor, version} = payload.api
  const trackerProtocol = version === 'tp2' && (vendor === 'com.snowplowanalytics.snowplow' || vendor === 'r')
  return {ok: false, badRowType: trackerProtocol ? 'tracker_protocol_violations' : 'adapter_failures', api: payload.api, messages}
}
