import type {Database} from 'better-sqlite3'
import type {EventStatus} from '../types.js'
import {filterSql, type EventFilter} from './event-filter.js'
import {CONTEXTS_JSON_SQL} from './micro-lists.js'
import {statement} from './sql-functions.js'
import {HIGHEST_EVENT_ID_SQL} from '../row-writer.js'
import {whatOfStored} from '../../event/what.js'

/** What the live stream says about one event (the same facts as a CommittedEvent's summary). */
export interface EventSummary {
  id: number
  status: EventStatus
  eventId: string | null
  eventType: string | null
  schema: string | null
  contexts: string[]
  appId: string | null
  collectorTstamp: number
  errors: string[]
  /** a few words on what happened (src/event/what.ts) */
  what: string | null
}

interface SummaryRow {
  id: number
  status: EventStatus
  event_id: string | null
  event_type: string | null
  schema_uri: string | null
  contexts: string
  app_id: string | null
  collector_tstamp: number
  errors: string
  stored: string | null
}

/**
 * Stored events after row id `afterId` (and up to `upToId`), oldest first: the live stream's
 * catch-up, chunk by chunk. The upper bound keeps one read short when the filter matches little.
 */
export function summariesAfter(db: Database, afterId: number, filter: EventFilter, limit: number, upToId = Number.MAX_SAFE_INTEGER): EventSummary[] {
  const where = filterSql(filter)
  const rows = statement(
    db,
    `SELECT e.id, e.status, e.event_id, e.event_type, e.schema_uri, ${CONTEXTS_JSON_SQL} AS contexts, e.app_id,
       e.collector_tstamp, e.errors, coalesce(e.tsv, e.event) AS stored
     FROM events e WHERE ${where.sql} AND e.id > ? AND e.id <= ? ORDER BY e.id ASC LIMIT ?`,
  ).all(...where.params, afterId, upToId, limit) as SummaryRow[]
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    eventId: r.event_id,
    eventType: r.event_type,
    schema: r.schema_uri,
    contexts: JSON.parse(r.contexts) as string[],
    appId: r.app_id,
    collectorTstamp: r.collector_tstamp,
    errors: JSON.parse(r.errors) as string[],
    what: whatOfStored(r.stored),
  }))
}

/**
 * The highest event id handed out so far, deleted or not (0 for a new store): where a stream
 * without history starts, and what a count covers (events still being delivered that a reset
 * deleted have ids at or below it).
 */
export function lastEventRowId(db: Database): number {
  return statement(db, HIGHEST_EVENT_ID_SQL, true).get() as number
}

/** A cursor such that the `n` newest matching events come next (0 when fewer are stored). */
export function cursorBeforeLast(db: Database, filter: EventFilter, n: number): number {
  if (n <= 0) return lastEventRowId(db)
  const where = filterSql(filter)
  const row = statement(db, `SELECT e.id FROM events e WHERE ${where.sql} ORDER BY e.id DESC LIMIT 1 OFFSET ?`).get(...where.params, n - 1) as
    | {id: number}
    | undefined
  return row === undefined ? 0 : row.id - 1
}
