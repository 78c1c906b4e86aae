import {SP_VERSION} from '../version.js'

/** `data.processor` of every bad row sp writes. Snowplow Micro writes `snowplow-micro`; we are `sp`. */
export interface Processor {
  artifact: string
  version: string
}

export const SP_PROCESSOR: Processor = {artifact: 'sp', version: SP_VERSION}

export const BAD_ROW_VENDOR = 'com.snowplowanalytics.snowplow.badrows'

/** A Snowplow bad row: a self-describing JSON whose data is {processor, failure, payload}, in that order. */
export interface BadRow<Failure = unknown, Payload = unknown> {
  schema: string
  data: {processor: Processor; failure: Failure; payload: Payload}
}

export function badRowSchemaUri(name: string, version: string): string {
  return `iglu:${BAD_ROW_VENDOR}/${name}/jsonschema/${version}`
}

export function buildBadRow<Failure, Payload>(
  name: string,
  version: string,
  failure: Failure,
  payload: Payload,
  processor: Processor = SP_PROCESSOR,
): BadRow<Failure, Payload> {
  return {schema: badRowSchemaUri(name, version), data: {processor, failure, payload}}
}

