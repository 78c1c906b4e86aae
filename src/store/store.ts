import type {Database} from 'better-sqlite3'
import type {CommittedEvent, PayloadRecord, ProcessedEvent} from './types.js'

export interface StoreOptions {
  /** a file path, or ':memory:' for a throwaway store */
  file: string
  /** how long to wait for another process's lock before failing (ms, default 5000) */
  busyTimeoutMs?: number
}

export type StoreListener = (events: CommittedEvent[]) => void

export interface Store {
  /** better-sqlite3 handle, for the query modules in src/store/queries */
  readonly db: Database
  /**
   * Group commit: resolves once payload + events are durable (in one transaction shared with every
   * other commit queued in the same tick). Returns the committed rows: the same objects as
   * `events`, given their ids (the store takes the events over; commit an event object once).
   */
  commit(payload: PayloadRecord, events: ProcessedEvent[]): Promise<CommittedEvent[]>
  /** Listeners get committed events after each flush; a throwing/slow listener never blocks ingest. */
  subscribe(listener: StoreListener): () => void
  /** Deletes all payloads and events (Micro's /micro/reset); row ids keep increasing afterwards. */
  reset(): void
  /**
   * The same, in chunks with writes going on in between (events committed meanwhile are kept):
   * the collector keeps answering during a reset of a big store. Resolves once it is done.
   */
  resetInSteps(): Promise<void>
  /** Flushes pending commits, then closes the database. Idempotent. */
  close(): void
}
