import {failureSchemas} from '../badrows/schemas-of.js'
import {reportedValue, sentInstances, type SentInstances} from './sent-values.js'

/**
 * Snowplow bad rows made readable: BadEvent.errors holds a fixed stage sentence followed by
 * compact bad-row JSON texts; people want "which schema, which JSON path, what the validator said".
 */
import {SYNC_COMMAND} from '../iglu/offline-cache.js'

export interface ErrorMessage {
  /** the bad-row type: schema_violations, adapter_failures, tracker_protocol_violations, ... */
  kind: string
  /** the schema at fault, when there is one */
  schemaKey?: string
  /** JSON path (`$.quantity`) or tracker field (`eid`) */
  path?: string
  message: string
  /** the value the tracker sent there, for a validation report (read back from the bad row) */
  sent?: {value: unknown}
}

/** What one bad row tells about all its messages. */
interface RowContext {
  /** failure.timestamp */
  failedAt?: string
  /** the self-describing data the tracker sent, by schema */
  sent: SentInstances
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/** `iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/2-0-1` → `schema_violations` */
function badRowKind(schema: string): string {
  const parts = schema.split('/')
  return parts.length >= 2 ? parts[parts.length - 3] ?? schema : schema
}

/** A value as sent, cut short: enough to recognise it next to the message. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value)
  return text.length > 80 ? `${text.slice(0, 79)}…` : text
}

/** What Iglu's self-describing parse errors mean (snowplow-badrows NotIglu). */
const NOT_IGLU: Readonly<Record<string, string>> = {
  INVALID_IGLUURI: 'its schema is not an Iglu URI (iglu:vendor/name/jsonschema/1-0-0)',
  INVALID_SCHEMAVER: 'its schema version is not a SchemaVer (M-R-A, e.g. 1-0-0)',
  INVALID_DATA_PAYLOAD: 'it is not self-describing JSON ({"schema": "iglu:…", "data": …})',
  INVALID_SCHEMA: 'it is not a valid self-describing schema',
}

/**
 * A resolver answers from its cache without asking again (until the cache TTL ends, or for ever
 * without one): when the last lookup is older than the failure, say so, with when it was asked.
 */
function cachedNote(history: Record<string, unknown>[], failedAt: string | undefined): string {
  const failed = failedAt === undefined ? NaN : Date.parse(failedAt)
  const asked = Math.max(...history.map((h) => (typeof h.lastAttempt === 'string' ? Date.parse(h.lastAttempt) : NaN)).filter((t) => !Number.isNaN(t)))
  if (Number.isNaN(failed) || !Number.isFinite(asked) || failed - asked < 1000) return ''
  return `; a cached answer: the repositories were last asked at ${new Date(asked).toISOString()}`
}

/** An Iglu client error (IgluError's `error`): validation reports, schema issues or where it looked. */
function igluError(base: Omit<ErrorMessage, 'message'>, error: Record<string, unknown>, ctx: RowContext): ErrorMessage[] {
  if (error.error === 'ValidationError' && Array.isArray(error.dataReports)) {
    const instances = base.schemaKey === undefined ? undefined : ctx.sent.get(base.schemaKey)
    return error.dataReports.filter(isObject).map((r) => {
      const sent = reportedValue(instances, r)
      return {...base, ...(str(r.path) ? {path: str(r.path)} : {}), message: str(r.message) ?? JSON.stringify(r), ...(sent ? {sent} : {})}
    })
  }
  if (error.error === 'ValidationError' && Array.isArray(error.schemaIssues)) {
    const issues = error.schemaIssues.filter(isObject).map((i) => str(i.message) ?? JSON.stringify(i))
    return [{...base, message: `the schema itself is invalid: ${issues.join('; ')}`}]
  }
  if (error.error === 'ResolutionError') {
    const history = Array.isArray(error.lookupHistory) ? error.lookupHistory.filter(isObject) : []
    const where = history.map((h) => str(h.repository)).filter((r) => r !== undefined)
    // sp's offline cache says "not cached" as a RepoFailure naming the command that fixes it
    const notCached = (e: unknown) => isObject(e) && typeof e.message === 'string' && e.message.includes(`\`${SYNC_COMMAND}\``)
    const offlineMiss = history.some((h) => Array.isArray(h.errors) && h.errors.some(notCached))
    const notFound = history.every((h) => Array.isArray(h.errors) && h.errors.every((e) => (isObject(e) && e.error === 'NotFound') || notCached(e)))
    const reason = notFound ? 'schema not found' : 'schema could not be resolved'
    const fix = offlineMiss ? `; offline and not in the schema cache: run \`${SYNC_COMMAND}\`` : ''
    return [{...base, message: `${where.length > 0 ? `${reason} (looked in ${where.join(', ')})` : reason}${fix}${cachedNote(history, ctx.failedAt)}`}]
  }
  return [{...base, message: str(error.message) ?? str(error.error) ?? JSON.stringify(error)}]
}

/**
 * One failure message, whatever its shape; the shapes are shared by the bad-row types
 * (snowplow-badrows FailureDetails): a field that failed an expectation (`field, value,
 * expectation`), text that is not JSON (`field, value, error`), JSON that is not self-describing
 * (`json, error`), a schema criterion mismatch (`schemaKey, schemaCriterion`), an Iglu error
 * (`schemaKey, error: {ValidationError | ResolutionError}`), an adapter mapping failure
 * (`actual, expectedMapping, expectation`) and an external error (`error`).
 */
function failureMessage(kind: string, m: Record<string, unknown>, ctx: RowContext): ErrorMessage[] {
  const schemaKey = str(m.schemaKey)
  const base = schemaKey ? {kind, schemaKey} : {kind}
  if (isObject(m.error)) return igluError(base, m.error, ctx)
  if (typeof m.schemaCriterion === 'string') return [{...base, message: `does not match the schema criterion ${m.schemaCriterion}`}]
  if ('json' in m && typeof m.error === 'string') {
    return [{...base, message: `${NOT_IGLU[m.error] ?? m.error} (${m.error}): ${shown(m.json)}`}]
  }
  if (isObject(m.expectedMapping) || 'actual' in m) {
    const known = isObject(m.expectedMapping) ? Object.keys(m.expectedMapping) : []
    const actual = m.actual === null || m.actual === undefined ? 'none' : shown(m.actual)
    return [{...base, message: `${str(m.expectation) ?? 'no schema for this event type'} (event type ${actual}${known.length > 0 ? `; known: ${known.join(', ')}` : ''})`}]
  }
  const field = str(m.field)
  const text = str(m.expectation) ?? str(m.error)
  if (text === undefined) return [{...base, message: JSON.stringify(m)}]
  const value = m.value === undefined || m.value === null ? '' : ` (value ${shown(m.value)})`
  return [{...base, ...(field ? {path: field} : {}), message: `${text}${value}`}]
}

function enrichmentFailure(kind: string, m: Record<string, unknown>, ctx: RowContext): ErrorMessage[] {
  const enrichment = isObject(m.enrichment) ? (str(m.enrichment.identifier) ?? str(m.enrichment.schemaKey)) : undefined
  const message = isObject(m.message) ? m.message : {error: m.message}
  const out = failureMessage(kind, message, ctx)
  return enrichment ? out.map((o) => ({...o, message: `${enrichment}: ${o.message}`})) : out
}

/** The readable messages of one bad-row JSON text (or the text itself when it is not one). */
export function badRowMessages(text: string): ErrorMessage[] {
  let row: unknown
  try {
    row = JSON.parse(text)
  } catch {
    return [{kind: 'error', message: text}]
  }
  if (!isObject(row) || typeof row.schema !== 'string' || !isObject(row.data)) return [{kind: 'error', message: text}]
  const kind = badRowKind(row.schema)
  const failure = isObject(row.data.failure) ? row.data.failure : {}
  const messages = Array.isArray(failure.messages) ? failure.messages.filter(isObject) : []
  const ctx: RowContext = {failedAt: str(failure.timestamp), sent: sentInstances(row)}
  switch (kind) {
    case 'enrichment_failures':
      return messages.flatMap((m) => enrichmentFailure(kind, m, ctx))
    case 'collector_payload_format_violation':
    case 'loader_parsing_error':
    case 'loader_iglu_error': {
      const message = isObject(failure.message) ? (str(failure.message.error) ?? JSON.stringify(failure.message)) : JSON.stringify(failure)
      return [{kind, message}]
    }
    case 'size_violation':
      return [{kind, message: `${str(failure.expectation) ?? 'payload too large'} (${String(failure.actualSizeBytes)} bytes, limit ${String(failure.maximumAllowedSizeBytes)})`}]
    default:
      return messages.length > 0 ? messages.flatMap((m) => failureMessage(kind, m, ctx)) : [{kind, message: JSON.stringify(failure)}]
  }
}

/** Every readable message of a BadEvent's `errors` (the stage sentence first, as `kind: stage`). */
export function errorMessages(errors: readonly string[]): ErrorMessage[] {
  const out: ErrorMessage[] = []
  for (const text of errors) {
    if (!text.trimStart().startsWith('{')) out.push({kind: 'stage', message: text})
    else out.push(...badRowMessages(text))
  }
  return out
}

/** One message as a line: `iglu:…/checkout/…/1-0-0 $.total: must be number`. */
export function formatErrorMessage(m: ErrorMessage): string {
  const where = [m.schemaKey, pathPrefix(m)].filter((p) => p !== undefined && p !== '').join(' ')
  const sent = m.sent === undefined ? '' : ` (sent: ${sentText(m.sent.value)})`
  return (where === '' ? m.message : `${where}: ${m.message}`) + sent
}

function sentText(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 59)}…` : text
}

/**
 * The most telling message, short: what a one-line view shows for a failure. `shownSchema`: the
 * schema the row already shows; a message about that schema does not repeat it.
 */
export function shortError(errors: readonly string[], shownSchema?: string | null): string {
  const messages = errorMessages(errors)
  const specific = messages.find((m) => m.kind !== 'stage') ?? messages[0]
  if (specific === undefined) return ''
  if (specific.kind === 'stage') return specific.message
  const path = pathPrefix(specific) !== undefined ? `${pathPrefix(specific)}: ` : ''
  const shown = specific.schemaKey !== undefined && specific.schemaKey === shownSchema
  const schema = specific.schemaKey !== undefined && !shown ? `${specific.schemaKey.replace(/^iglu:/, '').split('/').slice(0, 2).join('/')} ` : ''
  return `${schema}${path}${specific.message}`
}

/** The path to show before a message, unless the validator's message already starts with it. */
function pathPrefix(m: ErrorMessage): string | undefined {
  if (m.path === undefined || m.path === '') return undefined
  const next = m.message.charAt(m.path.length)
  return m.message.startsWith(m.path) && [':', ' ', '.', '['].includes(next) ? undefined : m.path
}

/**
 * The schema a failure is about: the event's own (enrich drops an invalid self-describing event, its
 * schema survives in the bad row's raw parameters), else the first schema a message names (a
 * failing entity's). The schema column of an event that failed validation.
 */
export function failingSchema(errors: readonly string[]): string | null {
  for (const text of errors) {
    if (!text.trimStart().startsWith('{')) continue
    const {event, failing} = failureSchemas(text)
    if (event !== null) return event
    if (failing[0] !== undefined) return failing[0]
  }
  return null
}

/** The schema a row shows: the event's, or for a failure the one it is about. */
export function eventSchema(e: {schema: string | null; errors: readonly string[]}): string | null {
  return e.schema ?? failingSchema(e.errors)
}
