import type {FastifyInstance} from 'fastify'
import type {Store} from '../../store/index.js'
import {cursorBeforeLast, findByEventId, lastEventRowId, type EventFilter} from '../../store/queries/index.js'
import {requestCors} from '../cors.js'
import {parseCount, parseFilter, rejectUnknownFields, type FilterInput} from '../filter-params.js'
import type {LiveStream} from '../live-stream.js'
import {jsonObjectBody, sendJsonError} from '../request-body.js'
import {parseWaitRequest, SharedCounts, waitForEvents, type ResetNotifier} from '../wait.js'
import {API_LIMITS, Gate} from '../limits.js'
import type {WorkSlicer} from '../work-slicer.js'

type StreamQuery = FilterInput & {last?: unknown; after?: unknown}

/** The stream's starting cursor: Last-Event-ID / ?after resume, ?last replays, ?since filters, else live only. */
function startCursor(store: Store, query: StreamQuery, lastEventId: string | undefined, filter: EventFilter): number {
  const resume = lastEventId ?? (typeof query.after === 'string' ? query.after : undefined)
  if (resume !== undefined) {
    const id = parseCount(lastEventId !== undefined ? 'Last-Event-ID' : 'after', resume)
    return id ?? 0
  }
  const last = parseCount('last', query.last)
  if (last !== undefined) return cursorBeforeLast(store.db, filter, last)
  if (filter.since !== undefined) return 0
  return lastEventRowId(store.db)
}

/**
 * `closing` aborts when the server shuts down: open waits answer at once (timeout status) instead
 * of holding the shutdown for up to their timeout.
 */
export function registerBeyondMicroRoutes(
  fastify: FastifyInstance,
  store: Store,
  live: LiveStream,
  closing: AbortSignal,
  resets: ResetNotifier,
  slicer?: WorkSlicer,
): void {
  const waits = new Gate('waits', API_LIMITS.concurrentWaits)
  const counts = slicer === undefined ? undefined : new SharedCounts(store, slicer)
  // subscribed before any wait: a reset forgets shared counts before the waits count again
  resets.subscribe(() => counts?.forget())
  fastify.post('/micro/wait', async (request, reply) => {
    let waitRequest
    let leave: () => void
    try {
      waitRequest = parseWaitRequest(jsonObjectBody(request.body))
      leave = waits.enter()
    } catch (error) {
      return sendJsonError(reply, error)
    }
    const gone = new AbortController()
    const onClose = (): void => {
      if (!reply.raw.writableEnded) gone.abort()
    }
    reply.raw.once('close', onClose)
    const outcome = await waitForEvents(store, waitRequest, AbortSignal.any([gone.signal, closing]), resets, counts).finally(leave)
    reply.raw.off('close', onClose)
    return reply
      .code(outcome.status === 'satisfied' ? 200 : 408)
      .type('application/json')
      .send(JSON.stringify(outcome))
  })

  fastify.get('/micro/event/:eventId', async (request, reply) => {
    const {eventId} = request.params as {eventId: string}
    const found = findByEventId(store.db, eventId)
    if (found === null) return reply.code(404).type('application/json').send(JSON.stringify({message: `No event with event_id ${eventId}`}))
    return reply
      .type('application/json')
      .send(`{"status":${JSON.stringify(found.status)},"good":${found.good ?? 'null'},"bad":${found.bad ?? 'null'}}`)
  })

  fastify.get('/micro/stream', async (request, reply) => {
    let filter
    let cursor
    try {
      const query = (request.query ?? {}) as StreamQuery
      rejectUnknownFields(query, 'query parameter', ['last', 'after'])
      filter = parseFilter(query, true).filter
      const header = request.headers['last-event-id']
      cursor = startCursor(store, query, typeof header === 'string' && header !== '' ? header : undefined, filter)
      if (request.method !== 'HEAD') live.checkCapacity()
    } catch (error) {
      return sendJsonError(reply, error)
    }
    if (request.method === 'HEAD') return reply.type('text/event-stream; charset=utf-8').send()
    reply.hijack()
    const res = reply.raw
    res.writeHead(200, {
      ...requestCors(request),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // reverse proxies (nginx) must not buffer a live stream
      'x-accel-buffering': 'no',
    })
    res.write('retry: 1000\n\n')
    live.add(res, filter, cursor)
  })
}
