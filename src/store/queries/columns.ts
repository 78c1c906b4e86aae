import type {Database} from 'better-sqlite3'
import {FIELDS, shreddedSuffix} from '../../event/index.js'
import {columnExpression, isComplexColumn, isTimestampColumn} from './events-page.js'
import {statement} from './sql-functions.js'
import {FIELD_SCAN_SPAN, runToEnd, type Steps} from './steps.js'
import {eventFieldJsonSql} from './event-json.js'

/** Rows sampled per schema to discover the fields of its entities (and for columnStats values). */
const FIELD_SAMPLE = 200
const STATS_SAMPLE = 10_000

const ATOMIC_COLUMNS = FIELDS.filter((f) => f.kind !== 'contexts' && f.kind !== 'unstruct').map((f) => f.name)

/**
 * Distinct values of an indexed column by walking the index with one seek per value (a loose index
 * scan): milliseconds for a handful of schemas among millions of rows, where DISTINCT reads them all.
 */
function distinctIndexed(db: Database, table: string, column: string): string[] {
  return statement(
    db,
    `WITH RECURSIVE walk(v) AS (
       SELECT min(${column}) FROM ${table}
       UNION ALL
       SELECT (SELECT min(${column}) FROM ${table} WHERE ${column} > walk.v) FROM walk WHERE walk.v IS NOT NULL
     ) SELECT v FROM walk WHERE v IS NOT NULL`,
    true,
  ).all() as string[]
}

function objectKeys(value: unknown): string[] {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value) : []
}

function parse(text: string | null): unknown {
  if (text === null) return null
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/**
 * Micro's `/micro/columns`: the sorted union of lossy-JSON keys of good and incomplete events,
 * plus `contexts_X.field` and `unstruct_event_X.field`. Atomic fields are always present in the
 * lossy JSON; schemas come from the indexes exactly; the fields of each schema's data are read from
 * its newest 200 events (Micro reads every event it holds).
 */
export function queryColumns(db: Database): string[] {
  return runToEnd(columnsSteps(db))
}

/** The same, in steps: one schema's sample per step, the newest events 64 rows a step. */
export function* columnsSteps(db: Database): Steps<string[]> {
  const any = statement(db, "SELECT 1 FROM events e WHERE e.status IN ('good', 'incomplete') LIMIT 1").get()
  if (any === undefined) return []
  const columns = new Set<string>(ATOMIC_COLUMNS)
  const addEntities = (entities: unknown, only?: string): void => {
    if (!Array.isArray(entities)) return
    for (const entity of entities as {schema?: unknown; data?: unknown}[]) {
      if (typeof entity?.schema !== 'string' || (only !== undefined && entity.schema !== only)) continue
      const key = shreddedSuffix(entity.schema)
      if (key === null) continue
      const column = `contexts_${key.suffix}`
      columns.add(column)
      if (objectKeys(entity.data).length > 0) columns.add(`${column}._schema_version`)
      for (const field of objectKeys(entity.data)) columns.add(`${column}.${field}`)
    }
  }

  for (const uri of distinctIndexed(db, 'event_contexts', 'uri')) {
    const samples = statement(
      db,
      `SELECT json_extract(${eventFieldJsonSql('contexts')}, '$.data') FROM event_contexts c JOIN events e ON e.id = c.event_rowid
       WHERE c.uri = ? AND e.status IN ('good', 'incomplete') ORDER BY c.event_rowid DESC LIMIT ?`,
      true,
    ).all(uri, FIELD_SAMPLE) as (string | null)[]
    for (const text of samples) addEntities(parse(text), uri)
    yield
  }

  for (const uri of distinctIndexed(db, 'events', 'schema_uri')) {
    const samples = statement(
      db,
      `SELECT json_extract(${eventFieldJsonSql('unstruct_event')}, '$.data') FROM events e
       WHERE e.schema_uri = ? AND e.status IN ('good', 'incomplete') AND json_extract(${eventFieldJsonSql('unstruct_event')}, '$') IS NOT NULL
       ORDER BY e.id DESC LIMIT ?`,
      true,
    ).all(uri, FIELD_SAMPLE) as (string | null)[]
    for (const text of samples) {
      const inner = parse(text) as {schema?: unknown; data?: unknown} | null
      if (typeof inner?.schema !== 'string') continue
      const key = shreddedSuffix(inner.schema)
      if (key === null) continue
      const column = `unstruct_event_${key.suffix}`
      columns.add(column)
      for (const field of objectKeys(inner.data)) columns.add(`${column}.${field}`)
    }
    yield
  }

  // derived contexts and geo_location have no index: read the newest events, a few rows a step
  const recent = statement(
    db,
    `SELECT json_extract(${eventFieldJsonSql('derived_contexts')}, '$.data') AS derived,
       json_extract(${eventFieldJsonSql('geo_latitude')}, '$') IS NOT NULL AND json_extract(${eventFieldJsonSql('geo_longitude')}, '$') IS NOT NULL AS geo
     FROM events e WHERE e.status IN ('good', 'incomplete') AND e.id > ? AND e.id <= ?`,
  )
  const sample = newestSample(db)
  for (let hi = sample?.newest ?? 0; sample !== undefined && hi >= sample.oldest; hi -= FIELD_SCAN_SPAN) {
    for (const row of recent.all(Math.max(hi - FIELD_SCAN_SPAN, sample.oldest - 1), hi) as {derived: string | null; geo: number}[]) {
      if (row.derived !== null) addEntities(parse(row.derived))
      if (row.geo === 1) columns.add('geo_location')
    }
    yield
  }
  return [...columns].sort()
}

/** The ids of the newest STATS_SAMPLE good and incomplete events: (oldest - 1, newest]; none for an empty store. */
function newestSample(db: Database): {newest: number; oldest: number} | undefined {
  const newest = statement(db, "SELECT max(id) FROM events e WHERE e.status IN ('good', 'incomplete')", true).get() as number | null
  if (newest === null) return undefined
  const oldest = statement(db, "SELECT id FROM events e WHERE e.status IN ('good', 'incomplete') ORDER BY e.id DESC LIMIT 1 OFFSET ?", true).get(STATS_SAMPLE - 1) as number | undefined
  return {newest, oldest: oldest ?? 0}
}

export interface ColumnStats {
  sortable: boolean
  filterable: boolean
  /** up to 20 distinct values, newest first; null for columns that cannot be filtered */
  values: string[] | null
}

/**
 * Micro's `/micro/columnStats`. Values are the distinct values among the newest 10,000 good and
 * incomplete events (Micro's in-memory store reads all of them; its PostgreSQL store the newest 1000).
 */
export function queryColumnStats(db: Database, columns: string[]): Record<string, ColumnStats> {
  return runToEnd(columnStatsSteps(db, columns))
}

/**
 * A column asked twice is read once. Each column's values are read in steps of a few hundred rows
 * (deriving a field from the stored TSV costs tens of microseconds a row: a whole column of the
 * sample takes up to half a second), newest first, keeping each value's newest row.
 */
export function* columnStatsSteps(db: Database, columns: string[]): Steps<Record<string, ColumnStats>> {
  const out: Record<string, ColumnStats> = {}
  const sample = newestSample(db)
  for (const column of new Set(columns)) {
    const sortable = !isComplexColumn(column)
    const filterable = sortable && !isTimestampColumn(column)
    let values: string[] | null = filterable ? [] : null
    if (filterable && sample !== undefined) {
      const range = statement(
        db,
        `SELECT ${columnExpression(column)} AS v, max(e.id) AS id FROM events e
         WHERE e.status IN ('good', 'incomplete') AND e.id > ? AND e.id <= ? GROUP BY v HAVING v IS NOT NULL`,
      )
      const seen = new Map<string, number>()
      for (let hi = sample.newest; hi >= sample.oldest; hi -= FIELD_SCAN_SPAN) {
        for (const row of range.all(Math.max(hi - FIELD_SCAN_SPAN, sample.oldest - 1), hi) as {v: unknown; id: number}[]) {
          const value = String(row.v)
          if (!seen.has(value)) seen.set(value, row.id)
        }
        yield
      }
      values = [...seen].sort((a, b) => b[1] - a[1]).slice(0, 20).map(([v]) => v)
    }
    out[column] = {sortable, filterable, values}
    yield
  }
  return out
}
