import type {CollectorPayload} from '../thrift/collector-payload.js'
import type {ProcessedEvent} from '../store/types.js'
import {oversizedPayloadBadRow} from '../badrows/size-violation.js'
import {failedPayloadEvent} from '../pipeline/failed-payload-event.js'
import {parseApi} from '../adapters/loader.js'

/**
 * A payload above maxPayloadSize is kept as one bad event carrying Snowplow's size_violation bad
 * row, so the user sees why nothing was enriched. The first error is a sentence, as Micro's are.
 */
export function oversizedPayloadEvent(
  payload: CollectorPayload,
  actualSize: number,
  maxSize: number,
  now: number,
): ProcessedEvent {
  const badRow = JSON.stringify(oversizedPayloadBadRow(payload, actualSize, maxSize, now))
  const reason = `Payload too large: ${actualSize} bytes, the limit is ${maxSize} bytes (--max-payload-size).`
  return failedPayloadEvent(payload.timestamp, parseApi(payload.path ?? ''), null, [reason, badRow], badRow)
}
