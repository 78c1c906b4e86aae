import type {AdapterMessage} from '../adapters/types.js'
import type {FormatViolationMessage} from '../adapters/loader.js'
import type {LoadedPayload, RawEvent} from '../adapters/raw-event.js'
import type {EnrichmentFailureMessage, SchemaViolationMessage} from '../enrich/failures.js'
import {buildBadRow, SP_PROCESSOR, type BadRow, type Processor} from './envelope.js'
import {formatIsoTimestamp} from '../event/timestamps.js'
import {collectorPayloadJson, rawEventJson, type CollectorPayloadJson, type EnrichmentPayloadJson} from './payloads.js'

/** Bad-row schema versions sp writes (the newest each failure type has in snowplow-badrows 2.3). */
export const BAD_ROW_VERSIONS = {
  collector_payload_format_violation: '1-0-0',
  adapter_failures: '1-0-0',
  tracker_protocol_violations: '1-0-1',
  schema_violations: '2-0-1',
  enrichment_failures: '2-0-1',
} as const

export type BadRowType = keyof typeof BAD_ROW_VERSIONS

/** Thrift bytes enrich could not load; the payload is the bytes in base64. */
export function collectorPayloadFormatViolation(
  message: FormatViolationMessage,
  thrift: Buffer,
  now: number,
  processor: Processor = SP_PROCESSOR,
): BadRow<{timestamp: string; loader: string; message: FormatViolationMessage}, string> {
  return buildBadRow(
    'collector_payload_format_violation',
    BAD_ROW_VERSIONS.collector_payload_format_violation,
    {timestamp: formatIsoTimestamp(now), loader: 'thrift', message},
    thrift.toString('base64'),
    processor,
  )
}

/** adapter_failures 1-0-0 or tracker_protocol_violations 1-0-1 (same shape). */
export function adapterBadRow(
  type: 'adapter_failures' | 'tracker_protocol_violations',
  payload: LoadedPayload,
  messages: AdapterMessage[],
  now: number,
  processor: Processor = SP_PROCESSOR,
): BadRow<{timestamp: string; vendor: string; version: string; messages: AdapterMessage[]}, CollectorPayloadJson> {
  return buildBadRow(
    type,
    BAD_ROW_VERSIONS[type],
    {timestamp: formatIsoTimestamp(now), vendor: payload.api.vendor, version: payload.api.version, messages},
    collectorPayloadJson(payload),
    processor,
  )
}

export function schemaViolationsBadRow(
  messages: SchemaViolationMessage[],
  enriched: Record<string, string | number | null>,
  raw: RawEvent,
  now: number,
  processor: Processor = SP_PROCESSOR,
): BadRow<{timestamp: string; messages: SchemaViolationMessage[]}, EnrichmentPayloadJson> {
  return buildBadRow(
    'schema_violations',
    BAD_ROW_VERSIONS.schema_violations,
    {timestamp: formatIsoTimestamp(now), messages},
    {enriched, raw: rawEventJson(raw)},
    processor,
  )
}

export function enrichmentFailuresBadRow(
  messages: EnrichmentFailureMessage[],
  enriched: Record<string, string | number | null>,
  raw: RawEvent,
  now: number,
  processor: Processor = SP_PROCESSOR,
): BadRow<{timestamp: string; messages: EnrichmentFailureMessage[]}, EnrichmentPayloadJson> {
  return buildBadRow(
    'enrichment_failures',
    BAD_ROW_VERSIONS.enrichment_failures,
    {timestamp: formatIsoTimestamp(now), messages},
    {enriched, raw: rawEventJson(raw)},
    processor,
  )
}
