import type {Database} from 'better-sqlite3'
import {RowWriter, type FirstIds, type PayloadRow, type ResetMarks} from './row-writer.js'

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
  /**
   * Deletes what is stored now in chunks, with writes going on in between (they are kept);
   * `done` once all of it is gone. For /micro/reset on a big store.
   */
  resetInSteps(done: (error: unknown) => void): void
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
    resetInSteps(done) {
      let marks: ResetMarks
      try {
        marks = rows.beginReset()
      } catch (error) {
        done(error)
        return
      }
      // the chunks take turns with requests on this thread's event loop
      const step = () => {
        try {
          if (rows.deleteChunk(marks)) return void setImmediate(step)
        } catch (error) {
          return done(error)
        }
        done(null)
      }
      setImmediate(step)
    },
    close: () => undefined,
  }
}
