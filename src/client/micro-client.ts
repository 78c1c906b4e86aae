import {httpError, invalidInput, malformedResponse, unreachable} from './errors.js'
import type {BadEvent, CapturedEvent, EventFilter, EventLookup, EventStatus, GoodEvent, MicroCounts, PostgresLoaderStatus, WaitResult} from './types.js'
import {parseServerUrl, type ServerUrl} from './server-url.js'
import {capturedFromBad, capturedFromGood, newestFirst} from './captured.js'
import {readTextCapped, ResponseTooLargeError} from '../http-client/guarded-fetch.js'

export const DEFAULT_URL = 'http://127.0.0.1:9090'

/** `--url`, else `SP_URL`, else http://127.0.0.1:9090; read as every command reads a server URL (see parseServerUrl). */
export function resolveMicroUrl(url?: string, env: NodeJS.ProcessEnv = process.env): string {
  return parseMicroUrl(url, env).root
}

/** The URL and, when it had to be fixed (a trailing /micro), what was fixed. */
export function parseMicroUrl(url?: string, env: NodeJS.ProcessEnv = process.env): ServerUrl {
  const chosen = url ?? (env.SP_URL !== undefined && env.SP_URL !== '' ? env.SP_URL : DEFAULT_URL)
  return parseServerUrl(chosen, url !== undefined ? '--url' : 'SP_URL', (reason) =>
    invalidInput(`Not a usable URL: ${JSON.stringify(chosen)}: ${reason} (expected e.g. http://127.0.0.1:9090)`),
  )
}

export interface WaitOptions {
  /** how many matching events satisfy the wait (default 1) */
  count?: number
  /** ms (default 10000, at most 300000) */
  timeout?: number
  signal?: AbortSignal
}

/** The filter as a JSON body: unset fields left out, so the server's defaults apply. */
export function filterBody(filter: EventFilter = {}): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null || value === '') continue
    if (Array.isArray(value) && value.length === 0) continue
    body[key] = value
  }
  return body
}

/** Filters as query parameters (`/micro/stream`), lists comma-joined as the API accepts them. */
export function filterQuery(filter: EventFilter = {}): URLSearchParams {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(filterBody(filter))) {
    params.set(key, Array.isArray(value) ? value.join(',') : String(value))
  }
  return params
}

/**
 * HTTP client for a running `sp micro` (or any Snowplow Micro for the Micro-compatible calls).
 * Every failure is an SpError: CLIENT_UNREACHABLE, CLIENT_HTTP_ERROR or CLIENT_MALFORMED_RESPONSE.
 */
export class MicroClient {
  readonly url: string
  /** set when the URL given had to be fixed (e.g. a trailing /micro), to tell the user */
  readonly note: string | undefined

  constructor(url?: string) {
    const parsed = parseMicroUrl(url)
    this.url = parsed.root
    this.note = parsed.note
  }

  /** `GET /micro/all`: Micro's totals (`bad` includes incomplete events). */
  async counts(signal?: AbortSignal): Promise<MicroCounts> {
    const body = await this.json('GET', '/micro/all', undefined, [200], signal)
    if (!isObject(body) || typeof body.total !== 'number') throw malformedResponse(`${this.url}/micro/all`, 'a {total, good, bad} summary')
    return body as unknown as MicroCounts
  }

  /** `POST /micro/good`: good events (incomplete ones excluded, as in Micro), newest first. */
  async good(filter: EventFilter = {}, signal?: AbortSignal): Promise<GoodEvent[]> {
    const {status: _ignored, ...rest} = filter
    return this.list<GoodEvent>('/micro/good', filterBody(rest), signal)
  }

  /** `POST /micro/bad`: bad and incomplete events (`status` narrows), newest first. */
  async bad(filter: EventFilter = {}, signal?: AbortSignal): Promise<BadEvent[]> {
    return this.list<BadEvent>('/micro/bad', filterBody(filter), signal)
  }

  /** `POST /micro/reset`: deletes every stored event (both Micro 4.x and ≤3.x answers accepted). */
  async reset(signal?: AbortSignal): Promise<void> {
    await this.request('POST', '/micro/reset', undefined, [200], signal)
  }

  /**
   * `POST /micro/wait`: resolves as soon as `count` events match, or with status `timeout`.
   * A timeout is an answer, not an error.
   */
  async wait(filter: EventFilter = {}, options: WaitOptions = {}): Promise<WaitResult> {
    const {limit: _unused, ...rest} = filter
    const body: Record<string, unknown> = {filter: filterBody(rest)}
    if (options.count !== undefined) body.count = options.count
    if (options.timeout !== undefined) body.timeout = Math.max(0, Math.round(options.timeout))
    const result = await this.json('POST', '/micro/wait', body, [200, 408], options.signal)
    if (!isObject(result) || (result.status !== 'satisfied' && result.status !== 'timeout') || typeof result.matched !== 'number') {
      throw malformedResponse(`${this.url}/micro/wait`, 'a wait outcome')
    }
    return result as unknown as WaitResult
  }

  /** How many stored events match right now (a wait that cannot be satisfied, answered at once). */
  async count(filter: EventFilter = {}, signal?: AbortSignal): Promise<number> {
    return (await this.wait(filter, {count: Number.MAX_SAFE_INTEGER, timeout: 0, signal})).matched
  }

  /** `GET /micro/event/{id}`: both sides of one event, or null when no event has that id. */
  async event(eventId: string, signal?: AbortSignal): Promise<EventLookup | null> {
    const response = await this.request('GET', `/micro/event/${encodeURIComponent(eventId)}`, undefined, [200, 404], signal)
    if (response.status === 404) return null
    const body = parse(await response.text(), `${this.url}/micro/event`, 'an event lookup')
    if (!isObject(body) || typeof body.status !== 'string') throw malformedResponse(`${this.url}/micro/event`, 'an event lookup')
    return body as unknown as EventLookup
  }

  /** `GET /micro/loader`: the PostgreSQL loader's status, or null without `--postgres` (or on an older sp). */
  async loader(signal?: AbortSignal): Promise<PostgresLoaderStatus | null> {
    const response = await this.request('GET', '/micro/loader', undefined, [200, 404], signal)
    if (response.status === 404) return null
    const body = parse(await response.text(), `${this.url}/micro/loader`, 'the loader status')
    if (!isObject(body)) throw malformedResponse(`${this.url}/micro/loader`, 'the loader status')
    return isObject(body.postgres) ? (body.postgres as unknown as PostgresLoaderStatus) : null
  }

  /**
   * Events of every status matching `filter`, newest first, at most `filter.limit` (default 100):
   * good events from /micro/good, failures from /micro/bad; an incomplete event also gets its
   * enriched side from /micro/event/{id}.
   */
  async captured(filter: EventFilter = {}, signal?: AbortSignal): Promise<CapturedEvent[]> {
    const limit = filter.limit ?? 100
    const statuses = statusesOf(filter.status)
    const lists = await Promise.all(
      statuses.map(async (status): Promise<CapturedEvent[]> => {
        // a server that answers arrays of the wrong things is reported, not a TypeError
        if (status === 'good') return readAnswer(`${this.url}/micro/good`, 'Micro GoodEvents', async () => (await this.good({...filter, limit}, signal)).map(capturedFromGood))
        return readAnswer(`${this.url}/micro/bad`, 'Micro BadEvents', async () => (await this.bad({...filter, status, limit}, signal)).map((b) => capturedFromBad(b, status)))
      }),
    )
    // the enriched side of an incomplete event costs a lookup: only for the events kept
    const kept = newestFirst(lists.flat()).slice(0, limit)
    return mapLimited(kept, LOOKUP_CONCURRENCY, (event) => this.completeIncomplete(event, signal))
  }

  private async completeIncomplete(event: CapturedEvent, signal?: AbortSignal): Promise<CapturedEvent> {
    if (event.status !== 'incomplete' || event.eventId === null) return event
    const found = await this.event(event.eventId, signal)
    if (found?.good == null) return event
    const good = capturedFromGood(found.good)
    return {...good, schema: good.schema ?? event.schema, status: 'incomplete', errors: event.errors, bad: event.bad}
  }

  private async list<T>(path: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<T[]> {
    const result = await this.json('POST', path, body, [200], signal)
    if (!Array.isArray(result)) throw malformedResponse(`${this.url}${path}`, 'a JSON array of events')
    return result as T[]
  }

  private async json(method: string, path: string, body: unknown, ok: number[], signal?: AbortSignal): Promise<unknown> {
    // no answer may take forever or fill the memory: a wait gets its own timeout on top
    const waitMs = isObject(body) && typeof body.timeout === 'number' ? body.timeout : 0
    const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS + waitMs)
    const url = `${this.url}${path}`
    try {
      const response = await this.request(method, path, body, ok, signal === undefined ? timeout : AbortSignal.any([signal, timeout]))
      return parse(await readTextCapped(response, url, MAX_ANSWER_BYTES), url, 'JSON')
    } catch (error) {
      if (timeout.aborted && !signal?.aborted) throw unreachable(this.url, new Error(`no answer from ${url} within ${(REQUEST_TIMEOUT_MS + waitMs) / 1000} s`))
      if (error instanceof ResponseTooLargeError) throw malformedResponse(url, `an answer under ${MAX_ANSWER_BYTES / 1024 / 1024} MiB (ask for fewer events with --limit)`)
      throw error
    }
  }

  /** One HTTP exchange; statuses outside `ok` become CLIENT_HTTP_ERROR with the server's message. */
  async request(method: string, path: string, body: unknown, ok: number[], signal?: AbortSignal): Promise<Response> {
    const url = `${this.url}${path}`
    let response: Response
    try {
      response = await fetch(url, {
        method,
        signal,
        headers: body === undefined ? {accept: 'application/json'} : {accept: 'application/json', 'content-type': 'application/json'},
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    } catch (error) {
      if (signal?.aborted) throw error
      throw unreachable(this.url, error)
    }
    if (!ok.includes(response.status)) throw httpError(method, url, response.status, await response.text().catch(() => ''))
    return response
  }
}

/** Lookups in flight at once: thousands of incomplete events must not open thousands of sockets. */
const LOOKUP_CONCURRENCY = 16

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i]!)
    }
  }
  await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker))
  return out
}

/** Per request (plus a wait's own timeout), and the largest answer read. */
const REQUEST_TIMEOUT_MS = 30_000
const MAX_ANSWER_BYTES = 256 * 1024 * 1024

async function readAnswer<T>(url: string, what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read()
  } catch (error) {
    if (error instanceof TypeError) throw malformedResponse(url, what)
    throw error
  }
}

function parse(text: string, url: string, what: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw malformedResponse(url, what)
  }
}

/** The statuses a filter's `status` names (`failed`, comma lists); every status when absent. */
function statusesOf(status: EventFilter['status']): EventStatus[] {
  if (status === undefined) return ['good', 'bad', 'incomplete']
  const out = new Set<EventStatus>()
  for (const name of status.split(',')) {
    if (name === 'failed') out.add('bad').add('incomplete')
    else out.add(name as EventStatus)
  }
  return [...out]
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
