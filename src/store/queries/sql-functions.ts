import type {Database, Statement} from 'better-sqlite3'
import {registerEventFunctions} from './event-json.js'
import {failureSchemaMatches} from './event-filter.js'

const prepared = new WeakSet<Database>()
const regexCache = new Map<string, RegExp>()

/**
 * Registers the SQL functions the query modules use (once per connection): `sp_regexp(pattern,
 * value)` backs URI patterns with `*` versions, so SQL and the live JS matcher agree exactly;
 * `sp_failure_schema(bad_row, uri, pattern)` matches a failed event by the schemas its bad row names;
 * `sp_event` and `sp_event_field` read the canonical event from the stored TSV (event-json.ts).
 */
export function ensureQueryFunctions(db: Database): void {
  if (prepared.has(db)) return
  db.function('sp_regexp', {deterministic: true}, (pattern: unknown, value: unknown) => {
    if (typeof pattern !== 'string' || typeof value !== 'string') return 0
    return cachedRegex(pattern).test(value) ? 1 : 0
  })
  db.function('sp_failure_schema', {deterministic: true}, (badRow: unknown, uri: unknown, pattern: unknown) => {
    if (typeof badRow !== 'string' || typeof uri !== 'string') return 0
    return failureSchemaMatches(badRow, uri, typeof pattern === 'string' ? cachedRegex(pattern) : null) ? 1 : 0
  })
  registerEventFunctions(db)
  prepared.add(db)
}

function cachedRegex(pattern: string): RegExp {
  let regex = regexCache.get(pattern)
  if (regex === undefined) {
    if (regexCache.size > 1000) regexCache.clear()
    regex = new RegExp(pattern)
    regexCache.set(pattern, regex)
  }
  return regex
}

const statements = new WeakMap<Database, Map<string, Statement>>()

/**
 * Prepared statements by SQL text, per connection (filters make a bounded set of shapes). `pluck`
 * is part of the key: better-sqlite3's pluck mode is a property of the statement object.
 */
export function statement(db: Database, sql: string, pluck = false): Statement {
  let cache = statements.get(db)
  if (cache === undefined) {
    cache = new Map()
    statements.set(db, cache)
  }
  const key = (pluck ? 'pluck:' : 'rows:') + sql
  let stmt = cache.get(key)
  if (stmt === undefined) {
    if (cache.size >= 500) cache.clear()
    ensureQueryFunctions(db)
    stmt = db.prepare(sql)
    if (pluck) stmt.pluck()
    cache.set(key, stmt)
  }
  return stmt
}
