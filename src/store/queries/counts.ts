import type {Database} from 'better-sqlite3'
import {filterSql, type EventFilter} from './event-filter.js'
import {statement} from './sql-functions.js'

/** Rows per status. Micro's `/micro/all` is {total: good + bad + incomplete, good, bad: bad + incomplete}. */
export interface StatusCounts {
  good: number
  bad: number
  incomplete: number
}

/**
 * Read from the `event_counts` table (migration 3), kept exact by the writer's inserts and a delete
 * trigger: O(1) whatever the store holds, where COUNT(*) over a million rows costs tens of
 * milliseconds per call.
 */
export function readStatusCounts(db: Database): StatusCounts {
  const rows = statement(db, 'SELECT status, n FROM event_counts').all() as {status: string; n: number}[]
  const counts: StatusCounts = {good: 0, bad: 0, incomplete: 0}
  for (const row of rows) {
    if (row.status === 'good' || row.status === 'bad' || row.status === 'incomplete') counts[row.status] = row.n
  }
  return counts
}

/** Micro's summary: incomplete events count as bad only. */
export function microSummary(counts: StatusCounts): {total: number; good: number; bad: number} {
  const bad = counts.bad + counts.incomplete
  return {total: counts.good + bad, good: counts.good, bad}
}

/** Stored events matching `filter`, among those with ids up to `upToId`. */
export function countMatching(db: Database, filter: EventFilter, upToId = Number.MAX_SAFE_INTEGER): number {
  const where = filterSql(filter)
  const row = statement(db, `SELECT count(*) AS n FROM events e WHERE ${where.sql} AND e.id <= ?`).get(...where.params, upToId) as {n: number}
  return row.n
}
