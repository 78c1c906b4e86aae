import {Readable} from 'node:stream'
import type {FastifyInstance} from 'fastify'
import type {Database} from 'better-sqlite3'
import type {Store} from '../../store/index.js'
import {
  eventRowsByIds,
  columnStatsSteps,
  columnsSteps,
  queryEventsPage,
  timelineSteps,
  type ColumnFilter,
  type EventsPageQuery,
} from '../../store/queries/index.js'
import {invalidField} from '../errors.js'
import {parseFilter, parseInstant, rejectUnknownFields, type FilterInput} from '../filter-params.js'
import {jsonObjectBody, sendBodyError} from '../request-body.js'
import {lossyEventJson} from '../lossy.js'
import {jsonArrayBody} from '../json-stream.js'
import {API_LIMITS, checkCount} from '../limits.js'
import type {WorkSlicer} from '../work-slicer.js'

const ROWS_PER_CHUNK = 200

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function integer(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalidField(field, 'an integer', value)
  return value
}

function columnFilters(value: unknown): ColumnFilter[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) throw invalidField('filters', 'a list of {column, values}', value)
  checkCount('filters', value.length, API_LIMITS.eventFilters)
  let valueCount = 0
  return value.map((f, i) => {
    if (!isObject(f) || typeof f.column !== 'string') throw invalidField(`filters[${i}]`, 'an object with a column name', f)
    // Micro before 4.4 sent one `value`; 4.4+ sends `values`
    const values = f.values ?? (f.value === undefined ? [] : [f.value])
    if (!Array.isArray(values) || !values.every((v) => typeof v === 'string')) {
      throw invalidField(`filters[${i}].values`, 'a list of strings', f.values)
    }
    valueCount += values.length
    checkCount('filters[].values (all filters together)', valueCount, API_LIMITS.filterValues)
    return {column: f.column, values: values as string[]}
  })
}

/** Micro's EventsRequest, plus an optional `filter` (our common filter object) AND-ed on top. */
export function parseEventsRequest(body: Record<string, unknown>): EventsPageQuery {
  if (body.page === undefined) throw invalidField('page', 'an integer (1-based)', undefined)
  if (body.pageSize === undefined) throw invalidField('pageSize', 'an integer', undefined)
  const query: EventsPageQuery = {
    filters: columnFilters(body.filters),
    validEvents: null,
    sorting: null,
    page: integer('page', body.page),
    pageSize: integer('pageSize', body.pageSize),
  }
  if (body.validEvents !== undefined && body.validEvents !== null) {
    if (typeof body.validEvents !== 'boolean') throw invalidField('validEvents', 'true, false or null', body.validEvents)
    query.validEvents = body.validEvents
  }
  if (body.timeRange !== undefined && body.timeRange !== null) {
    if (!isObject(body.timeRange)) throw invalidField('timeRange', 'an object {start?, end?}', body.timeRange)
    const start = parseInstant('timeRange.start', body.timeRange.start)
    const end = parseInstant('timeRange.end', body.timeRange.end)
    if (start !== undefined) query.start = start
    if (end !== undefined) query.end = end
  }
  if (body.sorting !== undefined && body.sorting !== null) {
    const s = body.sorting
    if (!isObject(s) || typeof s.column !== 'string' || typeof s.desc !== 'boolean') {
      throw invalidField('sorting', 'an object {column: string, desc: boolean}', s)
    }
    query.sorting = {column: s.column, desc: s.desc}
  }
  if (body.filter !== undefined && body.filter !== null) {
    if (!isObject(body.filter)) throw invalidField('filter', 'a filter object', body.filter)
    rejectUnknownFields(body.filter, 'filter field')
    query.extra = parseFilter(body.filter as FilterInput).filter
  }
  return query
}

/** The page's events, converted to lossy JSON a chunk of rows at a time. */
function* lossyChunks(db: Database, ids: number[]): Generator<string[]> {
  for (let i = 0; i < ids.length; i += ROWS_PER_CHUNK) {
    yield eventRowsByIds(db, ids.slice(i, i + ROWS_PER_CHUNK)).map(lossyEventJson)
  }
}

function eventsBody(db: Database, ids: number[], totalPages: number, totalItems: number): string | Readable {
  return jsonArrayBody(lossyChunks(db, ids), '{"events":', `,"totalPages":${totalPages},"totalItems":${totalItems}}`)
}

/** Epoch ms as Micro 4.x encodes Instants; ISO strings accepted too. */
function bucketTime(field: string, value: unknown): number {
  const ms = parseInstant(field, value)
  if (ms === undefined) throw invalidField(field, 'a time (epoch ms or ISO-8601)', value)
  return ms
}

/**
 * `slicer` runs the per-column and per-bucket reads between other requests: a columnStats or
 * timeline request over a big store answers as fast as before, without stopping the collector.
 */
export function registerExplorerRoutes(fastify: FastifyInstance, store: Store, slicer: WorkSlicer): void {
  fastify.post('/micro/events', async (request, reply) => {
    try {
      const query = parseEventsRequest(jsonObjectBody(request.body))
      const page = queryEventsPage(store.db, query)
      return reply.type('application/json').send(eventsBody(store.db, page.ids, page.totalPages, page.totalItems))
    } catch (error) {
      return sendBodyError(reply, error)
    }
  })

  fastify.get('/micro/columns', async (_request, reply) => reply.type('application/json').send(JSON.stringify(await slicer.run(columnsSteps(store.db)))))

  fastify.post('/micro/columnStats', async (request, reply) => {
    try {
      const body = jsonObjectBody(request.body)
      const columns = body.columns
      if (!Array.isArray(columns) || !columns.every((c) => typeof c === 'string')) {
        throw invalidField('columns', 'a list of column names', columns)
      }
      const distinct = [...new Set(columns as string[])]
      checkCount('columns (distinct)', distinct.length, API_LIMITS.statsColumns)
      const stats = await slicer.run(columnStatsSteps(store.db, distinct))
      return reply.type('application/json').send(JSON.stringify(stats))
    } catch (error) {
      return sendBodyError(reply, error)
    }
  })

  fastify.post('/micro/timeline', async (request, reply) => {
    try {
      const body = jsonObjectBody(request.body)
      if (!Array.isArray(body.buckets)) throw invalidField('buckets', 'a list of {start, end}', body.buckets)
      checkCount('buckets', body.buckets.length, API_LIMITS.timelineBuckets)
      const buckets = body.buckets.map((b: unknown, i: number) => {
        if (!isObject(b)) throw invalidField(`buckets[${i}]`, 'an object {start, end}', b)
        return {start: bucketTime(`buckets[${i}].start`, b.start), end: bucketTime(`buckets[${i}].end`, b.end)}
      })
      const counts = await slicer.run(timelineSteps(store.db, buckets))
      const points = counts.map((c, i) => ({validEvents: c.validEvents, failedEvents: c.failedEvents, bucket: buckets[i]}))
      return reply.type('application/json').send(JSON.stringify({points}))
    } catch (error) {
      return sendBodyError(reply, error)
    }
  })
}
