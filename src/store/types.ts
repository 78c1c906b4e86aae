import type {CollectorPayload} from '../thrift/collector-payload.js'

/**
 * good: enriched and valid. bad: failed before enrich (Thrift, adapter, tracker protocol, size),
 * so there is no enriched event. incomplete: failed in enrich (schema violation, enrichment
 * failure); Enrich 6 still emits the event with a failure entity, so the row has both a bad row
 * and an enriched event. Micro lists `bad` and `incomplete` in /micro/bad, `good` in /micro/good,
 * `good` and `incomplete` in /micro/events.
 */
export type EventStatus = 'good' | 'bad' | 'incomplete'

/** One request as the collector received it; the Thrift bytes are the raw record we keep. */
export interface PayloadRecord {
  receivedAt: number // epoch ms
  ipAddress: string
  path: string
  thrift: Buffer
}

/** What the pipeline makes of one event (or of a payload that yields no event at all). */
export interface ProcessedEvent {
  status: EventStatus
  eventId: string | null
  /** the enriched `event` field (page_view, unstruct, struct, ...) = Micro's GoodEvent.eventType */
  eventType: string | null
  /** iglu URI built from event_vendor/name/format/version = Micro's GoodEvent.schema */
  schema: string | null
  /** entity URIs from `contexts` (not derived_contexts), in order = Micro's GoodEvent.contexts */
  contexts: string[]
  appId: string | null
  collectorTstamp: number // epoch ms
  /** the payload's api, used by /micro/bad's vendor/version filters; null when unknown */
  api: {vendor: string; version: string} | null
  /** Pre-serialized JSON text of the pieces Micro returns, null where absent. */
  rawEvent: string | null // Micro RawEvent
  /**
   * Where this event's raw event sits among the raw events its payload's adapter made. When set,
   * the store keeps this number instead of the rawEvent text and rebuilds the text on read by
   * replaying the adapter on the stored payload (src/adapters/replay.ts); the enrich pipeline
   * sets it on every event an adapter made, and makes `rawEvent` on first read (an accessor).
   */
  rawPosition?: number
  /**
   * canonical SDK JSON (good, incomplete). The enrich pipeline makes it on first read from `tsv`
   * (an accessor): the store keeps the TSV line alone and derives the JSON when queried.
   */
  event: string | null
  tsv: string | null // 131-column enriched TSV (good, incomplete)
  /**
   * Set by a producer that has checked the line: true when `tsv` splits into the 131 columns, so it
   * reads back as exactly `event` (the store then keeps the line alone without checking it again).
   */
  eventFromTsv?: boolean
  collectorPayload: string | null // Micro BadEvent.collectorPayload (bad, incomplete)
  errors: string[] // Micro BadEvent.errors (bad, incomplete); [] for good
  badRow: string | null // Snowplow bad-row self-describing JSON (bad, incomplete)
}

/** A committed event as subscribers see it. */
export interface CommittedEvent extends ProcessedEvent {
  id: number // the row id: monotonically increasing, usable as a stream cursor
  payloadId: number
}

export type {CollectorPayload}
