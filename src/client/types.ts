/**
 * What a running `sp micro` answers, typed: Snowplow Micro's GoodEvent / BadEvent shapes plus sp's
 * own wait, stream and lookup routes (docs: the Micro API section of the README).
 */

export type EventStatus = 'good' | 'bad' | 'incomplete'

/** The common event filter of sp's Micro API; every field optional, AND-combined. */
export interface EventFilter {
  /** `failed` = bad + incomplete; a comma-separated list is the union (`good,bad`) */
  status?: EventStatus | 'failed' | `${EventStatus},${EventStatus}`
  /** enriched name (`page_view`, `unstruct`) or tracker code (`pv`, `ue`, `se`) */
  event_type?: string
  /** Iglu URI with or without `iglu:`; `*` allowed in version parts (`1-*-*`) */
  schema?: string
  /** context URIs that must all be attached (same URI rules as `schema`) */
  contexts?: string[]
  app_id?: string
  event_id?: string
  /** case-insensitive free text over the enriched event's values and the error messages */
  q?: string
  /** ISO-8601 or epoch ms, on collector_tstamp */
  since?: string | number
  /** the N newest */
  limit?: number
}

/** Snowplow's RawEvent as Micro renders it. */
export interface RawEvent {
  api: {vendor: string; version: string}
  parameters: Record<string, string | null>
  contentType: string | null
  source: {name: string; encoding: string; hostname: string | null}
  context: {
    timestamp: string | null
    ipAddress: string | null
    useragent: string | null
    refererUri: string | null
    headers: string[]
    userId: string | null
  }
}

export interface SelfDescribingJson<T = unknown> {
  schema: string
  data: T
}

/** The canonical enriched event (analytics SDK JSON): ~131 fields, null when unset. */
export interface CanonicalEvent {
  app_id: string | null
  platform: string | null
  collector_tstamp: string
  event: string | null
  event_id: string
  event_vendor: string | null
  event_name: string | null
  event_format: string | null
  event_version: string | null
  contexts: SelfDescribingJson<SelfDescribingJson[]> | Record<string, never>
  unstruct_event: SelfDescribingJson<SelfDescribingJson> | null
  derived_contexts: SelfDescribingJson<SelfDescribingJson[]> | Record<string, never>
  [field: string]: unknown
}

/** Micro's GoodEvent, field order `rawEvent, eventType, schema, contexts, event, incomplete`. */
export interface GoodEvent {
  rawEvent: RawEvent | null
  eventType: string | null
  schema: string | null
  contexts: string[]
  event: CanonicalEvent
  incomplete: boolean
}

/** Micro's collectorPayload inside a BadEvent. */
export interface MicroCollectorPayload {
  api: {vendor: string; version: string}
  querystring: string[]
  contentType: string | null
  body: string | null
  source: {name: string; encoding: string; hostname: string | null}
  context: RawEvent['context']
}

/** Micro's BadEvent: `errors[0]` names the stage, the rest are bad-row JSON texts. */
export interface BadEvent {
  collectorPayload: MicroCollectorPayload | null
  rawEvent: RawEvent | null
  errors: string[]
}

/** `GET /micro/all` */
export interface MicroCounts {
  total: number
  good: number
  bad: number
}

/** `POST /micro/wait`: `status` is `timeout` when fewer than `expected` matched in time. */
export interface WaitResult {
  status: 'satisfied' | 'timeout'
  matched: number
  expected: number
  waitedMs: number
  counts: {total: number; good: number; bad: number; incomplete: number}
}

/** One event of `GET /micro/stream` (Server-Sent Events). */
export interface StreamEvent {
  /** row id: increases monotonically; the stream resumes after it */
  id: number
  status: EventStatus
  eventId: string | null
  eventType: string | null
  schema: string | null
  contexts: string[]
  appId: string | null
  /** ISO-8601 */
  collectorTstamp: string
  errors: string[]
  /** a few words on what happened: `shop / add-to-basket`, a page path, a link target (absent from older servers) */
  what?: string | null
}

/** `GET /micro/event/{event_id}` */
export interface EventLookup {
  status: EventStatus
  good: GoodEvent | null
  bad: BadEvent | null
}

/**
 * One captured event whatever its status, as `sp events` and the test helpers return it: the
 * stream's summary facts plus the full Micro shapes (`good` for good and incomplete events, `bad`
 * for bad and incomplete ones).
 */
export interface CapturedEvent {
  status: EventStatus
  eventId: string | null
  eventType: string | null
  schema: string | null
  contexts: string[]
  appId: string | null
  /** ISO-8601, null only for a payload that could not even be read */
  collectorTstamp: string | null
  errors: string[]
  /** a few words on what happened (null for failures and events with nothing to say) */
  what: string | null
  good: GoodEvent | null
  bad: BadEvent | null
}

/** `GET /micro/loader` when sp micro runs with `--postgres` (the fields sp tail shows). */
export interface PostgresLoaderStatus {
  target: string
  state: 'starting' | 'loading' | 'idle' | 'retrying' | 'stopped'
  /** the last store row id committed to PostgreSQL */
  cursor: number
  /** good events stored but not yet in PostgreSQL */
  lag: number
  loaded: number
  rejected: number
  lastError: string | null
}
