import type {Database} from 'better-sqlite3'
import {filterSql, type EventFilter, type SqlFragment} from './event-filter.js'
import {statement} from './sql-functions.js'
import {runToEnd, TEXT_SCAN_SPAN, type Steps} from './steps.js'

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

/** Stored events matching `filter`, among those with ids up to `upToId` (and above `afterId`). */
export function countMatching(db: Database, filter: EventFilter, upToId = Number.MAX_SAFE_INTEGER): number {
  return runToEnd(countMatchingSteps(db, filter, upToId))
}

/**
 * The same count as steps. A free-text filter reads every row's stored text (about 10 µs a row:
 * seconds over half a million rows), so it is counted one id range at a time, by row id only (an
 * index on another column would be read whole for every range). Other filters are answered by the
 * indexes in milliseconds, in one step.
 */
export function* countMatchingSteps(
  db: Database,
  filter: EventFilter,
  upToId = Number.MAX_SAFE_INTEGER,
  span = TEXT_SCAN_SPAN,
  afterId = 0,
): Steps<number> {
  const where = filterSql(filter)
  if (filter.text === undefined) return countMatchingOnce(db, where, upToId, afterId)
  const bounds = statement(db, 'SELECT min(id) AS lo, max(id) AS hi FROM events WHERE id > ?').get(afterId) as {lo: number | null; hi: number | null}
  if (bounds.lo === null || bounds.hi === null) return 0
  const count = statement(db, `SELECT count(*) FROM events e NOT INDEXED WHERE ${where.sql} AND e.id >= ? AND e.id < ?`, true)
  const last = Math.min(upToId, bounds.hi)
  let n = 0
  for (let lo = bounds.lo; lo <= last; lo += span) {
    n += count.get(...where.params, lo, Math.min(lo + span, last + 1)) as number
    yield
  }
  return n
}

function countMatchingOnce(db: Database, where: SqlFragment, upToId: number, afterId: number): number {
  return statement(db, `SELECT count(*) FROM events e WHERE ${where.sql} AND e.id > ? AND e.id <= ?`, true).get(...where.params, afterId, upToId) as number
}
