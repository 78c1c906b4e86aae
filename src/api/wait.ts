import type {Store} from '../store/index.js'
import {countMatching, countMatchingSteps, lastEventRowId, matchesEvent, readStatusCounts, type EventFilter} from '../store/queries/index.js'
import {invalidField} from './errors.js'
import {parseCount, parseFilter, rejectUnknownFields, type FilterInput} from './filter-params.js'
import type {WorkSlicer} from './work-slicer.js'

export const DEFAULT_WAIT_TIMEOUT_MS = 10_000
export const MAX_WAIT_TIMEOUT_MS = 300_000

export interface WaitRequest {
  filter: EventFilter
  /** matched >= count satisfies the wait */
  count: number
  timeoutMs: number
}

export interface WaitOutcome {
  status: 'satisfied' | 'timeout'
  matched: number
  expected: number
  waitedMs: number
  /** the store's totals when answering: /micro/all's numbers plus how many of `bad` are incomplete */
  counts: {total: number; good: number; bad: number; incomplete: number}
}

/** `{filter?, count? (1), timeout? ms (10000, at most 300000)}` */
export function parseWaitRequest(body: Record<string, unknown>): WaitRequest {
  const filterInput = body.filter ?? {}
  if (typeof filterInput !== 'object' || filterInput === null || Array.isArray(filterInput)) {
    throw invalidField('filter', 'a filter object', filterInput)
  }
  rejectUnknownFields(filterInput, 'filter field')
  rejectUnknownFields(body, 'field', ['filter', 'count', 'timeout'])
  const count = parseCount('count', body.count) ?? 1
  const timeoutMs = parseCount('timeout', body.timeout) ?? DEFAULT_WAIT_TIMEOUT_MS
  if (timeoutMs > MAX_WAIT_TIMEOUT_MS) throw invalidField('timeout', `at most ${MAX_WAIT_TIMEOUT_MS} ms`, timeoutMs)
  return {filter: parseFilter(filterInput as FilterInput).filter, count, timeoutMs}
}

function totals(store: Store): WaitOutcome['counts'] {
  const c = readStatusCounts(store.db)
  return {total: c.good + c.bad + c.incomplete, good: c.good, bad: c.bad + c.incomplete, incomplete: c.incomplete}
}

/** Tells open waits that the store was emptied (`/micro/reset`), so they count again. */
export class ResetNotifier {
  private readonly listeners = new Set<() => void>()

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => void this.listeners.delete(listener)
  }

  notify(): void {
    for (const listener of this.listeners) listener()
  }
}

/**
 * Counts of stored events for /micro/wait, shared: waits with the same filter join the count
 * already running (a thousand waits for the same `q` cost one scan, not a thousand), each adding
 * only the few rows stored since that count started. The scans run in steps on the slicer; a count
 * nobody waits for any more is dropped.
 */
export class SharedCounts {
  private readonly running = new Map<string, SharedRun>()

  constructor(
    private readonly store: Store,
    private readonly slicer: WorkSlicer,
  ) {}

  /** Forget running counts (after /micro/reset they count deleted rows). */
  forget(): void {
    this.running.clear()
  }

  /** Stored events matching `filter` with ids up to `upToId`; rejects once `signal` aborts. */
  async count(filter: EventFilter, upToId: number, signal: AbortSignal): Promise<number> {
    const key = filterKey(filter)
    let run = this.running.get(key)
    if (run === undefined || run.upTo > upToId) run = this.start(key, filter, upToId)
    run.users++
    let left = false
    const leave = (): void => {
      if (left) return
      left = true
      run.users--
      if (run.users === 0 && !run.settled) {
        run.controller.abort()
        if (this.running.get(key) === run) this.running.delete(key)
      }
    }
    signal.addEventListener('abort', leave, {once: true})
    try {
      const base = await run.result
      if (run.upTo >= upToId) return base
      // the rows stored since the shared count started: a short scan of this wait's own
      return base + (await this.slicer.run(countMatchingSteps(this.store.db, filter, upToId, undefined, run.upTo), signal))
    } finally {
      signal.removeEventListener('abort', leave)
      leave()
    }
  }

  private start(key: string, filter: EventFilter, upTo: number): SharedRun {
    const controller = new AbortController()
    const run: SharedRun = {upTo, users: 0, settled: false, controller, result: Promise.resolve(0)}
    run.result = this.slicer.run(countMatchingSteps(this.store.db, filter, upTo), controller.signal).finally(() => {
      run.settled = true
      if (this.running.get(key) === run) this.running.delete(key)
    })
    run.result.catch(() => undefined)
    this.running.set(key, run)
    return run
  }
}

interface SharedRun {
  upTo: number
  users: number
  settled: boolean
  controller: AbortController
  result: Promise<number>
}

function filterKey(filter: EventFilter): string {
  return JSON.stringify(filter, (_key, value: unknown) => (value instanceof RegExp ? value.source : value))
}

/**
 * Answers as soon as `count` stored events match, without polling and without recounting: one
 * count when the wait starts (with the highest row id it covers), then each committed event with
 * a higher id that matches adds one. So a wait with an expensive filter (`q` over a million
 * events) costs one query, never one per commit, and never slows ingestion. With `counts` that
 * count runs in steps between other requests and is shared with the waits for the same filter;
 * it is dropped when the wait ends first.
 */
export function waitForEvents(
  store: Store,
  request: WaitRequest,
  signal?: AbortSignal,
  resets?: ResetNotifier,
  counts?: SharedCounts,
): Promise<WaitOutcome> {
  const started = performance.now()
  return new Promise((resolve) => {
    let done = false
    let timer: NodeJS.Timeout | undefined
    // matched = counted (stored events up to countedUpTo) + live (delivered after it)
    let counted = 0
    let live = 0
    let countedUpTo = 0
    let counting: AbortController | undefined
    const finish = (status: WaitOutcome['status']): void => {
      if (done) return
      done = true
      counting?.abort()
      unsubscribe()
      stopResets?.()
      if (timer !== undefined) clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      const matched = counted + live
      resolve({status, matched, expected: request.count, waitedMs: Math.round(performance.now() - started), counts: totals(store)})
    }
    const settleIfEnough = (): void => {
      if (counted + live >= request.count) finish('satisfied')
    }
    // The writer thread may commit between these two reads: the count stops at the id read first,
    // and anything above it is counted as it is delivered.
    const count = (): void => {
      counting?.abort()
      countedUpTo = lastEventRowId(store.db)
      counted = 0
      live = 0
      if (counts === undefined) {
        counted = countMatching(store.db, request.filter, countedUpTo)
        settleIfEnough()
        return
      }
      const current = new AbortController()
      counting = current
      counts.count(request.filter, countedUpTo, current.signal).then(
        (n) => {
          if (current.signal.aborted || done) return
          counted = n
          settleIfEnough()
        },
        () => undefined,
      )
    }
    const unsubscribe = store.subscribe((events) => {
      if (done) return
      for (const event of events) {
        if (event.id > countedUpTo && matchesEvent(request.filter, event)) live++
      }
      settleIfEnough()
    })
    const stopResets = resets?.subscribe(() => {
      if (!done) count()
    })
    const onAbort = (): void => finish('timeout')
    signal?.addEventListener('abort', onAbort)
    count()
    if (done) return
    timer = setTimeout(() => finish('timeout'), request.timeoutMs)
  })
}
