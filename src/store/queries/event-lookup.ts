import type {Database} from 'better-sqlite3'
import type {EventStatus} from '../types.js'
import {GOOD_COLUMNS, badEventJson, goodEventJson} from './micro-lists.js'
import {statement} from './sql-functions.js'
import {fillRawEvents} from './raw-event-replay.js'

export interface EventLookup {
  status: EventStatus
  /** Micro GoodEvent JSON (good and incomplete events), else null */
  good: string | null
  /** Micro BadEvent JSON (bad and incomplete events), else null */
  bad: string | null
}

/** The newest stored event with this event_id (a tracker retry can store the same id twice). */
export function findByEventId(db: Database, eventId: string): EventLookup | null {
  const row = statement(
    db,
    `SELECT ${GOOD_COLUMNS}, e.collector_payload, e.errors FROM events e WHERE e.event_id IN (?, ?) ORDER BY e.id DESC LIMIT 1`,
  ).get(eventId, eventId.toLowerCase()) as
    | (Parameters<typeof goodEventJson>[0] & Parameters<typeof badEventJson>[0] & {status: EventStatus})
    | undefined
  if (row === undefined) return null
  fillRawEvents(db, [row])
  return {
    status: row.status,
    good: row.status === 'bad' ? null : goodEventJson(row),
    bad: row.status === 'good' ? null : badEventJson(row),
  }
}
