import type pg from 'pg'
import type {IgluClient} from '../iglu/types.js'
import type {SpError} from '../errors/sp-error.js'
import {parseTsv} from '../event/tsv.js'
import {schemaVerToString} from '../iglu/schema-key.js'
import {formatTsvTimestamp} from '../event/timestamps.js'
import {F} from '../event/fields.js'
import type {AtomicValue, EnrichedEvent, SelfDescribing} from '../event/enriched-event.js'
import {ATOMIC_COLUMNS} from './atomic.js'
import {META_COLUMNS, qualified, quoteIdent} from './ddl.js'
import {PostgresTables, arrayType, type EntityVersion} from './tables.js'
import {castValue, showValue} from './values.js'
import {describe, isValueError} from './errors.js'
import {inTransaction} from './connection.js'
import type {StoredEvent} from './cursor.js'

/** An event Postgres would not take (or did not), reported with the column and value at fault. */
export interface Rejection {
  /** the store's row id */
  rowId: number
  eventId: string | null
  table: string
  column: string | null
  value: string | null
  reason: string
}

/** `event 4f0b…: events.se_label = "xxx… (1500 characters)": 1500 characters, over the column's 1000` */
export function describeRejection(r: Rejection): string {
  const where = `${r.table}${r.column ? `.${r.column}` : ''}`
  return `event ${r.eventId ?? `row ${r.rowId}`}: ${where}${r.value !== null ? ` = ${JSON.stringify(r.value)}` : ''}: ${r.reason}`
}

export interface BatchResult {
  /** the last row id of the batch: where the cursor goes */
  lastId: number
  read: number
  inserted: number
  /** already in Postgres (an earlier load, or another process): skipped by the unique key */
  duplicates: number
  rejected: Rejection[]
}

interface EntityRow {
  version: EntityVersion
  values: unknown[]
}

interface PreparedEvent {
  row: StoredEvent
  /** event_id (lower case, as Postgres returns a uuid) + collector_tstamp text: the unique key */
  key: string
  atomic: unknown[]
  entities: EntityRow[]
}

const MAX_ATTEMPTS = 5
const UNDEFINED_TABLE = '42P01'
const UNDEFINED_COLUMN = '42703'

function entitiesOf(event: EnrichedEvent): SelfDescribing[] {
  const contexts = (event[F.contexts] as SelfDescribing[] | null) ?? []
  const derived = (event[F.derived_contexts] as SelfDescribing[] | null) ?? []
  const unstruct = event[F.unstruct_event] as SelfDescribing | null
  return [...(unstruct ? [unstruct] : []), ...contexts, ...derived]
}

/** An atomic value as a parameter: epoch ms → `yyyy-MM-dd HH:mm:ss.SSS` (UTC), 1/0 → boolean. */
function atomicParam(kind: string, value: AtomicValue): unknown {
  if (value === null) return null
  switch (kind) {
    case 'ts':
      return formatTsvTimestamp(value as number)
    case 'bool':
      return value === 1
    case 'num':
      return Number(value)
    default:
      return value
  }
}

function valueAt(data: unknown, path: readonly string[]): unknown {
  let node = data
  for (const key of path) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined
    node = (node as Record<string, unknown>)[key]
  }
  return node
}

/**
 * Loads stored events into Postgres: `events` rows plus one row per entity in its schema's table,
 * a batch per transaction. Re-loading rows is harmless (ON CONFLICT on event_id + collector_tstamp;
 * entity rows go in only with a newly inserted event). An event with a value Postgres refuses is
 * reported and skipped; the others load.
 */
export class PostgresLoader {
  readonly tables: PostgresTables

  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
    iglu: IgluClient,
  ) {
    this.tables = new PostgresTables(pool, schema, iglu)
  }

  async load(rows: readonly StoredEvent[]): Promise<BatchResult> {
    const lastId = rows.length > 0 ? rows[rows.length - 1]!.id : 0
    const rejected: Rejection[] = []
    await this.tables.prepareEvents()
    const parsed: {row: StoredEvent; event: EnrichedEvent}[] = []
    for (const row of rows) {
      try {
        parsed.push({row, event: parseTsv(row.tsv)})
      } catch (error) {
        rejected.push({rowId: row.id, eventId: null, table: 'events', column: null, value: null, reason: `unreadable enriched event: ${describe(error)}`})
      }
    }
    const uris = new Set(parsed.flatMap(({event}) => entitiesOf(event).map((e) => e.schema)))
    const versions = await this.tables.prepare(uris)
    const prepared: PreparedEvent[] = []
    for (const {row, event} of parsed) {
      const result = this.prepareEvent(row, event, versions)
      if ('reason' in result) rejected.push(result)
      else prepared.push(result)
    }
    let inserted = 0
    try {
      inserted = await this.insertRetryingConflicts(prepared)
    } catch (error) {
      if (!isValueError(error)) {
        // a table dropped behind our back is recreated on the next attempt
        if (isMissingRelation(error)) this.tables.forget()
        throw error
      }
      // a value the checks did not foresee: load one by one to find the event at fault
      inserted = await this.insertEachAlone(prepared, rejected)
    }
    return {lastId, read: rows.length, inserted, duplicates: prepared.length - inserted, rejected}
  }

  private prepareEvent(row: StoredEvent, event: EnrichedEvent, versions: Map<string, EntityVersion | SpError>): PreparedEvent | Rejection {
    const eventId = typeof event[F.event_id] === 'string' ? (event[F.event_id] as string).toLowerCase() : null
    const reject = (table: string, column: string | null, value: unknown, reason: string): Rejection => ({
      rowId: row.id,
      eventId,
      table,
      column,
      value: value === undefined || value === null ? null : showValue(value),
      reason,
    })
    const atomic: unknown[] = new Array(ATOMIC_COLUMNS.length)
    for (let i = 0; i < ATOMIC_COLUMNS.length; i++) {
      const column = ATOMIC_COLUMNS[i]!
      const value = atomicParam(column.kind, event[column.index]!)
      if (column.kind === 'ts' || value === null) {
        atomic[i] = value
        continue
      }
      const cast = castValue(column.type, value)
      if (!cast.ok) return reject('events', column.name, value, cast.reason)
      atomic[i] = cast.value
    }
    if (eventId === null || event[F.collector_tstamp] === null) return reject('events', 'event_id', null, 'no event_id or collector_tstamp')
    const tstamp = formatTsvTimestamp(event[F.collector_tstamp] as number)
    const entities: EntityRow[] = []
    for (const entity of entitiesOf(event)) {
      const version = versions.get(entity.schema)
      if (!version || !('columns' in version)) return reject(entity.schema, null, null, version?.message ?? 'unknown schema')
      const {key} = version
      const values: unknown[] = [key.vendor, key.name, key.format, schemaVerToString(key.version), eventId, tstamp]
      for (const column of version.columns) {
        const value = valueAt(entity.data, column.path)
        if ((value === undefined || value === null) && column.notNull) return reject(version.table, column.name, null, 'missing, and the column is NOT NULL')
        const cast = castValue(column.type, value)
        if (!cast.ok) return reject(version.table, column.name, value, cast.reason)
        values.push(cast.value)
      }
      entities.push({version, values})
    }
    return {row, key: `${eventId}|${tstamp}`, atomic, entities}
  }

  /** Inserts the events, then the entities of those that were new; returns how many were new. */
  private async insert(client: pg.PoolClient, events: readonly PreparedEvent[]): Promise<number> {
    const fresh = new Set<string>()
    if (events.length > 0) {
      const {rows} = await client.query<{key: string}>(
        `INSERT INTO ${qualified(this.schema, 'events')} (${ATOMIC_NAMES}) SELECT * FROM ${unnestOf(ATOMIC_TYPES)}
         ON CONFLICT (event_id, collector_tstamp) DO NOTHING
         RETURNING event_id::text || '|' || to_char(collector_tstamp, 'YYYY-MM-DD HH24:MI:SS.MS') AS key`,
        columnArrays(events.map((e) => e.atomic), ATOMIC_TYPES.length),
      )
      for (const row of rows) fresh.add(row.key)
    }
    const byUri = new Map<string, EntityRow[]>()
    let inserted = 0
    for (const event of events) {
      // the first of two identical events in one batch took the key; the second is a duplicate
      if (!fresh.delete(event.key)) continue
      inserted++
      for (const entity of event.entities) {
        const rows = byUri.get(entity.version.uri)
        if (rows) rows.push(entity)
        else byUri.set(entity.version.uri, [entity])
      }
    }
    for (const rows of byUri.values()) {
      const {columns, table, sendAs} = rows[0]!.version
      const names = [...META_COLUMNS, ...columns].map((c) => quoteIdent(c.name)).join(', ')
      const types = [...META_COLUMNS.map((c) => arrayType(c.type)), ...(sendAs ?? columns.map((c) => arrayType(c.type)))]
      await client.query(
        `INSERT INTO ${qualified(this.schema, table)} (${names}) SELECT * FROM ${unnestOf(types)}`,
        columnArrays(rows.map((r) => r.values), types.length),
      )
    }
    return inserted
  }

  /**
   * Two loaders inserting the same events (sp load postgres beside sp micro --postgres on one store)
   * can deadlock on the unique index; Postgres aborts one of them (SQLSTATE class 40), which simply
   * runs again.
   */
  private async insertRetryingConflicts(events: readonly PreparedEvent[]): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await inTransaction(this.pool, (client) => this.insert(client, events))
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isTransactionConflict(error)) throw error
      }
    }
  }

  private async insertEachAlone(events: readonly PreparedEvent[], rejected: Rejection[]): Promise<number> {
    let inserted = 0
    for (const event of events) {
      try {
        inserted += await inTransaction(this.pool, (client) => this.insert(client, [event]))
      } catch (error) {
        if (!isValueError(error)) throw error
        const pgError = error as {table?: string; column?: string}
        rejected.push({
          rowId: event.row.id,
          eventId: event.key.split('|')[0]!,
          table: pgError.table ?? 'events',
          column: pgError.column ?? null,
          value: null,
          reason: `PostgreSQL: ${describe(error)}`,
        })
      }
    }
    return inserted
  }

}

function isTransactionConflict(error: unknown): boolean {
  const code = (error as {code?: unknown} | null)?.code
  return typeof code === 'string' && code.startsWith('40')
}

function isMissingRelation(error: unknown): boolean {
  const code = (error as {code?: unknown} | null)?.code
  return code === UNDEFINED_TABLE || code === UNDEFINED_COLUMN
}

/**
 * `unnest($1::uuid[], $2::text[], …)`: a whole batch as one array per column. Postgres plans it
 * once, whatever the row count (a VALUES list with a parameter per cell is parsed and planned cell
 * by cell, and caps at 65535 parameters).
 */
function unnestOf(arrayTypes: readonly string[]): string {
  return `unnest(${arrayTypes.map((t, i) => `$${i + 1}::${t}`).join(', ')})`
}


function columnArrays(rows: readonly unknown[][], width: number): unknown[][] {
  const columns: unknown[][] = Array.from({length: width}, () => new Array(rows.length))
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!
    for (let c = 0; c < width; c++) columns[c]![r] = row[c]
  }
  return columns
}

const ATOMIC_NAMES = ATOMIC_COLUMNS.map((c) => c.name).join(', ')
const ATOMIC_TYPES = ATOMIC_COLUMNS.map((c) => arrayType(c.type))
