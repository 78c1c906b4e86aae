import {makeDirectory} from './make-dir.js'
import {closeSync, mkdirSync, openSync} from 'node:fs'
import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import type {Database} from 'better-sqlite3'
import type {CommittedEvent, PayloadRecord, ProcessedEvent} from './types.js'
import type {Store, StoreListener, StoreOptions} from './store.js'
import {migrate, LATEST_SCHEMA_VERSION} from './migrations.js'
import {isSpError} from '../errors/sp-error.js'
import {toPayloadRow, type FirstIds} from './row-writer.js'
import {createInlineWriter, type Writer} from './writer.js'
import {startThreadWriter} from './thread-writer.js'
import {storeClosedError, storeOpenError, storeFolderError, storeTooNewError, storeWriteError} from './errors.js'

/**
 * Rows (payloads + events) after which a loop turn hands what it has to the writer at once, instead
 * of at the end of the turn: under load one turn parses dozens of requests, and the writer thread
 * would otherwise sit idle until the event loop has enriched all of them, then the other way round
 * (32: about one tp2 batch of a JS tracker; measured +5-10% events/s on 25-event batches).
 */
const FLUSH_EARLY_ROWS = 32

interface PendingCommit {
  payload: PayloadRecord
  events: ProcessedEvent[]
  resolve(events: CommittedEvent[]): void
  reject(error: Error): void
}

/** Opens (creating and migrating when needed) the SQLite store. Throws SpError with a clear message. */
export function openStore(options: StoreOptions): Store {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000
  const db = openDatabase(options.file, busyTimeoutMs)
  // this connection serves reads (and the registry's rare writes); events are written on a
  // thread of their own, so inserts and commits no longer take turns with HTTP and enrich
  const inline = () => createInlineWriter(db)
  let writer: Writer
  try {
    writer = options.file === ':memory:' ? inline() : startThreadWriter(path.resolve(options.file), busyTimeoutMs, inline)
  } catch (error) {
    db.close()
    throw storeOpenError(error, options.file)
  }
  return new SqliteStore(db, writer)
}

/** Creates the database file's folder (a clear STORE error for a path that cannot be one). */
export function ensureStoreFolder(file: string): void {
  if (file === ':memory:') return
  const folder = path.dirname(path.resolve(file))
  try {
    makeDirectory(folder)
  } catch (error) {
    throw storeFolderError(error, folder, file)
  }
}

function openDatabase(file: string, busyTimeoutMs: number): Database {
  const inMemory = file === ':memory:'
  let db: Database
  ensureStoreFolder(file)
  try {
    if (!inMemory) createPrivately(file)
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

/**
 * A new database file (and a folder made for it) is readable by its owner only: it holds every
 * captured event and the registry's keys. SQLite gives its -wal and -shm files the same mode.
 */
function createPrivately(file: string): void {
  mkdirSync(path.dirname(path.resolve(file)), {recursive: true, mode: 0o700})
  try {
    closeSync(openSync(file, 'wx', 0o600))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
}

class SqliteStore implements Store {
  private queue: PendingCommit[] = []
  private queuedRows = 0
  private flushScheduled = false
  private undelivered: CommittedEvent[][] = []
  private deliveryScheduled = false
  private readonly listeners = new Set<StoreListener>()
  private closed = false

  constructor(
    readonly db: Database,
    private readonly writer: Writer,
  ) {}

  commit(payload: PayloadRecord, events: ProcessedEvent[]): Promise<CommittedEvent[]> {
    if (this.closed) return Promise.reject(storeClosedError())
    return new Promise((resolve, reject) => {
      this.queue.push({payload, events, resolve, reject})
      this.queuedRows += events.length + 1
      if (this.queuedRows >= FLUSH_EARLY_ROWS) {
        this.flush()
        return
      }
      if (!this.flushScheduled) {
        this.flushScheduled = true
        // setImmediate runs after the poll phase, so every request parsed in this loop turn joins
        setImmediate(() => {
          this.flushScheduled = false
          this.flush()
        })
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
    try {
      this.writer.reset()
    } catch (error) {
      throw storeWriteError(error)
    }
  }

  resetInSteps(): Promise<void> {
    this.flush()
    return new Promise((resolve, reject) => {
      this.writer.resetInSteps((error) => (error ? reject(storeWriteError(error)) : resolve()))
    })
  }

  close(): void {
    if (this.closed) return
    this.flush()
    this.closed = true
    try {
      this.writer.close()
    } catch (error) {
      throw storeWriteError(error)
    } finally {
      this.deliver()
      this.listeners.clear()
      this.db.close()
    }
  }

  /** Hands everything queued in this loop turn to the writer as one transaction. */
  private flush(): void {
    if (this.queue.length === 0) return
    const batch = this.queue
    this.queue = []
    this.queuedRows = 0
    this.writer.write(
      batch.map((pending) => toPayloadRow(pending.payload, pending.events)),
      (error, ids) => (error ? this.fail(batch, error) : this.committed(batch, ids!)),
    )
  }

  private fail(batch: PendingCommit[], error: unknown): void {
    const failure = storeWriteError(error)
    for (const pending of batch) pending.reject(failure)
  }

  private committed(batch: PendingCommit[], first: FirstIds): void {
    let payloadId = first.payloadId
    let id = first.eventId
    const committed: CommittedEvent[][] = new Array(batch.length)
    for (let i = 0; i < batch.length; i++) {
      // the caller handed its events over: they become the committed rows, no copies
      const rows = batch[i].events as CommittedEvent[]
      for (const row of rows) {
        row.id = id++
        row.payloadId = payloadId
      }
      committed[i] = rows
      payloadId++
    }
    for (let i = 0; i < batch.length; i++) batch[i].resolve(committed[i])
    if (this.listeners.size > 0) this.scheduleDelivery(committed)
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
