import {TRACKER_CODES} from '../event/event-types.js'
import type {EventStatus} from '../store/types.js'
import {uriMatcher, type EventFilter} from '../store/queries/index.js'
import {invalidField, unknownFields} from './errors.js'
import {API_LIMITS, checkCount, checkText} from './limits.js'

/**
 * Tracker `e` codes → the enriched `event` names Micro's eventType holds (enrich's
 * EventEnrichments.extractEventType), so `event_type=pv` finds page views.
 */
export const TRACKER_EVENT_CODES = TRACKER_CODES

const STATUS_FILTERS: Readonly<Record<string, EventStatus[]>> = {
  good: ['good'],
  bad: ['bad'],
  incomplete: ['incomplete'],
  failed: ['bad', 'incomplete'],
}

/** The user-facing filter object (JSON body or query parameters), before resolution. */
export interface FilterInput {
  status?: unknown
  event_type?: unknown
  schema?: unknown
  contexts?: unknown
  app_id?: unknown
  event_id?: unknown
  q?: unknown
  since?: unknown
  limit?: unknown
}

export const FILTER_FIELDS = ['status', 'event_type', 'schema', 'contexts', 'app_id', 'event_id', 'q', 'since', 'limit'] as const

/**
 * Our own endpoints reject unknown filter fields: a typo (`eventType`) would otherwise match every
 * event and make a wait or an assertion pass for the wrong reason. (Micro's routes ignore them, as
 * Micro does.)
 */
export function rejectUnknownFields(input: object, where: string, extra: readonly string[] = []): void {
  const known = new Set<string>([...FILTER_FIELDS, ...extra])
  const unknown = Object.keys(input).filter((k) => !known.has(k))
  if (unknown.length > 0) throw unknownFields(where, unknown, [...known])
}

export interface ParsedFilter {
  filter: EventFilter
  limit?: number
}

function optionalString(field: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined
  // a repeated query parameter: the last one wins, as for a JSON key given twice
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return optionalString(field, value[value.length - 1])
  if (typeof value !== 'string') throw invalidField(field, 'a string', value)
  return checkText(field, value)
}

function stringList(field: string, value: unknown, splitCommas: boolean): string[] | undefined {
  if (value === undefined || value === null) return undefined
  const items = typeof value === 'string' ? [value] : value
  if (!Array.isArray(items) || !items.every((v) => typeof v === 'string')) throw invalidField(field, 'a list of strings', value)
  const out = splitCommas ? items.flatMap((v) => v.split(',')) : items
  checkCount(field, out.length, API_LIMITS.listItems)
  return out.map((v) => checkText(field, v.trim())).filter((v) => v !== '')
}

/** A non-negative integer from JSON or a query string. */
export function parseCount(field: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw invalidField(field, 'a non-negative integer', value)
  return n
}

/** ISO-8601 or epoch milliseconds. */
export function parseInstant(field: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string') {
    const text = value.trim()
    if (/^\d+$/.test(text)) return Number(text)
    const ms = Date.parse(text)
    if (!Number.isNaN(ms) && /^\d{4}-\d{2}-\d{2}/.test(text)) return ms
  }
  throw invalidField(field, 'an ISO-8601 time or epoch milliseconds', value)
}

export function resolveEventType(value: string): string {
  return TRACKER_EVENT_CODES[value] ?? value
}

/**
 * Resolves the common filter. `fromQuery` accepts comma-separated lists (`contexts=a,b`); bodies
 * take JSON arrays as Micro's do. Throws SpError (API_INVALID_BODY) naming the field at fault.
 */
export function parseFilter(input: FilterInput, fromQuery = false): ParsedFilter {
  const filter: EventFilter = {}
  const status = optionalString('status', input.status)
  if (status !== undefined) {
    // a comma-separated list is their union (`good,bad`): combinations no single name says
    const statuses = new Set<EventStatus>()
    for (const name of status.split(',')) {
      const named = STATUS_FILTERS[name.trim()]
      if (named === undefined) throw invalidField('status', 'good, bad, incomplete, failed or a comma-separated list of them', status)
      for (const s of named) statuses.add(s)
    }
    filter.statuses = [...statuses]
  }
  const eventTypes = stringList('event_type', input.event_type, fromQuery)
  if (eventTypes !== undefined && eventTypes.length > 0) filter.eventTypes = [...new Set(eventTypes.map(resolveEventType))]
  const schema = optionalString('schema', input.schema)
  if (schema !== undefined && schema !== '') filter.schema = uriMatcher(schema)
  const contexts = stringList('contexts', input.contexts, fromQuery)
  if (contexts !== undefined && contexts.length > 0) filter.contexts = contexts.map(uriMatcher)
  const appId = optionalString('app_id', input.app_id)
  if (appId !== undefined) filter.appId = appId
  const eventId = optionalString('event_id', input.event_id)
  if (eventId !== undefined && eventId !== '') filter.eventId = eventId
  const text = optionalString('q', input.q)
  if (text !== undefined && text !== '') filter.text = text
  const since = parseInstant('since', optionalString('since', typeof input.since === 'number' ? String(input.since) : input.since))
  if (since !== undefined) filter.since = since
  const limit = parseCount('limit', Array.isArray(input.limit) ? input.limit[input.limit.length - 1] : input.limit)
  return limit === undefined ? {filter} : {filter, limit}
}

/** Keeps only the statuses a route can return (e.g. /micro/bad: bad and incomplete). */
export function restrictStatuses(filter: EventFilter, allowed: EventStatus[]): EventFilter {
  const statuses = filter.statuses === undefined ? allowed : filter.statuses.filter((s) => allowed.includes(s))
  return {...filter, statuses}
}
