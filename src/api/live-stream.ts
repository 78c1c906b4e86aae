import type {ServerResponse} from 'node:http'
import type {Store} from '../store/index.js'
import type {CommittedEvent} from '../store/types.js'
import {whatOfStored} from '../event/what.js'
import {lastEventRowId, matchesEvent, runToEnd, SCAN_SPAN, summariesAfter, TEXT_SCAN_SPAN, type EventFilter, type EventSummary, type Steps} from '../store/queries/index.js'
import {API_LIMITS, tooMany} from './limits.js'
import type {WorkSlicer} from './work-slicer.js'

/** Rows read from SQLite per catch-up step. */
const CATCH_UP_CHUNK = 200
export const DEFAULT_PING_MS = 15_000

/** One Server-Sent Event: `id`, `event: event`, `data: {...}` (see contracts.md). */
export function sseEvent(s: EventSummary): string {
  const data = JSON.stringify({
    id: s.id,
    status: s.status,
    eventId: s.eventId,
    eventType: s.eventType,
    schema: s.schema,
    contexts: s.contexts,
    appId: s.appId,
    collectorTstamp: new Date(s.collectorTstamp).toISOString(),
    errors: s.errors,
    what: s.what,
  })
  return `id: ${s.id}\nevent: event\ndata: ${data}\n\n`
}

function summaryOf(e: CommittedEvent): EventSummary {
  return {
    id: e.id,
    status: e.status,
    eventId: e.eventId,
    eventType: e.eventType,
    schema: e.schema,
    contexts: e.contexts,
    appId: e.appId,
    collectorTstamp: e.collectorTstamp,
    errors: e.errors,
    what: whatOfStored(e.tsv),
  }
}

/**
 * A client is `live` (new events are written as they commit), `catching-up` (reading history from
 * SQLite) or `blocked` (its socket buffer is full). A blocked client is simply skipped: when it
 * drains, it catches up from SQLite from its cursor. So a slow or vanished consumer costs at most
 * one socket buffer, never slows ingestion, and still loses nothing; the database is the buffer.
 */
interface Client {
  res: ServerResponse
  filter: EventFilter
  cursor: number
  state: 'live' | 'catching-up' | 'blocked'
  /** the rest of the history chunk that was read when the socket filled up (at most one chunk) */
  pending: EventSummary[]
  /** where the cursor may move once `pending` is written (the end of the id range it completes), else 0 */
  pendingEnd: number
}

export class LiveStream {
  private readonly clients = new Set<Client>()
  private unsubscribe: (() => void) | null = null
  private pinger: NodeJS.Timeout | null = null

  /**
   * `slicer` runs catch-up reads between other requests; `maxClients` caps open streams (each
   * costs a socket and a share of every commit's delivery).
   */
  constructor(
    private readonly store: Store,
    private readonly pingMs: number = DEFAULT_PING_MS,
    private readonly slicer?: WorkSlicer,
    private readonly maxClients: number = API_LIMITS.streams,
  ) {}

  /** Throws `tooMany` (429) when no stream can be added. */
  checkCapacity(): void {
    if (this.clients.size >= this.maxClients) throw tooMany('live streams', this.maxClients)
  }

  get size(): number {
    return this.clients.size
  }

  /** Takes over `res` (headers already written) and streams from `cursor` (exclusive). */
  add(res: ServerResponse, filter: EventFilter, cursor: number): void {
    const client: Client = {res, filter, cursor, state: 'catching-up', pending: [], pendingEnd: 0}
    this.clients.add(client)
    res.on('close', () => this.remove(client))
    res.on('drain', () => {
      if (client.state === 'blocked') this.catchUp(client)
    })
    this.start()
    this.catchUp(client)
  }

  /** Ends every stream (server shutdown). */
  closeAll(): void {
    for (const client of this.clients) client.res.end()
    this.clients.clear()
    this.stop()
  }

  private remove(client: Client): void {
    this.clients.delete(client)
    if (this.clients.size === 0) this.stop()
  }

  private start(): void {
    if (this.unsubscribe === null) this.unsubscribe = this.store.subscribe((events) => this.publish(events))
    if (this.pinger === null && this.pingMs > 0) {
      this.pinger = setInterval(() => this.ping(), this.pingMs)
      this.pinger.unref()
    }
  }

  private stop(): void {
    this.unsubscribe?.()
    this.unsubscribe = null
    if (this.pinger !== null) clearInterval(this.pinger)
    this.pinger = null
  }

  private write(client: Client, text: string): boolean {
    if (client.res.destroyed || client.res.writableEnded) {
      this.remove(client)
      return false
    }
    if (client.res.write(text)) return true
    client.state = 'blocked'
    return false
  }

  /**
   * Reads history in chunks until the end of the table, then goes live. Each chunk is a fresh
   * query (no open cursor) over at most SCAN_SPAN row ids, and commits are notified after they
   * are written, so switching to live between two ticks cannot skip an event; the cursor drops
   * duplicates. With a slicer, the chunks run between other requests.
   */
  private catchUp(client: Client): void {
    client.state = 'catching-up'
    const steps = this.catchUpSteps(client)
    if (this.slicer === undefined) runToEnd(steps)
    else this.slicer.run(steps).catch(() => this.drop(client))
  }

  private *catchUpSteps(client: Client): Steps<void> {
    let rows = client.pending
    // the end of the id range whose matches `rows` are all of (0: the range has more to read)
    let readUpTo = client.pendingEnd
    client.pending = []
    client.pendingEnd = 0
    for (;;) {
      if (!this.clients.has(client)) return
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!
        client.cursor = row.id
        if (!this.write(client, sseEvent(row))) {
          client.pending = rows.slice(i + 1)
          client.pendingEnd = readUpTo
          return
        }
      }
      // every match up to readUpTo is written: the ids in between matched nothing
      client.cursor = Math.max(client.cursor, readUpTo)
      const top = lastEventRowId(this.store.db)
      if (client.cursor >= top) break
      const rangeEnd = Math.min(client.cursor + (client.filter.text === undefined ? SCAN_SPAN : TEXT_SCAN_SPAN), top)
      rows = summariesAfter(this.store.db, client.cursor, client.filter, CATCH_UP_CHUNK, rangeEnd)
      readUpTo = rows.length < CATCH_UP_CHUNK ? rangeEnd : 0
      yield
    }
    client.state = 'live'
  }

  private drop(client: Client): void {
    client.res.end()
    this.remove(client)
  }

  private publish(events: CommittedEvent[]): void {
    // each event's text is made once, whatever the number of clients
    const texts = new Map<CommittedEvent, string>()
    for (const client of this.clients) {
      if (client.state !== 'live') continue
      for (const event of events) {
        if (event.id <= client.cursor) continue
        client.cursor = event.id
        if (!matchesEvent(client.filter, event)) continue
        let text = texts.get(event)
        if (text === undefined) {
          text = sseEvent(summaryOf(event))
          texts.set(event, text)
        }
        if (!this.write(client, text)) break
      }
    }
  }

  private ping(): void {
    for (const client of this.clients) {
      if (client.state === 'live') this.write(client, ': ping\n\n')
    }
  }
}
