import {httpError, malformedResponse, unreachable} from './errors.js'
import {filterQuery, type MicroClient} from './micro-client.js'
import {createSseParser} from './sse.js'
import type {EventFilter, StreamEvent} from './types.js'

export type ConnectionState = 'connecting' | 'connected' | 'disconnected'

export interface ConnectionStatus {
  state: ConnectionState
  /** why the last connection ended or failed (for `disconnected`) */
  reason?: string
  /** consecutive failed attempts so far */
  attempt: number
  /** ms until the next attempt (for `disconnected`) */
  retryInMs?: number
}

export interface FollowOptions {
  filter?: EventFilter
  /** replay the N newest matching events first */
  last?: number
  /** replay events since this time (ISO or epoch ms) first */
  since?: string | number
  signal?: AbortSignal
  onEvent(event: StreamEvent): void
  onStatus?(status: ConnectionStatus): void
  /** first reconnection delay; doubles up to `maxRetryMs` (default 250 ms … 4 s) */
  retryMs?: number
  maxRetryMs?: number
  /** no byte for this long (the server pings every 15 s) = a dead connection (default 40 s) */
  idleTimeoutMs?: number
}

/**
 * Follows `GET /micro/stream` until `signal` aborts: replays history (`last` / `since`), then live
 * events. When the connection drops (server restart, network), it reports `disconnected`,
 * reconnects with backoff and resumes after the last event seen (`?after=<id>`), so nothing is
 * missed or repeated. Rejects only on answers that retrying cannot fix (400: a bad filter).
 */
export async function followStream(client: MicroClient, options: FollowOptions): Promise<void> {
  const signal = options.signal
  const baseRetry = options.retryMs ?? 250
  const maxRetry = options.maxRetryMs ?? 4000
  const idleMs = options.idleTimeoutMs ?? 40_000
  let lastId: number | null = null
  let attempt = 0
  let retryMs = baseRetry
  const status = (s: ConnectionStatus) => options.onStatus?.(s)

  while (!signal?.aborted) {
    const params = filterQuery(options.filter)
    params.delete('limit')
    if (lastId !== null) params.set('after', String(lastId))
    else if (options.last !== undefined) params.set('last', String(options.last))
    else if (options.since !== undefined) params.set('since', String(options.since))
    const url = `${client.url}/micro/stream${params.size > 0 ? `?${params}` : ''}`
    status({state: 'connecting', attempt})
    let reason: string
    try {
      reason = await readStream(url, idleMs, signal, (event) => {
        lastId = event.id
        options.onEvent(event)
      }, (ms) => (retryMs = Math.max(ms, baseRetry)), () => {
        attempt = 0
        retryMs = baseRetry
        status({state: 'connected', attempt: 0})
      })
    } catch (error) {
      if (signal?.aborted) return
      if (error instanceof FatalStreamError) throw error.error
      reason = error instanceof Error ? error.message : String(error)
    }
    if (signal?.aborted) return
    attempt++
    const delay = Math.min(retryMs * 2 ** Math.min(attempt - 1, 6), maxRetry)
    status({state: 'disconnected', reason, attempt, retryInMs: delay})
    await sleep(delay, signal)
  }
}

class FatalStreamError extends Error {
  constructor(readonly error: Error) {
    super(error.message)
  }
}

/** One connection: resolves with the reason it ended; throws FatalStreamError for 4xx answers. */
async function readStream(
  url: string,
  idleMs: number,
  signal: AbortSignal | undefined,
  onEvent: (event: StreamEvent) => void,
  onRetry: (ms: number) => void,
  onConnected: () => void,
): Promise<string> {
  const controller = new AbortController()
  const abort = () => controller.abort()
  signal?.addEventListener('abort', abort, {once: true})
  let idle: NodeJS.Timeout | undefined
  const touch = () => {
    if (idle !== undefined) clearTimeout(idle)
    idle = setTimeout(() => controller.abort(new Error(`no data for ${Math.round(idleMs / 1000)} s`)), idleMs)
  }
  try {
    let response: Response
    try {
      response = await fetch(url, {headers: {accept: 'text/event-stream'}, signal: controller.signal})
    } catch (error) {
      throw new Error(unreachable(new URL(url).origin, error).message)
    }
    if (response.status >= 400 && response.status < 500) {
      throw new FatalStreamError(httpError('GET', url, response.status, await response.text().catch(() => '')))
    }
    if (response.status !== 200 || response.body === null) return `${url} answered ${response.status}`
    if (!(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
      throw new FatalStreamError(malformedResponse(url, 'an event stream'))
    }
    onConnected()
    touch()
    const parser = createSseParser((m) => {
      if (m.retry !== undefined) onRetry(m.retry)
      if (m.event !== 'event' || m.data === '') return
      let event: StreamEvent
      try {
        event = JSON.parse(m.data) as StreamEvent
      } catch {
        return
      }
      if (typeof event.id === 'number') onEvent(event)
    })
    const decoder = new TextDecoder()
    const reader = response.body.getReader()
    try {
      for (;;) {
        const {done, value} = await reader.read()
        if (done) return 'the server closed the stream'
        touch()
        parser.feed(decoder.decode(value, {stream: true}))
      }
    } catch (error) {
      const cause = controller.signal.reason
      if (cause instanceof Error && !signal?.aborted) return cause.message
      throw error
    } finally {
      reader.releaseLock()
    }
  } finally {
    if (idle !== undefined) clearTimeout(idle)
    signal?.removeEventListener('abort', abort)
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, {once: true})
  })
}
