import {mkdirSync} from 'node:fs'
import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import type {Database, Statement} from 'better-sqlite3'
import type {CommittedEvent, PayloadRecord, ProcessedEvent} from './types.js'
import type {Store, StoreListener, StoreOptions} from './store.js'
import {migrate, LATEST_SCHEMA_VERSION} from './migrations.js'
import {isSpError} from '../errors/sp-error.js'
import {startWalCheckpointer, type WalCheckpointer} from './wal-checkpointer.js'
import {storeClosedError, storeOpenError, storeTooNewError, storeWriteError} from './errors.js'

/**
 * Events committed before checkpoints move to a worker thread: a store that only sees a few
 * requests (tests, a quick look) never starts the thread; one under load does within a second.
 */
const BACKGROUND_CHECKPOINT_AFTER_EVENTS = 1000
/** The writer's own auto-checkpoint limit once the worker runs (pages; SQLite's default is 1000). */
const SAFETY_NET_CHECKPOINT_PAGES = 5000

const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024

interface PendingCommit {
  payload: PayloadRecord
  events: ProcessedEvent[]
  resolve(events: CommittedEvent[]): void
  reject(error: Error): void
}

/** Opens (creating and migrating when needed) the SQLite store. Throws SpError with a clear message. */
export function openStore(options: StoreOptions): Store {
  const db = openDatabase(options.file, options.busyTimeoutMs ?? 5000)
  return new SqliteStore(db, options.file === ':memory:' ? null : options.file)
}

function openDatabase(file: string, busyTimeoutMs: number): Database {
  const inMemory = file === ':memory:'
  let db: Database
  try {
    if (!inMemory) mkdirSync(path.dirname(path.resolve(file)), {recursive: true})
    db = new BetterSqlite3(file, {timeout: busyTimeoutMs})
  } catch (error) {
    throw storeOpenError(error, file)
  }
  try {
    // WAL + NORMAL: a committed transaction survives the process being killed (not a power cut),
    // which is the durability `sp micro` promises, at a fraction of FULL's fsync cost.
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    migrate(db, (found) => storeTooNewError(file, found, LATEST_SCHEMA_VERSION))
  } catch (error) {
    db.close()
    if (isSpError(error)) throw error
    throw storeOpenError(error, file)
  }
  return db
}

class SqliteStore implements Store {
  private queue: PendingCommit[] = []
  private flushScheduled = false
  private undelivered: CommittedEvent[][] = []
  private deliveryScheduled = false
  private readonly listeners = new Set<StoreListener>()
  private closed = false
  // High-water marks: ids are assigned here, not by SQLite, so they never go back after a reset
  // (SQLite would reuse 1 once the table is empty) and stay a valid live-stream cursor; a reset
  // records them in store_meta so they survive a restart too.
  private lastPayloadId = 0
  private lastEventId = 0
  private readonly insertPayload: Statement
  private readonly insertEvent: Statement
  private readonly insertContext: Statement
  private readonly maxPayloadId: Statement
  private readonly maxEventId: Statement
  private readonly writeBatch: (batch: PendingCommit[]) => CommittedEvent[][]
  private eventsUntilBackgroundCheckpoint = BACKGROUND_CHECKPOINT_AFTER_EVENTS
  private checkpointer: WalCheckpointer | null = null

  constructor(
    readonly db: Database,
    private file: string | null,
  ) {
    this.insertPayload = db.prepare('INSERT INTO payloads (id, received_at, ip, path, thrift) VALUES (?, ?, ?, ?, ?)')
    this.insertEvent = db.prepare(
      `INSERT INTO events (id, payload_id, status, event_id, event_type, schema_uri, app_id, collector_tstamp,
        api_vendor, api_version, raw_event, event, tsv, collector_payload, errors, bad_row)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.insertContext = db.prepare('INSERT INTO event_contexts (event_rowid, position, uri) VALUES (?, ?, ?)')
    // the largest id ever used: in the table, or recorded by the last reset
    this.maxPayloadId = db.prepare(
      "SELECT MAX(COALESCE((SELECT MAX(id) FROM payloads), 0), COALESCE((SELECT value FROM store_meta WHERE key = 'payloads.id'), 0))",
    ).pluck()
    this.maxEventId = db.prepare(
      "SELECT MAX(COALESCE((SELECT MAX(id) FROM events), 0), COALESCE((SELECT value FROM store_meta WHERE key = 'events.id'), 0))",
    ).pluck()
    const transaction = db.transaction((batch: PendingCommit[]) => this.insertBatch(batch))
    // IMMEDIATE: take the write lock up front, so a second process on the same file waits
    // (busy timeout) instead of failing when it upgrades a read lock
    this.writeBatch = (batch) => transaction.immediate(batch)
  }

  commit(payload: PayloadRecord, events: ProcessedEvent[]): Promise<CommittedEvent[]> {
    if (this.closed) return Promise.reject(storeClosedError())
    return new Promise((resolve, reject) => {
      this.queue.push({payload, events, resolve, reject})
      if (!this.flushScheduled) {
        this.flushScheduled = true
        // setImmediate runs after the poll phase, so every request parsed in this loop turn joins
        setImmediate(() => this.flush())
      }
    })
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }

  reset(): void {
    this.flush()
    this.db.transaction(() => {
      const lastPayloadId = this.maxPayloadId.get() as number
      const lastEventId = this.maxEventId.get() as number
      this.db.exec('DELETE FROM event_contexts; DELETE FROM events; DELETE FROM payloads;')
      const mark = this.db.prepare('INSERT OR REPLACE INTO store_meta (key, value) VALUES (?, ?)')
      mark.run('payloads.id', lastPayloadId)
      mark.run('events.id', lastEventId)
    }).immediate()
  }

  close(): void {
    if (this.closed) return
    this.flush()
    this.deliver()
    this.closed = true
    this.listeners.clear()
    this.db.close()
    this.checkpointer?.stop()
  }

  private flush(): void {
    this.flushScheduled = false
    if (this.queue.length === 0) return
    const batch = this.queue
    this.queue = []
    let committed: CommittedEvent[][]
    try {
      committed = this.writeBatch(batch)
    } catch (error) {
      const failure = storeWriteError(error)
      for (const pending of batch) pending.reject(failure)
      return
    }
    for (let i = 0; i < batch.length; i++) batch[i].resolve(committed[i])
    if (this.listeners.size > 0) this.scheduleDelivery(committed)
    if (this.checkpointer === null && this.file !== null) {
      for (const rows of committed) this.eventsUntilBackgroundCheckpoint -= rows.length + 1
      if (this.eventsUntilBackgroundCheckpoint <= 0) this.startBackgroundCheckpoints(this.file)
    }
  }

  private startBackgroundCheckpoints(file: string): void {
    try {
      this.checkpointer = startWalCheckpointer(file)
      this.db.pragma(`wal_autocheckpoint = ${SAFETY_NET_CHECKPOINT_PAGES}`)
      // a burst can grow the WAL past the limit while a checkpoint runs: give the space back after
      this.db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`)
    } catch {
      // no worker: SQLite keeps checkpointing inside commits, as before
      this.file = null
    }
  }

  private insertBatch(batch: PendingCommit[]): CommittedEvent[][] {
    // another process may have written to the same file since our last flush
    this.lastPayloadId = Math.max(this.lastPayloadId, (this.maxPayloadId.get() as number | null) ?? 0)
    this.lastEventId = Math.max(this.lastEventId, (this.maxEventId.get() as number | null) ?? 0)
    const out: CommittedEvent[][] = []
    for (const {payload, events} of batch) {
      const payloadId = ++this.lastPayloadId
      this.insertPayload.run(payloadId, payload.receivedAt, payload.ipAddress, payload.path, payload.thrift)
      const rows: CommittedEvent[] = []
      for (const event of events) {
        const id = ++this.lastEventId
        this.insertEvent.run(
          id,
          payloadId,
          event.status,
          event.eventId,
          event.eventType,
          event.schema,
          event.appId,
          event.collectorTstamp,
          event.api?.vendor ?? null,
          event.api?.version ?? null,
          event.rawEvent,
          event.event,
          event.tsv,
          event.collectorPayload,
          JSON.stringify(event.errors),
          event.badRow,
        )
        for (let position = 0; position < event.contexts.length; position++) {
          this.insertContext.run(id, position, event.contexts[position])
        }
        rows.push({...event, id, payloadId})
      }
      out.push(rows)
    }
    return out
  }

  private scheduleDelivery(committed: CommittedEvent[][]): void {
    this.undelivered.push(committed.flat())
    if (this.deliveryScheduled) return
    this.deliveryScheduled = true
    // after the responses of this flush are on their way: listeners never delay an acknowledgement
    setImmediate(() => this.deliver())
  }

  private deliver(): void {
    this.deliveryScheduled = false
    const batches = this.undelivered
    this.undelivered = []
    for (const events of batches) {
      if (events.length === 0) continue
      for (const listener of this.listeners) {
        try {
          listener(events)
        } catch {
          // a subscriber's bug must not stop ingestion or the other subscribers
        }
      }
    }
  }
}
