import type {Database} from 'better-sqlite3'
import type {IgluClient} from '../iglu/types.js'
import {createPool, parseTarget} from './connection.js'
import {advanceCursor, countGoodEvents, readCursor, readGoodEvents} from './cursor.js'
import {PostgresLoader, type Rejection} from './loader.js'
import {unreachableError, isConnectionError} from './errors.js'

export interface LoadStoreOptions {
  url: string
  schema?: string
  /** only events collected at or after this instant (epoch ms) */
  sinceMs?: number
  batchSize?: number
  /** after each batch: rows done so far of `total` */
  onProgress?: (done: number, total: number) => void
}

export interface LoadSummary {
  target: string
  /** good events read from the store */
  read: number
  inserted: number
  /** already in Postgres: skipped by the unique key on event_id + collector_tstamp */
  duplicates: number
  rejected: Rejection[]
  /** entity tables in the schema after the load */
  tables: number
  elapsedMs: number
}

/**
 * `sp load postgres`: (re)loads every good event a store holds (or those since an instant), with the
 * loader `sp micro --postgres` uses. Loading again inserts nothing twice. After a load of everything
 * the store's cursor for this target moves to the last row, so a following `sp micro --postgres`
 * goes on from there.
 */
export async function loadStore(db: Database, iglu: IgluClient, options: LoadStoreOptions): Promise<LoadSummary> {
  const target = parseTarget(options.url, options.schema)
  const pool = createPool(target)
  const started = Date.now()
  try {
    await pool.query('SELECT 1').catch((error: unknown) => {
      throw unreachableError(target.display, error)
    })
    const loader = new PostgresLoader(pool, target.schema, iglu)
    const total = countGoodEvents(db, 0, options.sinceMs)
    const summary = {read: 0, inserted: 0, duplicates: 0, rejected: [] as Rejection[]}
    let after = 0
    for (;;) {
      const rows = readGoodEvents(db, after, options.batchSize ?? 1000, options.sinceMs)
      if (rows.length === 0) break
      const result = await loader.load(rows)
      after = result.lastId
      summary.read += result.read
      summary.inserted += result.inserted
      summary.duplicates += result.duplicates
      summary.rejected.push(...result.rejected)
      options.onProgress?.(summary.read, total)
    }
    await loader.tables.prepareEvents()
    // the cursor says "everything up to here is in PostgreSQL": true only for a load from the start
    if (options.sinceMs === undefined && after > readCursor(db, target.key)) advanceCursor(db, target.key, after)
    const {rows} = await pool.query<{n: string}>(
      `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = $1 AND table_name <> 'events'`,
      [target.schema],
    )
    return {target: target.display, ...summary, tables: Number(rows[0]!.n), elapsedMs: Date.now() - started}
  } catch (error) {
    if (isConnectionError(error)) throw unreachableError(target.display, error)
    throw error
  } finally {
    await pool.end().catch(() => {})
  }
}

