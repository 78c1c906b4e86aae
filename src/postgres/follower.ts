import type {Database} from 'better-sqlite3'
import type pg from 'pg'
import type {IgluClient} from '../iglu/types.js'
import type {Store} from '../store/store.js'
import {createPool, parseTarget, type PostgresTarget} from './connection.js'
import {advanceCursor, countGoodEvents, readCursor, readGoodEvents} from './cursor.js'
import {PostgresLoader, describeRejection, type BatchResult, type Rejection} from './loader.js'
import {describe} from './errors.js'

export interface FollowerOptions {
  url: string
  /** Postgres schema for the tables (default `atomic`) */
  schema?: string
  /** events per transaction (default 1000) */
  batchSize?: number
  /** first retry delay after a failure, doubled up to `maxRetryMs` (defaults 250 ms, 10 s) */
  retryMs?: number
  maxRetryMs?: number
  log?: (line: string) => void
}

export type LoaderState = 'starting' | 'loading' | 'idle' | 'retrying' | 'stopped'

/** What `/micro/loader` answers. */
export interface LoaderStatus {
  target: string
  state: LoaderState
  /** the last store row id committed to Postgres */
  cursor: number
  /** good events stored but not yet in Postgres */
  lag: number
  /** since this process started */
  loaded: number
  duplicates: number
  rejected: number
  /** the last rejections (at most 20), newest last */
  recentRejections: Rejection[]
  lastError: string | null
  /** when the next attempt runs, while retrying */
  retryAt: string | null
  lastLoadAt: string | null
}

const RECENT = 20

/**
 * Keeps a Postgres database up to date with the store: wakes on every commit, loads what follows
 * the cursor in batches, and after a failure retries with backoff while collection goes on (SQLite
 * holds everything; the lag shows how far behind Postgres is).
 */
export class PostgresFollower {
  readonly target: PostgresTarget
  private readonly pool: pg.Pool
  private readonly loader: PostgresLoader
  private state: LoaderState = 'starting'
  private cursor: number
  private totals = {loaded: 0, duplicates: 0, rejected: 0}
  private recent: Rejection[] = []
  private lastError: string | null = null
  private retryAt: number | null = null
  private lastLoadAt: number | null = null
  private wakeUp: (() => void) | undefined
  private stopWaiting: (() => void) | undefined
  private pendingWake = true
  private closed = false
  private readonly running: Promise<void>
  private readonly unsubscribe: () => void

  constructor(
    private readonly db: Database,
    subscribe: Store['subscribe'],
    iglu: IgluClient,
    private readonly options: FollowerOptions,
  ) {
    this.target = parseTarget(options.url, options.schema)
    this.pool = createPool(this.target)
    this.loader = new PostgresLoader(this.pool, this.target.schema, iglu)
    this.cursor = readCursor(db, this.target.key)
    this.unsubscribe = subscribe(() => this.wake())
    this.running = this.run()
  }

  status(): LoaderStatus {
    return {
      target: this.target.display,
      state: this.state,
      cursor: this.cursor,
      lag: this.closed ? 0 : countGoodEvents(this.db, this.cursor),
      ...this.totals,
      recentRejections: this.recent,
      lastError: this.lastError,
      retryAt: this.retryAt === null ? null : new Date(this.retryAt).toISOString(),
      lastLoadAt: this.lastLoadAt === null ? null : new Date(this.lastLoadAt).toISOString(),
    }
  }

  /** Finishes the batch in flight, then disconnects. What is left loads on the next start. */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true
      this.unsubscribe()
      this.wake()
      this.stopWaiting?.()
    }
    await this.running
    await this.pool.end().catch(() => {})
  }

  private wake(): void {
    this.pendingWake = true
    const wakeUp = this.wakeUp
    this.wakeUp = undefined
    wakeUp?.()
  }

  /** Until the next commit (or close). */
  private nextCommit(): Promise<void> {
    return new Promise((resolve) => {
      if (this.pendingWake || this.closed) return resolve()
      this.wakeUp = resolve
    })
  }

  /** A retry delay: commits do not cut it short (a down server is not asked on every event), close does. */
  private backoff(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.stopWaiting = undefined
        resolve()
      }, ms)
      this.stopWaiting = () => {
        clearTimeout(timer)
        resolve()
      }
    })
  }

  private async run(): Promise<void> {
    const log = this.options.log ?? (() => {})
    const batchSize = this.options.batchSize ?? 1000
    let delay = this.options.retryMs ?? 250
    let failing = false
    while (!this.closed) {
      this.pendingWake = false
      try {
        const rows = readGoodEvents(this.db, this.cursor, batchSize)
        if (rows.length === 0) {
          await this.loader.tables.prepareEvents()
          this.state = 'idle'
        } else {
          this.state = 'loading'
          this.record(await this.loader.load(rows), log)
          this.pendingWake = true // more may follow the batch
        }
        if (failing) log(`[INFO] postgres loader - ${this.target.display} is back, loading resumes from row ${this.cursor}`)
        failing = false
        this.lastError = null
        this.retryAt = null
        delay = this.options.retryMs ?? 250
        await this.nextCommit()
      } catch (error) {
        if (this.closed) break
        this.lastError = describe(error)
        if (!failing) log(`[WARN] postgres loader - ${this.target.display}: ${this.lastError}; collecting goes on, retrying with backoff`)
        failing = true
        this.state = 'retrying'
        this.retryAt = Date.now() + delay
        await this.backoff(delay)
        delay = Math.min(delay * 2, this.options.maxRetryMs ?? 10_000)
      }
    }
    this.state = 'stopped'
  }

  private record(result: BatchResult, log: (line: string) => void): void {
    advanceCursor(this.db, this.target.key, result.lastId)
    this.cursor = Math.max(this.cursor, result.lastId)
    this.totals.loaded += result.inserted
    this.totals.duplicates += result.duplicates
    this.totals.rejected += result.rejected.length
    this.lastLoadAt = Date.now()
    for (const r of result.rejected) {
      log(`[WARN] postgres loader - not loaded: ${describeRejection(r)}`)
    }
    this.recent = [...this.recent, ...result.rejected].slice(-RECENT)
  }
}

export function startPostgresFollower(store: Store, iglu: IgluClient, options: FollowerOptions): PostgresFollower {
  return new PostgresFollower(store.db, (listener) => store.subscribe(listener), iglu, options)
}
