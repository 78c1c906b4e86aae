import {createRequire} from 'node:module'
import {Worker} from 'node:worker_threads'

/**
 * Copies the WAL back into the database file from a worker thread with its own connection, so the
 * checkpoint's page copies and its two fsyncs no longer run inside the writer thread's commits
 * (with SQLite's auto-checkpoint they cost about as much as the inserts themselves under load).
 * PASSIVE never takes the write lock, so commits go on while it runs; the writer's own
 * auto-checkpoint stays on with a larger limit as a safety net, should this thread fall behind.
 */
export interface WalCheckpointer {
  /** Asks the worker to stop; it closes its connection (checkpointing if it is the last one). */
  stop(): void
}

/** Every 50 ms: under load that is a few MB of WAL per checkpoint, at rest a no-op read. */
const INTERVAL_MS = 50

// Evaluated as CommonJS inside the worker: no file to resolve (works from src/ under tsx and dist/).
const WORKER_SOURCE = `
const {parentPort, workerData} = require('node:worker_threads')
const Database = require(workerData.module)
let db = null
try {
  db = new Database(workerData.file, {fileMustExist: true, timeout: 0})
  db.pragma('synchronous = NORMAL')
} catch {
  db = null
}
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)') } catch { /* busy or closed: next tick */ }
}
const timer = db === null ? null : setInterval(checkpoint, workerData.intervalMs)
parentPort.once('message', () => {
  if (timer !== null) clearInterval(timer)
  try { if (db !== null) db.close() } catch { /* the writer already closed the file */ }
  parentPort.close()
})
`

export function startWalCheckpointer(file: string): WalCheckpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {file, module: createRequire(import.meta.url).resolve('better-sqlite3'), intervalMs: INTERVAL_MS},
    // the loader hooks of the parent (tsx in tests) are not needed for plain CommonJS
    execArgv: [],
  })
  // never keeps the process alive, and a failure here only means the writer checkpoints itself
  worker.unref()
  worker.on('error', () => undefined)
  let stopped = false
  return {
    stop() {
      if (stopped) return
      stopped = true
      worker.postMessage('stop')
    },
  }
}
