import type {ProcessedEvent} from '../store/types.js'

/**
 * A payload that yields no enriched event (unreadable Thrift, adapter or tracker-protocol failure,
 * size violation): one `bad` row carrying the bad row and Micro's BadEvent errors.
 */
export function failedPayloadEvent(
  collectorTstamp: number,
  api: {vendor: string; version: string} | null,
  collectorPayload: string | null,
  errors: string[],
  badRow: string,
): ProcessedEvent {
  return {
    status: 'bad',
    eventId: null,
    eventType: null,
    schema: null,
    contexts: [],
    appId: null,
    collectorTstamp,
    api,
    rawEvent: null,
    event: null,
    tsv: null,
    collectorPayload,
    errors,
    badRow,
  }
}
