import type {Database, Statement} from 'better-sqlite3'
import type {EventStatus, PayloadRecord, ProcessedEvent} from './types.js'
import {isWholeTsvLine} from '../event/index.js'

/**
 * One commit as it travels to the writer (possibly another thread): plain values only, so the
 * structured clone stays cheap. `event` holds the events table's columns after id and payload_id.
 */
export interface PayloadRow {
  receivedAt: number
  ipAddress: string
  path: string
  thrift: Uint8Array
  events: EventRow[]
}

export interface EventRow {
  columns: EventColumns
  contexts: string[]
}

/** status, event_id, event_type, schema_uri, app_id, collector_tstamp, api_vendor, api_version, raw_event, raw_position, event, tsv, collector_payload, errors, bad_row */
export type EventColumns = [EventStatus, ...(string | number | null)[]]

/** The highest ids a reset deletes up to. */
export interface ResetMarks {
  payloadId: number
  eventId: number
}

/** Rows deleted per transaction by a reset in steps: tens of milliseconds of work each. */
export const RESET_CHUNK_ROWS = 500

/** Ids are handed out consecutively inside one transaction: the first of each is enough. */
export interface FirstIds {
  payloadId: number
  eventId: number
}

export function toPayloadRow(payload: PayloadRecord, events: ProcessedEvent[]): PayloadRow {
  return {
    receivedAt: payload.receivedAt,
    ipAddress: payload.ipAddress,
    path: payload.path,
    // a copy of just these bytes: a Buffer is often a view into a larger pooled ArrayBuffer,
    // which the structured clone would copy whole
    thrift: new Uint8Array(payload.thrift),
    events: events.map(toEventRow),
  }
}

function toEventRow(event: ProcessedEvent): EventRow {
  return {
    columns: [
      event.status,
      event.eventId,
      event.eventType,
      event.schema,
      event.appId,
      event.collectorTstamp,
      event.api?.vendor ?? null,
      event.api?.version ?? null,
      storedRawEvent(event),
      event.rawPosition ?? null,
      storedEventJson(event),
      event.tsv,
      event.collectorPayload,
      JSON.stringify(event.errors),
      event.badRow,
    ],
    contexts: event.contexts,
  }
}

/** The canonical JSON as stored: none when the TSV line reads back as it (queries/event-json.ts). */
export function storedEventJson(event: ProcessedEvent): string | null {
  if (event.tsv === null) return event.event
  return (event.eventFromTsv ?? isWholeTsvLine(event.tsv)) ? null : event.event
}

/**
 * The rawEvent text as stored: none when the event knows its raw event's position in the payload,
 * which is replayed from the stored Thrift bytes on read (a third of an event's bytes otherwise).
 */
export function storedRawEvent(event: ProcessedEvent): string | null {
  return event.rawPosition === undefined ? event.rawEvent : null
}

/**
 * The highest event id ever handed out. SQLite's max(id) drops to 0 after a reset, while ids go on
 * from the mark the reset left in store_meta: a cursor or a count must use this instead.
 */
export const HIGHEST_EVENT_ID_SQL =
  "SELECT MAX(COALESCE((SELECT MAX(id) FROM events), 0), COALESCE((SELECT value FROM store_meta WHERE key = 'events.id'), 0))"

/**
 * The only code that writes events: on the writer thread for a database file, on the caller's
 * connection for `:memory:`. Each write is one IMMEDIATE transaction (takes the write lock up
 * front, so a second process on the same file waits its busy timeout instead of failing).
 */
export class RowWriter {
  private readonly insertPayload: Statement
  private readonly insertEvent: Statement
  private readonly insertContext: Statement
  private readonly addToCount: Statement
  private readonly maxPayloadId: Statement
  private readonly maxEventId: Statement
  private readonly writeTransaction: (rows: PayloadRow[]) => FirstIds
  private readonly resetTransaction: () => void

  constructor(private readonly db: Database) {
    this.insertPayload = db.prepare('INSERT INTO payloads (id, received_at, ip, path, thrift) VALUES (?, ?, ?, ?, ?)')
    this.insertEvent = db.prepare(
      `INSERT INTO events (id, payload_id, status, event_id, event_type, schema_uri, app_id, collector_tstamp,
        api_vendor, api_version, raw_event, raw_position, event, tsv, collector_payload, errors, bad_row)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.insertContext = db.prepare('INSERT INTO event_contexts (event_rowid, position, uri) VALUES (?, ?, ?)')
    this.addToCount = db.prepare('UPDATE event_counts SET n = n + ? WHERE status = ?')
    // Ids are assigned here, not by SQLite, so they never go back after a reset (SQLite would
    // reuse 1 once the table is empty) and stay a valid live-stream cursor; a reset records the
    // largest ids in store_meta so they survive a restart too. Read per transaction: another
    // process may have written to the same file since.
    this.maxPayloadId = db
      .prepare("SELECT MAX(COALESCE((SELECT MAX(id) FROM payloads), 0), COALESCE((SELECT value FROM store_meta WHERE key = 'payloads.id'), 0))")
      .pluck()
    this.maxEventId = db.prepare(HIGHEST_EVENT_ID_SQL).pluck()
    const write = db.transaction((rows: PayloadRow[]) => this.insert(rows))
    this.writeTransaction = (rows) => write.immediate(rows)
    const reset = db.transaction(() => this.deleteAll())
    this.resetTransaction = () => reset.immediate()
  }

  /** Inserts every payload and event in one transaction; throws (and rolls back) on any failure. */
  write(rows: PayloadRow[]): FirstIds {
    return this.writeTransaction(rows)
  }

  /** Deletes all payloads and events (Micro's /micro/reset); ids keep increasing afterwards. */
  reset(): void {
    this.resetTransaction()
  }

  private insert(rows: PayloadRow[]): FirstIds {
    let payloadId = this.maxPayloadId.get() as number
    let eventId = this.maxEventId.get() as number
    const first = {payloadId: payloadId + 1, eventId: eventId + 1}
    // counted once per transaction (not by a per-row trigger): a single UPDATE per status
    const counts = {good: 0, bad: 0, incomplete: 0}
    for (const row of rows) {
      this.insertPayload.run(++payloadId, row.receivedAt, row.ipAddress, row.path, Buffer.from(row.thrift.buffer, row.thrift.byteOffset, row.thrift.byteLength))
      for (const event of row.events) {
        this.insertEvent.run(++eventId, payloadId, ...event.columns)
        const status = event.columns[0]
        if (status in counts) counts[status]++
        for (let position = 0; position < event.contexts.length; position++) this.insertContext.run(eventId, position, event.contexts[position])
      }
    }
    for (const status of ['good', 'bad', 'incomplete'] as const) if (counts[status] > 0) this.addToCount.run(counts[status], status)
    return first
  }

  /**
   * A reset in steps (`/micro/reset` on a big store): records the id marks, after which each
   * `deleteChunk` removes at most `RESET_CHUNK_ROWS` rows among those at or below them, in its own
   * transaction, so writes go on between chunks (and survive the reset: their ids are above).
   */
  beginReset(): ResetMarks {
    return this.db.transaction(() => {
      const marks = {payloadId: this.maxPayloadId.get() as number, eventId: this.maxEventId.get() as number}
      const mark = this.db.prepare('INSERT OR REPLACE INTO store_meta (key, value) VALUES (?, ?)')
      mark.run('payloads.id', marks.payloadId)
      mark.run('events.id', marks.eventId)
      return marks
    }).immediate()
  }

  /** Deletes the next chunk (events first: payloads have no index for their events); false when done. */
  deleteChunk(marks: ResetMarks, rows: number = RESET_CHUNK_ROWS): boolean {
    return this.db.transaction(() => {
      const events = this.db
        .prepare('DELETE FROM events WHERE id IN (SELECT id FROM events WHERE id <= ? ORDER BY id LIMIT ?)')
        .run(marks.eventId, rows).changes
      if (events > 0) return true
      return this.db.prepare('DELETE FROM payloads WHERE id IN (SELECT id FROM payloads WHERE id <= ? ORDER BY id LIMIT ?)').run(marks.payloadId, rows).changes > 0
    }).immediate()
  }

  private deleteAll(): void {
    const lastPayloadId = this.maxPayloadId.get() as number
    const lastEventId = this.maxEventId.get() as number
    this.db.exec('DELETE FROM event_contexts; DELETE FROM events; DELETE FROM payloads;')
    const mark = this.db.prepare('INSERT OR REPLACE INTO store_meta (key, value) VALUES (?, ?)')
    mark.run('payloads.id', lastPayloadId)
    mark.run('events.id', lastEventId)
  }
}
