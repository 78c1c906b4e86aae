import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {MessageChannel, receiveMessageOnPort, Worker} from 'node:worker_threads'
import type {FirstIds, PayloadRow} from './row-writer.js'
import type {WriteDone, Writer} from './writer.js'
import type {WriterReply, WriterRequest, WriterThreadData} from './writer-thread.js'

// Runs writer-thread.{js,ts} next to this file. Under tsx (tests, benchmarks) a worker does not
// inherit the loader, so the bootstrap registers it first; the built package never needs it.
const BOOTSTRAP = `
const {workerData} = require('node:worker_threads');
(async () => {
  if (workerData.tsxApi) (await import(workerData.tsxApi)).register();
  await import(workerData.entry);
})().catch((error) => setImmediate(() => { throw error }));
`

/** How long reset/close wait for the thread beyond the busy timeout before giving up. */
const BLOCKING_ANSWER_MARGIN_MS = 30_000

const extension = path.extname(fileURLToPath(import.meta.url))
const WRITER_THREAD_ENTRY = new URL(`./writer-thread${extension}`, import.meta.url).href

/**
 * A Writer whose transactions run on a thread with its own connection to `file`. Replies come
 * back in order; if the thread dies, writes in flight fail and later ones go to `fallback()`.
 * `entry` is the thread's module: writer-thread.ts, or in a test one that dies on purpose.
 */
export function startThreadWriter(file: string, busyTimeoutMs: number, fallback: () => Writer, entry = WRITER_THREAD_ENTRY): Writer {
  const {port1, port2} = new MessageChannel()
  const signal = new SharedArrayBuffer(4)
  const answered = new Int32Array(signal)
  const data: WriterThreadData = {file, busyTimeoutMs, port: port2, signal}
  const worker = new Worker(BOOTSTRAP, {
    eval: true,
    workerData: {...data, entry, tsxApi: extension === '.ts' ? import.meta.resolve('tsx/esm/api') : null},
    transferList: [port2],
    execArgv: [],
  })
  // the thread and its port keep the process alive while writes are in flight, and only then: the
  // worker's own handle too, so that its exit is still seen (and the writes failed) should it die
  const holdOpen = (open: boolean) => {
    if (open) {
      worker.ref()
      port1.ref()
    } else {
      worker.unref()
      port1.unref()
    }
  }
  holdOpen(false)

  const inFlight = new Map<number, WriteDone>()
  let seq = 0
  let replacement: Writer | null = null
  // set once close() has been answered: the thread's exit after that is no failure
  let closed = false

  const settle = (reply: WriterReply) => {
    const done = inFlight.get(reply.seq)
    if (done === undefined) return
    inFlight.delete(reply.seq)
    if (inFlight.size === 0) holdOpen(false)
    if (reply.error) done(reply.error)
    else done(null, reply.ids as FirstIds)
  }
  port1.on('message', settle)

  const die = (reason: unknown) => {
    if (closed || replacement !== null) return
    replacement = fallback()
    const error = {message: `the writer thread stopped (${reason instanceof Error ? reason.message : String(reason)})`}
    for (const done of inFlight.values()) done(error)
    inFlight.clear()
    holdOpen(false)
    port1.close()
  }
  worker.on('error', die)
  worker.on('exit', (code) => die(`exit code ${code}`))

  /** Posts reset/close and blocks until the thread has answered it and every write before it. */
  const blocking = (kind: 'reset' | 'close'): void => {
    const request: WriterRequest = {kind, seq: ++seq}
    let failure: WriterReply['error']
    inFlight.set(request.seq, (error) => {
      if (error) failure = error as WriterReply['error']
    })
    port1.postMessage(request)
    const deadline = Date.now() + busyTimeoutMs + BLOCKING_ANSWER_MARGIN_MS
    for (let seen = Atomics.load(answered, 0); seen < request.seq; seen = Atomics.load(answered, 0)) {
      const left = deadline - Date.now()
      if (left <= 0 || Atomics.wait(answered, 0, seen, left) === 'timed-out') {
        inFlight.delete(request.seq)
        throw new Error(`the writer thread did not answer ${kind} within ${busyTimeoutMs + BLOCKING_ANSWER_MARGIN_MS} ms`)
      }
    }
    for (let next = receiveMessageOnPort(port1); next !== undefined; next = receiveMessageOnPort(port1)) settle(next.message as WriterReply)
    if (failure) throw failure
  }

  return {
    write(rows: PayloadRow[], done: WriteDone) {
      if (replacement !== null) return replacement.write(rows, done)
      const request: WriterRequest = {kind: 'write', seq: ++seq, rows}
      if (inFlight.size === 0) holdOpen(true)
      inFlight.set(request.seq, done)
      port1.postMessage(request)
    },
    reset() {
      if (replacement !== null) return replacement.reset()
      blocking('reset')
    },
    resetInSteps(done) {
      if (replacement !== null) return replacement.resetInSteps(done)
      const request: WriterRequest = {kind: 'reset-steps', seq: ++seq}
      if (inFlight.size === 0) holdOpen(true)
      inFlight.set(request.seq, (error) => done(error ?? null))
      port1.postMessage(request)
    },
    close() {
      if (replacement !== null) return replacement.close()
      blocking('close')
      closed = true
      port1.close()
    },
  }
}
