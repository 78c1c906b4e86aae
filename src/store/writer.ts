import type {Database} from 'better-sqlite3'
import {RowWriter, type FirstIds, type PayloadRow} from './row-writer.js'

/** Called once per write: with the first ids on success, with what SQLite threw on failure. */
export type WriteDone = (error: unknown, ids?: FirstIds) => void

/**
 * Where the store's transactions run. Writes answer through `done` (synchronously for the inline
 * writer, when the thread replies otherwise); reset and close return only once every write handed
 * over before them has been answered, so callers keep their synchronous meaning.
 */
export interface Writer {
  write(rows: PayloadRow[], done: WriteDone): void
  reset(): void
  close(): void
}

/** Writes on the caller's own connection: for `:memory:`, which no other thread can open. */
export function createInlineWriter(db: Database): Writer {
  const rows = new RowWriter(db)
  return {
    write(batch, done) {
      let ids: FirstIds
      try {
        ids = rows.write(batch)
      } catch (error) {
        done(error)
        return
      }
      done(null, ids)
    },
    reset: () => rows.reset(),
    close: () => undefined,
  }
}
