import type {Database} from 'better-sqlite3'
import {filterSql, type EventFilter} from './event-filter.js'
import {statement} from './sql-functions.js'
import {eventFieldJsonSql} from './event-json.js'

/** Micro: `contexts_*` and `unstruct_event*` columns are neither filterable nor sortable. */
export function isComplexColumn(column: string): boolean {
  return column.startsWith('contexts_') || column.startsWith('unstruct_event')
}

export function isTimestampColumn(column: string): boolean {
  return column.endsWith('_tstamp')
}

/**
 * The value Micro compares for a column: a JSON string as is, anything else as compact JSON
 * (`8000`, `true`, and `null` for a null field, which is a value Micro lists and filters on);
 * SQL NULL when the event has no such key. Indexed columns read their own SQL column. SQL text
 * without parameters, for filtering and sorting.
 */
export function columnExpression(column: string): string {
  switch (column) {
    case 'app_id':
      return "coalesce(e.app_id, 'null')"
    case 'event':
      return "coalesce(e.event_type, 'null')"
    case 'event_id':
      return "coalesce(e.event_id, 'null')"
    case 'collector_tstamp':
      // ISO timestamps sort like the epoch ms the column holds, and the index serves the sort
      return 'e.collector_tstamp'
    case 'geo_location': {
      const lat = `json_extract(${eventFieldJsonSql('geo_latitude')}, '$')`
      const lon = `json_extract(${eventFieldJsonSql('geo_longitude')}, '$')`
      return `CASE WHEN ${lat} IS NOT NULL AND ${lon} IS NOT NULL THEN ${lat} || ',' || ${lon} END`
    }
    default: {
      const value = eventFieldJsonSql(column)
      return `CASE json_type(${value}) WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' WHEN 'null' THEN 'null' ELSE CAST(json_extract(${value}, '$') AS TEXT) END`
    }
  }
}

export interface ColumnFilter {
  column: string
  values: string[]
}

/**
 * Micro 4.4+: case-insensitive exact match, OR within a column, AND across columns; empty strings
 * ignored; complex columns ignored. The indexed columns keep their index usable.
 */
function columnFilterSql(filter: ColumnFilter, params: unknown[]): string | null {
  if (isComplexColumn(filter.column)) return null
  const values = filter.values.filter((v) => v !== '')
  if (values.length === 0) return null
  const marks = values.map(() => '?').join(', ')
  const wantsNull = values.some((v) => v.toLowerCase() === 'null')
  const orNull = (column: string): string => (wantsNull ? ` OR ${column} IS NULL` : '')
  switch (filter.column) {
    case 'app_id':
      params.push(...values)
      return `(e.app_id COLLATE NOCASE IN (${marks})${orNull('e.app_id')})`
    case 'event':
    case 'event_id':
      // enrich writes both in lower case
      params.push(...values.map((v) => v.toLowerCase()))
      return filter.column === 'event'
        ? `(e.event_type IN (${marks})${orNull('e.event_type')})`
        : `(e.event_id IN (${marks})${orNull('e.event_id')})`
    default: {
      params.push(...values.map((v) => v.toLowerCase()))
      return `lower(${columnExpression(filter.column)}) IN (${marks})`
    }
  }
}

export interface EventsPageQuery {
  filters: ColumnFilter[]
  /** true = valid only, false = incomplete only, null = both */
  validEvents: boolean | null
  /** collector_tstamp in [start, end) (epoch ms) */
  start?: number
  end?: number
  sorting: {column: string; desc: boolean} | null
  /** 1-based */
  page: number
  pageSize: number
  /** our common filter, AND-ed on top (Micro has no such thing) */
  extra?: EventFilter
}

export interface EventsPage {
  /** row ids of the page, in order */
  ids: number[]
  totalItems: number
  totalPages: number
}

/**
 * Micro's `/micro/events` selection: good and incomplete events, newest first unless sorted.
 * Returns the page's ids only; rows come in chunks from eventRowsByIds so a huge pageSize streams.
 */
export function queryEventsPage(db: Database, query: EventsPageQuery): EventsPage {
  const base: EventFilter = {
    ...query.extra,
    statuses: query.validEvents === null ? ['good', 'incomplete'] : query.validEvents ? ['good'] : ['incomplete'],
  }
  if (query.extra?.statuses !== undefined) base.statuses = base.statuses!.filter((s) => query.extra!.statuses!.includes(s))
  if (query.start !== undefined) base.since = Math.max(query.start, query.extra?.since ?? query.start)
  if (query.end !== undefined) base.until = Math.min(query.end, query.extra?.until ?? query.end)
  const where = filterSql(base)
  const conditions = [where.sql]
  const params = [...where.params]
  for (const filter of query.filters) {
    const sql = columnFilterSql(filter, params)
    if (sql !== null) conditions.push(sql)
  }
  const whereSql = conditions.join(' AND ')
  const totalItems = (statement(db, `SELECT count(*) AS n FROM events e WHERE ${whereSql}`).get(...params) as {n: number}).n
  const pageSize = Math.max(query.pageSize, 0)
  const totalPages = Math.max(1, Math.ceil(totalItems / Math.max(pageSize, 1)))
  const offset = (Math.max(query.page, 1) - 1) * pageSize
  if (pageSize === 0 || offset >= totalItems) return {ids: [], totalItems, totalPages}

  let order = 'e.id DESC'
  if (query.sorting !== null && !isComplexColumn(query.sorting.column)) {
    // SQLite puts NULL (no such key) first ascending, last descending: Micro's order for missing values
    order = `${columnExpression(query.sorting.column)} ${query.sorting.desc ? 'DESC' : 'ASC'}, e.id DESC`
  }
  const pageSql = `SELECT e.id FROM events e WHERE ${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?`
  const ids = statement(db, pageSql, true).all(...params, pageSize, offset) as number[]
  return {ids, totalItems, totalPages}
}

export interface EventRow {
  id: number
  status: string
  /** the canonical JSON as stored: only where the TSV line would not read back (row-writer.ts) */
  event: string | null
  tsv: string | null
}

/** The rows for `ids`, in the order given. */
export function eventRowsByIds(db: Database, ids: number[]): EventRow[] {
  if (ids.length === 0) return []
  const rows = statement(db, `SELECT e.id, e.status, e.event, e.tsv FROM events e WHERE e.id IN (SELECT value FROM json_each(?))`).all(
    JSON.stringify(ids),
  ) as EventRow[]
  const byId = new Map(rows.map((r) => [r.id, r]))
  const out: EventRow[] = []
  for (const id of ids) {
    const row = byId.get(id)
    if (row !== undefined) out.push(row)
  }
  return out
}
