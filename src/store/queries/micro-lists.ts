import type {Database} from 'better-sqlite3'
import {filterSql, type EventFilter} from './event-filter.js'
import {statement} from './sql-functions.js'
import {EVENT_JSON_SQL} from './event-json.js'
import {RAW_EVENT_COLUMNS, fillRawEvents, type RawEventColumns} from './raw-event-replay.js'

/** The event's context URIs in tracker order, as a JSON array text. */
export const CONTEXTS_JSON_SQL =
  '(SELECT json_group_array(uri) FROM (SELECT uri FROM event_contexts WHERE event_rowid = e.id ORDER BY position))'

interface GoodRow extends RawEventColumns {
  id: number
  status: string
  event_type: string | null
  schema_uri: string | null
  contexts: string
  event: string | null
}

interface BadRow extends RawEventColumns {
  id: number
  collector_payload: string | null
  errors: string
}

/**
 * Micro's GoodEvent, by concatenating JSON texts in Micro's field order
 * (`rawEvent, eventType, schema, contexts, event, incomplete`); `raw_event` as fillRawEvents leaves it.
 */
export function goodEventJson(row: GoodRow): string {
  return (
    '{"rawEvent":' + (row.raw_event ?? 'null') +
    ',"eventType":' + JSON.stringify(row.event_type) +
    ',"schema":' + JSON.stringify(row.schema_uri) +
    ',"contexts":' + row.contexts +
    ',"event":' + (row.event ?? 'null') +
    ',"incomplete":' + (row.status === 'incomplete' ? 'true' : 'false') + '}'
  )
}

/** Micro's BadEvent: `collectorPayload, rawEvent, errors`. */
export function badEventJson(row: BadRow): string {
  return '{"collectorPayload":' + (row.collector_payload ?? 'null') + ',"rawEvent":' + (row.raw_event ?? 'null') + ',"errors":' + row.errors + '}'
}

export const GOOD_COLUMNS = `e.id, e.status, ${RAW_EVENT_COLUMNS}, e.event_type, e.schema_uri, ${EVENT_JSON_SQL} AS event, ${CONTEXTS_JSON_SQL} AS contexts`
export const BAD_COLUMNS = `e.id, e.collector_payload, ${RAW_EVENT_COLUMNS}, e.errors`

export interface ListOptions {
  filter: EventFilter
  /** the N newest (Micro's `limit`); all when absent */
  limit?: number
  /** rows per query (default 200) */
  chunkSize?: number
}

/**
 * Newest first, as JSON texts, one chunk per query. Each chunk is a fresh keyset query
 * (`id < last seen`), so nothing holds the connection between chunks: ingestion carries on while a
 * client slowly downloads a million events, and memory stays at one chunk.
 */
function* chunks<R extends RawEventColumns & {id: number}>(db: Database, columns: string, render: (row: R) => string, options: ListOptions): Generator<string[]> {
  const where = filterSql(options.filter)
  const chunkSize = options.chunkSize ?? 200
  const stmt = statement(db, `SELECT ${columns} FROM events e WHERE ${where.sql} AND e.id < ? ORDER BY e.id DESC LIMIT ?`)
  let remaining = options.limit ?? Number.POSITIVE_INFINITY
  let before = Number.MAX_SAFE_INTEGER
  while (remaining > 0) {
    const take = Math.min(chunkSize, remaining)
    const rows = stmt.all(...where.params, before, take) as R[]
    if (rows.length === 0) return
    remaining -= rows.length
    before = rows[rows.length - 1]!.id
    fillRawEvents(db, rows)
    yield rows.map(render)
    if (rows.length < take) return
  }
}

export function goodEventChunks(db: Database, options: ListOptions): Generator<string[]> {
  return chunks<GoodRow>(db, GOOD_COLUMNS, goodEventJson, options)
}

export function badEventChunks(db: Database, options: ListOptions): Generator<string[]> {
  return chunks<BadRow>(db, BAD_COLUMNS, badEventJson, options)
}
