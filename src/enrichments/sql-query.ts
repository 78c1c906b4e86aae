import pg from 'pg'
import {FIELDS} from '../event/fields.js'
import type {SelfDescribing} from '../event/enriched-event.js'
import {formatTsvTimestamp} from '../event/timestamps.js'
import {awaitWork, type Validating} from '../iglu/validating.js'
import {configError, refusedError} from './errors.js'
import {compileEntityInput, pullEntityInput, type EntityInput} from './entity-input.js'
import {LookupCache, type LookupResult} from './http-lookup.js'
import {STEP, type Enrichment, type EnrichmentConfig, type EnrichmentRef, type EnrichmentState} from './types.js'

type Input =
  | {placeholder: number; pojo: number | null; field: string}
  | {placeholder: number; json: EntityInput}

type ExpectedRows = 'EXACTLY_ONE' | 'AT_MOST_ONE' | 'AT_LEAST_ZERO' | 'AT_LEAST_ONE'
type PropertyNames = 'AS_IS' | 'CAMEL_CASE' | 'PASCAL_CASE' | 'SNAKE_CASE' | 'LOWER_CASE' | 'UPPER_CASE'

interface Output {
  schema: string
  expectedRows: ExpectedRows
  propertyNames: PropertyNames
  describes: 'ALL_ROWS' | 'EVERY_ROW'
}

const FIELD_BY_NAME = new Map(FIELDS.map((f, i) => [f.name, i]))

/**
 * sql_query (Enrich `SqlQueryEnrichment`) against PostgreSQL: the `?` placeholders of the
 * configured query are filled from event fields and entities (JSONPath); when every placeholder
 * has a value the query runs (connection pool, results cached by the values) and its rows become
 * contexts (one with all rows, or one per row), column names cased as configured. Errors are
 * `sql-query` failures unless `ignoreOnError`. MySQL is refused.
 */
export class SqlQueryEnrichment implements Enrichment {
  readonly className = 'SqlQueryEnrichment'
  readonly step = STEP.sqlQuery
  private readonly text: string
  private readonly placeholders: number

  constructor(
    private readonly inputs: Input[],
    private readonly pool: pg.Pool,
    sql: string,
    private readonly output: Output,
    private readonly cache: LookupCache,
    private readonly ignoreOnError: boolean,
    private readonly ref: EnrichmentRef,
  ) {
    const converted = toNumberedPlaceholders(sql)
    this.text = converted.text
    this.placeholders = converted.count
  }

  static fromConfig(config: EnrichmentConfig): SqlQueryEnrichment {
    const p = config.data.parameters as {
      inputs: Array<{placeholder: number; pojo?: {field: string}; json?: {field: string; schemaCriterion: string; jsonPath: string}}>
      database: {postgresql?: {host: string; port: number; sslMode: boolean; username: string; password: string; database: string}; mysql?: unknown}
      query: {sql: string}
      output: {expectedRows: ExpectedRows; json: {schema: string; propertyNames: PropertyNames; describes: 'ALL_ROWS' | 'EVERY_ROW'}}
      cache: {size: number; ttl: number}
      ignoreOnError?: boolean
    }
    const db = p.database.postgresql
    if (db === undefined) throw refusedError(config.file, 'sql_query against MySQL is not supported by sp: only PostgreSQL ("database": {"postgresql": {…}}).')
    const inputs: Input[] = p.inputs.map((input, i) => {
      if (input.pojo !== undefined && input.json !== undefined) throw configError(config.file, 'Either json or pojo input must be specified, both provided', `parameters.inputs[${i}]`)
      if (input.pojo !== undefined) return {placeholder: input.placeholder, pojo: FIELD_BY_NAME.get(input.pojo.field) ?? null, field: input.pojo.field}
      if (input.json === undefined) throw configError(config.file, 'Either json or pojo input must be specified', `parameters.inputs[${i}]`)
      try {
        return {placeholder: input.placeholder, json: compileEntityInput(input.json)}
      } catch (e) {
        throw configError(config.file, (e as Error).message, `parameters.inputs[${i}].json`)
      }
    })
    const pool = new pg.Pool({host: db.host, port: db.port, user: db.username, password: db.password, database: db.database, ssl: db.sslMode ? {rejectUnauthorized: false} : false, max: 4, allowExitOnIdle: true, types: {getTypeParser: () => (text: string) => text}})
    // an idle connection that fails (database restarted) must not bring sp down
    pool.on('error', () => {})
    const o = p.output
    return new SqlQueryEnrichment(
      inputs,
      pool,
      p.query.sql,
      {schema: o.json.schema, expectedRows: o.expectedRows, propertyNames: o.json.propertyNames, describes: o.json.describes},
      new LookupCache(p.cache.size, p.cache.ttl),
      p.ignoreOnError === true,
      {schemaKey: config.schema, identifier: 'sql-query'},
    )
  }

  *run(state: EnrichmentState): Validating<void> {
    const values = new Map<number, unknown>()
    const errors: string[] = []
    for (const input of this.inputs) {
      const v = this.pull(input, state)
      if (v instanceof Error) errors.push(v.message)
      else if (v !== null) values.set(input.placeholder, v)
    }
    if (errors.length > 0) return this.fail(state, ['Error while building the map of placeholders', ...errors])
    // Enrich queries only when placeholders 1..n are all filled and n is the query's count
    const keys = [...values.keys()].sort((a, b) => a - b)
    if (!keys.every((k, i) => k === i + 1) || keys.length !== this.placeholders) return
    const params = keys.map((k) => values.get(k))
    const key = JSON.stringify(params)
    const result = this.cache.settled(key) ?? (yield* awaitWork(this.cache.get(key, () => this.query(params))))
    if (!result.ok) return this.fail(state, ['Error while executing the sql lookup', result.error])
    const contexts = result.value as SelfDescribing[]
    for (const c of contexts) state.unchecked.add(c)
    if (contexts.length > 0) state.derived = [...contexts, ...state.derived]
  }

  private fail(state: EnrichmentState, errors: string[]): void {
    if (!this.ignoreOnError) for (const error of errors) state.failures.push({enrichment: this.ref, message: {error}})
  }

  /** A placeholder's value (typed as JDBC would bind it), null when absent, an Error for a bad input. */
  private pull(input: Input, state: EnrichmentState): unknown {
    const ev = state.event
    if ('pojo' in input) {
      if (input.pojo === null) return new Error('SQL Query Enrichment: Wrong POJO input field was specified')
      const v = ev[input.pojo]
      if (v === null) return null
      const kind = FIELDS[input.pojo]!.kind
      return kind === 'ts' ? formatTsvTimestamp(v as number) : kind === 'num' ? Number(v) : v
    }
    const value = pullEntityInput(input.json, state)
    // Enrich binds booleans, numbers and strings; anything else leaves the placeholder empty
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null
  }

  private async query(params: unknown[]): Promise<LookupResult> {
    try {
      const result = await this.pool.query({text: this.text, values: params})
      const rows = result.rows.map((row: Record<string, string | null>) => {
        const out: Record<string, unknown> = {}
        for (const f of result.fields) out[propertyName(f.name, this.output.propertyNames)] = columnValue(row[f.name] ?? null, f.dataTypeID)
        return out
      })
      const collected = collect(rows, this.output.expectedRows)
      if (typeof collected === 'string') return {ok: false, error: collected}
      const describe = (data: unknown): SelfDescribing => ({schema: this.output.schema, data})
      if (this.output.describes === 'EVERY_ROW') return {ok: true, value: collected.map(describe)}
      const many = this.output.expectedRows === 'AT_LEAST_ONE' || this.output.expectedRows === 'AT_LEAST_ZERO'
      return {ok: true, value: many ? [describe(collected)] : collected.slice(0, 1).map(describe)}
    } catch (e) {
      const err = e as Error & {code?: string}
      return {ok: false, error: err.code !== undefined && /^[0-9A-Z]{5}$/.test(err.code) ? `org.postgresql.util.PSQLException: ERROR: ${err.message}` : err.message}
    }
  }
}

/** Enrich's expectedRows check; a string is its error. */
function collect(rows: unknown[], expected: ExpectedRows): unknown[] | string {
  if (expected === 'EXACTLY_ONE' && rows.length !== 1) return 'SQL Query Enrichment: exactly one row was expected'
  if (expected === 'AT_MOST_ONE' && rows.length > 1) return 'SQL Query Enrichment: at most one row was expected'
  if (expected === 'AT_LEAST_ONE' && rows.length === 0) return 'SQL Query Enrichment: at least one row was expected. 0 given instead'
  return rows
}

/** `?` (outside quotes) → `$1`, `$2`…, and how many there are (JDBC's parameter count). */
export function toNumberedPlaceholders(sql: string): {text: string; count: number} {
  let count = 0
  let text = ''
  let quote: string | null = null
  for (const c of sql) {
    if (quote !== null) {
      if (c === quote) quote = null
      text += c
    } else if (c === "'" || c === '"') {
      quote = c
      text += c
    } else if (c === '?') text += `$${++count}`
    else text += c
  }
  return {text, count}
}

/** Enrich's property-name modes (JsonOutput.PropertyNameMode). */
export function propertyName(name: string, mode: PropertyNames): string {
  switch (mode) {
    case 'CAMEL_CASE':
      return name.replace(/_([a-z\d])/g, (_, c: string) => c.toUpperCase())
    case 'PASCAL_CASE': {
      const camel = name.replace(/_([a-z\d])/g, (_, c: string) => c.toUpperCase())
      return camel.charAt(0).toUpperCase() + camel.slice(1)
    }
    case 'SNAKE_CASE':
      return name.replace(/[A-Z\d]/g, (c) => `_${c.toLowerCase()}`)
    case 'LOWER_CASE':
      return name.toLowerCase()
    case 'UPPER_CASE':
      return name.toUpperCase()
    default:
      return name
  }
}

/** A PostgreSQL text value as the JDBC driver's Java object becomes JSON in Enrich. */
function columnValue(text: string | null, oid: number): unknown {
  if (text === null) return null
  switch (oid) {
    case 16: // bool
      return text === 't'
    case 20: // int8
    case 21: // int2
    case 23: // int4
    case 700: // float4
    case 701: // float8
      return Number(text)
    case 25: // text
    case 1042: // bpchar
    case 1043: // varchar
    case 19: // name
      return text
    case 1082: // date: new DateTime(java.sql.Date).toString, in UTC
      return `${text}T00:00:00.000Z`
    case 1114: // timestamp: java.sql.Timestamp.toString (not JSON, so kept as a string)
      return javaTimestamp(text)
    case 1184: // timestamptz: the instant, in UTC
      return javaTimestamp(new Date(text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString().replace('T', ' ').replace('Z', ''))
    default: {
      // numeric, json, jsonb, …: Enrich parses the value's text as JSON, else keeps the string
      try {
        return JSON.parse(text)
      } catch {
        return text
      }
    }
  }
}

/** `2015-01-01 10:00:00.0`, `2015-01-01 10:00:00.123` (fraction without trailing zeros, at least one digit). */
function javaTimestamp(text: string): string {
  const [whole, fraction = ''] = text.split('.')
  const trimmed = fraction.replace(/0+$/, '')
  return `${whole}.${trimmed === '' ? '0' : trimmed}`
}
