// Entry of the writer thread (started by thread-writer.ts): owns the connection that inserts
// events, so SQLite's inserts and commits run beside the event loop instead of on it.
import {receiveMessageOnPort, workerData, type MessagePort} from 'node:worker_threads'
import BetterSqlite3 from 'better-sqlite3'
import {RowWriter, type FirstIds, type PayloadRow, type ResetMarks} from './row-writer.js'
import {startWalCheckpointer, type WalCheckpointer} from './wal-checkpointer.js'

export interface WriterThreadData {
  file: string
  busyTimeoutMs: number
  port: MessagePort
  /** Int32Array[0] = seq of the last reset/close answered, for the caller blocked on it */
  signal: SharedArrayBuffer
}

export type WriterRequest = {kind: 'write'; seq: number; rows: PayloadRow[]} | {kind: 'reset' | 'close' | 'reset-steps'; seq: number}

export interface WriterReply {
  seq: number
  ids?: FirstIds
  error?: {message: string; code?: string}
}

/**
 * Events written before checkpoints move to their own thread: a store that only sees a few
 * requests (tests, a quick look) never starts it; one under load does within a second.
 */
const BACKGROUND_CHECKPOINT_AFTER_EVENTS = 1000
/** The writer's own auto-checkpoint limit once that thread runs (pages; SQLite's default is 1000). */
const SAFETY_NET_CHECKPOINT_PAGES = 5000
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024

const {file, busyTimeoutMs, port, signal} = workerData as WriterThreadData
const answered = new Int32Array(signal)

let db: BetterSqlite3.Database | null = null
let writer: RowWriter | null = null
let openError: unknown = null
try {
  db = new BetterSqlite3(file, {fileMustExist: true, timeout: busyTimeoutMs})
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  writer = new RowWriter(db)
} catch (error) {
  openError = error
}

let eventsUntilBackgroundCheckpoint = BACKGROUND_CHECKPOINT_AFTER_EVENTS
let checkpointer: WalCheckpointer | null = null

port.on('message', (first: WriterRequest) => {
  // everything already queued joins this turn: consecutive writes share one transaction
  const requests = [first]
  for (let next = receiveMessageOnPort(port); next !== undefined; next = receiveMessageOnPort(port)) requests.push(next.message as WriterRequest)
  for (let i = 0; i < requests.length; ) {
    let end = i
    while (end < requests.length && requests[end].kind === 'write') end++
    if (end > i) {
      writeGroup(requests.slice(i, end) as Extract<WriterRequest, {kind: 'write'}>[])
      i = end
    } else if (requests[i].kind === 'reset-steps') {
      startResetInSteps(requests[i])
      i++
    } else {
      // a blocking reset or close comes after any reset in steps, as it was asked after it
      while (resetJobs.length > 0) resetStep()
      answerBlocking(requests[i])
      i++
    }
  }
})

/**
 * Resets in steps (`/micro/reset`): one chunk per turn of this thread's event loop, so the writes
 * that arrive meanwhile are committed between chunks instead of waiting for the whole delete.
 */
const resetJobs: {seq: number; marks: ResetMarks}[] = []

function startResetInSteps(request: WriterRequest): void {
  try {
    resetJobs.push({seq: request.seq, marks: usableWriter().beginReset()})
  } catch (error) {
    port.postMessage({seq: request.seq, error: plainError(error)} satisfies WriterReply)
    return
  }
  if (resetJobs.length === 1) setImmediate(resetTurn)
}

function resetTurn(): void {
  if (resetJobs.length === 0) return
  resetStep()
  if (resetJobs.length > 0) setImmediate(resetTurn)
}

function resetStep(): void {
  const job = resetJobs[0]!
  try {
    if (usableWriter().deleteChunk(job.marks)) return
    port.postMessage({seq: job.seq} satisfies WriterReply)
  } catch (error) {
    port.postMessage({seq: job.seq, error: plainError(error)} satisfies WriterReply)
  }
  resetJobs.shift()
}

function writeGroup(requests: Extract<WriterRequest, {kind: 'write'}>[]): void {
  let ids: FirstIds
  try {
    ids = usableWriter().write(requests.length === 1 ? requests[0].rows : requests.flatMap((r) => r.rows))
  } catch (error) {
    for (const request of requests) port.postMessage({seq: request.seq, error: plainError(error)} satisfies WriterReply)
    return
  }
  let {payloadId, eventId} = ids
  for (const request of requests) {
    port.postMessage({seq: request.seq, ids: {payloadId, eventId}} satisfies WriterReply)
    payloadId += request.rows.length
    for (const row of request.rows) eventId += row.events.length
  }
  countTowardsCheckpoints(eventId - ids.eventId)
}

function answerBlocking(request: WriterRequest): void {
  let reply: WriterReply = {seq: request.seq}
  try {
    if (request.kind === 'reset') usableWriter().reset()
    else close()
  } catch (error) {
    reply = {seq: request.seq, error: plainError(error)}
  }
  port.postMessage(reply)
  Atomics.store(answered, 0, request.seq)
  Atomics.notify(answered, 0)
  if (request.kind === 'close') port.close()
}

function usableWriter(): RowWriter {
  if (writer === null) throw openError
  return writer
}

function close(): void {
  checkpointer?.stop()
  db?.close()
}

function countTowardsCheckpoints(events: number): void {
  if (checkpointer !== null || db === null) return
  eventsUntilBackgroundCheckpoint -= events
  if (eventsUntilBackgroundCheckpoint > 0) return
  try {
    checkpointer = startWalCheckpointer(file)
    db.pragma(`wal_autocheckpoint = ${SAFETY_NET_CHECKPOINT_PAGES}`)
    // a burst can grow the WAL past the limit while a checkpoint runs: give the space back after
    db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`)
  } catch {
    // no checkpoint thread: SQLite keeps checkpointing inside commits, as before
    eventsUntilBackgroundCheckpoint = Number.POSITIVE_INFINITY
  }
}

/** What crosses back to the caller: SQLite's message and code, for storeWriteError. */
function plainError(error: unknown): {message: string; code?: string} {
  const {message, code} = (error ?? {}) as {message?: unknown; code?: unknown}
  return {message: typeof message === 'string' ? message : String(error), ...(typeof code === 'string' ? {code} : {})}
}
