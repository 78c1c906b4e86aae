import type {CollectorPayload} from '../thrift/collector-payload.js'
import {collectorPayloadToJavaString} from '../thrift/to-string.js'
import {buildBadRow, type BadRow, type Processor, SP_PROCESSOR} from './envelope.js'
import {formatIsoTimestamp} from '../event/timestamps.js'

export interface SizeViolationFailure {
  timestamp: string
  maximumAllowedSizeBytes: number
  actualSizeBytes: number
  expectation: string
}

export type SizeViolationBadRow = BadRow<SizeViolationFailure, string>

export const SIZE_VIOLATION_SCHEMA = 'iglu:com.snowplowanalytics.snowplow.badrows/size_violation/jsonschema/1-0-0'

/**
 * The collector's bad row for a payload above maxPayloadSize, as Snowplow's SplitBatch writes it:
 * the sizes are those of the serialized Thrift record, and the payload is the Java `toString()` of
 * the CollectorPayload cut to a tenth of the limit.
 */
export function oversizedPayloadBadRow(
  payload: CollectorPayload,
  actualSizeBytes: number,
  maximumAllowedSizeBytes: number,
  now: number,
  processor: Processor = SP_PROCESSOR,
): SizeViolationBadRow {
  return buildBadRow(
    'size_violation',
    '1-0-0',
    {
      timestamp: formatIsoTimestamp(now),
      maximumAllowedSizeBytes,
      actualSizeBytes,
      expectation: `oversized collector payload: Payload exceeds max size of ${maximumAllowedSizeBytes}. Actual length: ${actualSizeBytes}`,
    },
    collectorPayloadToJavaString(payload).slice(0, Math.floor(maximumAllowedSizeBytes / 10)),
    processor,
  )
}
