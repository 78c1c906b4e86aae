import type {Database} from 'better-sqlite3'
import {rawEventToMicroJson, replayRawEvents, type RawEvent} from '../../adapters/index.js'
import {statement} from './sql-functions.js'

/** What a row needs for its rawEvent text: the text, or its position in the stored payload. */
export const RAW_EVENT_COLUMNS = 'e.raw_event, e.raw_position, e.payload_id'

export interface RawEventColumns {
  raw_event: string | null
  raw_position: number | null
  payload_id: number
}

/**
 * Fills in `raw_event` where a row keeps only the position (row-writer.ts `storedRawEvent`): the
 * adapter replays the payload's Thrift bytes once per payload for all its rows in `rows` (a
 * payload's events have consecutive ids, so they arrive together in any id order).
 */
export function fillRawEvents(db: Database, rows: RawEventColumns[]): void {
  let payloadId = -1
  let replayed: RawEvent[] | null = null
  for (const row of rows) {
    if (row.raw_position === null) continue
    if (row.payload_id !== payloadId) {
      payloadId = row.payload_id
      const thrift = statement(db, 'SELECT thrift FROM payloads WHERE id = ?', true).get(payloadId) as Buffer | undefined
      replayed = thrift === undefined ? null : replayRawEvents(thrift)
    }
    const raw = replayed?.[row.raw_position]
    row.raw_event = raw === undefined ? null : rawEventToMicroJson(raw)
  }
}
