import type {CommittedEvent, EventStatus} from '../types.js'
import {storedEventJson, storedRawEvent} from '../row-writer.js'
import {schemasOfFailure} from '../../badrows/schemas-of.js'
import {schemaPattern} from '../../event/event-types.js'

/**
 * An Iglu URI to match: exact, or a pattern where `*` stands for one version part
 * (`iglu:com.acme/checkout/jsonschema/1-*-*`). `glob` is the SQLite GLOB form, `regex` the JS form
 * of the same pattern, so stored rows (SQL) and live events (JS) are selected identically.
 */
export interface UriMatcher {
  uri: string
  glob: string | null
  regex: RegExp | null
}

/**
 * Which events a query selects; every field optional, AND-combined. Built by src/api from the
 * user-facing filter object (tracker codes, URIs without `iglu:` and so on are resolved there).
 */
export interface EventFilter {
  statuses?: EventStatus[]
  /** enriched event names (`page_view`, `unstruct`, ...) */
  eventTypes?: string[]
  schema?: UriMatcher
  /** every one must be among the event's context URIs */
  contexts?: UriMatcher[]
  /** case-insensitive exact match (ASCII, as SQLite's NOCASE) */
  appId?: string
  eventId?: string
  /**
   * case-insensitive substring of the enriched event's values (its stored TSV line) or the error
   * messages; the raw event's text only where a row stores it (rows written before migration 6)
   */
  text?: string
  /** collector_tstamp >= since (epoch ms) */
  since?: number
  /** collector_tstamp < until (epoch ms) */
  until?: number
  /** Micro's /micro/bad filters: a row without a collector payload passes them */
  apiVendor?: string
  apiVersion?: string
}

export interface SqlFragment {
  sql: string
  params: unknown[]
}

/** Escapes a literal for SQLite GLOB: `*`, `?` and `[` become one-character classes. */
function globLiteral(text: string): string {
  return text.replace(/[*?[]/g, (c) => `[${c}]`)
}

function regexLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

/**
 * A schema pattern from what the user typed (`link_click`, `com.acme/button_click`, a URI with or
 * without `iglu:`, `*` in the version parts): see schemaPattern. A `*` vendor stands for one vendor,
 * a `*` version part for one number; text that is no pattern is matched as it is.
 */
export function uriMatcher(input: string): UriMatcher {
  const uri = schemaPattern(input) ?? (input.startsWith('iglu:') ? input : `iglu:${input}`)
  const parts = uri.slice('iglu:'.length).split('/')
  const version = parts[3] ?? ''
  if (parts.length !== 4 || (parts[0] !== '*' && !version.includes('*'))) return {uri, glob: null, regex: null}
  const [vendor, name, format] = parts as [string, string, string]
  const versionParts = version.split('-')
  const glob =
    'iglu:' + (vendor === '*' ? '*' : globLiteral(vendor)) + `/${globLiteral(name)}/${globLiteral(format)}/` +
    versionParts.map((p) => (p === '*' ? '*' : globLiteral(p))).join('-')
  const regex = new RegExp(
    '^iglu:' + (vendor === '*' ? '[^/]+' : regexLiteral(vendor)) + `/${regexLiteral(name)}/${regexLiteral(format)}/` +
      versionParts.map((p) => (p === '*' ? '[0-9]+' : regexLiteral(p))).join('-') + '$',
  )
  return {uri, glob, regex}
}

function uriCondition(column: string, matcher: UriMatcher, params: unknown[]): string {
  if (matcher.glob === null) {
    params.push(matcher.uri)
    return `${column} = ?`
  }
  params.push(matcher.glob, matcher.regex!.source)
  // GLOB narrows with the index; the regexp makes `*` mean one number, as in the JS matcher
  return `(${column} GLOB ? AND sp_regexp(?, ${column}))`
}

/**
 * The event's schema, or, for an incomplete event, the schema its bad row names (its own event's,
 * which enrich dropped for failing validation, or a failing entity's): `--failed --schema X`
 * finds the failures of X. The second branch uses the status index and reads failed rows only.
 */
function schemaCondition(matcher: UriMatcher, params: unknown[]): string {
  const own = uriCondition('e.schema_uri', matcher, params)
  params.push(matcher.uri, matcher.regex?.source ?? null)
  return `(${own} OR (e.status = 'incomplete' AND sp_failure_schema(e.bad_row, ?, ?)))`
}

/** The same test as the SQL function `sp_failure_schema`, on a bad row's text. */
export function failureSchemaMatches(badRow: string | null, uri: string, regex: RegExp | null): boolean {
  if (badRow === null) return false
  return schemasOfFailure(badRow).some((schema) => (regex === null ? schema === uri : regex.test(schema)))
}

function placeholders(n: number): string {
  return new Array(n).fill('?').join(', ')
}

/** Escapes `%`, `_` and `\` for LIKE … ESCAPE '\'. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/**
 * The WHERE conditions (without `WHERE`) selecting `filter` from `events` aliased `e`.
 * Returns `1` for an empty filter.
 */
export function filterSql(filter: EventFilter): SqlFragment {
  const where: string[] = []
  const params: unknown[] = []
  if (filter.statuses !== undefined) {
    where.push(`e.status IN (${placeholders(filter.statuses.length)})`)
    params.push(...filter.statuses)
  }
  if (filter.eventTypes !== undefined) {
    where.push(`e.event_type IN (${placeholders(filter.eventTypes.length)})`)
    params.push(...filter.eventTypes)
  }
  if (filter.schema !== undefined) {
    // the failure branch only where incomplete events are wanted: /micro/good keeps its index
    const failures = filter.statuses === undefined || filter.statuses.includes('incomplete')
    where.push(failures ? schemaCondition(filter.schema, params) : uriCondition('e.schema_uri', filter.schema, params))
  }
  for (const context of filter.contexts ?? []) {
    where.push(`EXISTS (SELECT 1 FROM event_contexts c WHERE c.event_rowid = e.id AND ${uriCondition('c.uri', context, params)})`)
  }
  if (filter.appId !== undefined) {
    where.push('e.app_id = ? COLLATE NOCASE')
    params.push(filter.appId)
  }
  if (filter.eventId !== undefined) {
    // enrich writes event ids in lower case; accept what the user pasted either way
    where.push('e.event_id IN (?, ?)')
    params.push(filter.eventId, filter.eventId.toLowerCase())
  }
  if (filter.text !== undefined) {
    // the stored text as it is (deriving the JSON of every row made a scan ten times slower)
    where.push(`(coalesce(e.event, e.tsv, '') || e.errors || coalesce(e.raw_event, '')) LIKE ? ESCAPE '\\'`)
    params.push(`%${likeLiteral(filter.text)}%`)
  }
  if (filter.since !== undefined) {
    where.push('e.collector_tstamp >= ?')
    params.push(filter.since)
  }
  if (filter.until !== undefined) {
    where.push('e.collector_tstamp < ?')
    params.push(filter.until)
  }
  if (filter.apiVendor !== undefined) {
    where.push('(e.collector_payload IS NULL OR e.api_vendor = ?)')
    params.push(filter.apiVendor)
  }
  if (filter.apiVersion !== undefined) {
    where.push('(e.collector_payload IS NULL OR e.api_version = ?)')
    params.push(filter.apiVersion)
  }
  return {sql: where.length === 0 ? '1' : where.join(' AND '), params}
}

function uriMatches(matcher: UriMatcher, uri: string | null): boolean {
  if (uri === null) return false
  return matcher.regex === null ? uri === matcher.uri : matcher.regex.test(uri)
}

/** ASCII-only case folding, as SQLite's NOCASE and LIKE do. */
function foldAscii(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase())
}

/** The same selection as filterSql, for an event that was just committed (the live stream, wait). */
export function matchesEvent(filter: EventFilter, event: CommittedEvent): boolean {
  if (filter.statuses !== undefined && !filter.statuses.includes(event.status)) return false
  if (filter.eventTypes !== undefined && (event.eventType === null || !filter.eventTypes.includes(event.eventType))) return false
  if (filter.schema !== undefined && !uriMatches(filter.schema, event.schema)) {
    if (event.status !== 'incomplete' || !failureSchemaMatches(event.badRow, filter.schema.uri, filter.schema.regex)) return false
  }
  for (const context of filter.contexts ?? []) {
    if (!event.contexts.some((uri) => uriMatches(context, uri))) return false
  }
  if (filter.appId !== undefined && (event.appId === null || foldAscii(event.appId) !== foldAscii(filter.appId))) return false
  if (filter.eventId !== undefined && event.eventId !== filter.eventId && event.eventId !== filter.eventId.toLowerCase()) return false
  if (filter.text !== undefined) {
    const haystack = storedEventText(event) + JSON.stringify(event.errors) + (storedRawEvent(event) ?? '')
    if (!foldAscii(haystack).includes(foldAscii(filter.text))) return false
  }
  if (filter.since !== undefined && event.collectorTstamp < filter.since) return false
  if (filter.until !== undefined && event.collectorTstamp >= filter.until) return false
  if (filter.apiVendor !== undefined && event.collectorPayload !== null && event.api?.vendor !== filter.apiVendor) return false
  if (filter.apiVersion !== undefined && event.collectorPayload !== null && event.api?.version !== filter.apiVersion) return false
  return true
}

/** What the row keeps of an enriched event, as `coalesce(e.event, e.tsv)` reads it. */
function storedEventText(event: CommittedEvent): string {
  return storedEventJson(event) ?? event.tsv ?? ''
}
