import type {CollectorPayload} from '../thrift/collector-payload.js'
import type {ProcessedEvent} from '../store/types.js'
import {oversizedPayloadBadRow} from '../badrows/size-violation.js'
import {failedPayloadEvent} from '../pipeline/failed-payload-event.js'

/** `/vendor/version` → its api; `/i` and `/ice.png` are tp1, as enrich reads them. */
export function apiOfPath(path: string): {vendor: string; version: string} | null {
  if (path === '/i' || path === '/ice.png') return {vendor: 'com.snowplowanalytics.snowplow', version: 'tp1'}
  const match = /^\/([^/]+)\/([^/]+)\/?$/.exec(path)
  return match ? {vendor: match[1], version: match[2]} : null
}

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
  return failedPayloadEvent(payload.timestamp, apiOfPath(payload.path ?? ''), null, [reason, badRow], badRow)
}
