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

function fieldMessage(kind: string, m: Record<string, unknown>, schemaKey?: string): ErrorMessage {
  const field = str(m.field)
  const value = m.value === undefined || m.value === null ? '' : ` (value ${JSON.stringify(m.value)})`
  const expectation = str(m.expectation) ?? str(m.error) ?? JSON.stringify(m)
  return {kind, ...(schemaKey ? {schemaKey} : {}), ...(field ? {path: field} : {}), message: `${expectation}${value}`}
}

function schemaViolation(kind: string, m: Record<string, unknown>): ErrorMessage[] {
  const schemaKey = str(m.schemaKey)
  const error = isObject(m.error) ? m.error : {}
  const base = schemaKey ? {kind, schemaKey} : {kind}
  if (error.error === 'ValidationError' && Array.isArray(error.dataReports)) {
    return error.dataReports.filter(isObject).map((r) => ({...base, ...(str(r.path) ? {path: str(r.path)} : {}), message: str(r.message) ?? JSON.stringify(r)}))
  }
  if (error.error === 'ValidationError' && isObject(error.schemaIssues)) {
    return [{...base, message: `invalid schema: ${JSON.stringify(error.schemaIssues)}`}]
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
    return [{...base, message: `${where.length > 0 ? `${reason} (looked in ${where.join(', ')})` : reason}${fix}`}]
  }
  return [{...base, message: str(error.message) ?? str(error.error) ?? JSON.stringify(error)}]
}

function enrichmentFailure(kind: string, m: Record<string, unknown>): ErrorMessage {
  const enrichment = isObject(m.enrichment) ? (str(m.enrichment.identifier) ?? str(m.enrichment.schemaKey)) : undefined
  const message = isObject(m.message) ? m.message : {error: m.message}
  const out = fieldMessage(kind, message)
  return enrichment ? {...out, message: `${enrichment}: ${out.message}`} : out
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
  switch (kind) {
    case 'schema_violations':
      return messages.flatMap((m) => schemaViolation(kind, m))
    case 'enrichment_failures':
      return messages.map((m) => enrichmentFailure(kind, m))
    case 'adapter_failures':
    case 'tracker_protocol_violations':
      return messages.map((m) => fieldMessage(kind, m, str(m.schemaKey)))
    case 'collector_payload_format_violation':
    case 'loader_parsing_error':
    case 'loader_iglu_error': {
      const message = isObject(failure.message) ? (str(failure.message.error) ?? JSON.stringify(failure.message)) : JSON.stringify(failure)
      return [{kind, message}]
    }
    case 'size_violation':
      return [{kind, message: `${str(failure.expectation) ?? 'payload too large'} (${String(failure.actualSizeBytes)} bytes, limit ${String(failure.maximumAllowedSizeBytes)})`}]
    default:
      return messages.length > 0 ? messages.map((m) => fieldMessage(kind, m)) : [{kind, message: JSON.stringify(failure)}]
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
  return where === '' ? m.message : `${where}: ${m.message}`
}

/** The most telling message, short: what a one-line view shows for a failure. */
export function shortError(errors: readonly string[]): string {
  const messages = errorMessages(errors)
  const specific = messages.find((m) => m.kind !== 'stage') ?? messages[0]
  if (specific === undefined) return ''
  if (specific.kind === 'stage') return specific.message
  const path = pathPrefix(specific) !== undefined ? `${pathPrefix(specific)}: ` : ''
  const schema = specific.schemaKey !== undefined ? `${specific.schemaKey.replace(/^iglu:/, '').split('/').slice(0, 2).join('/')} ` : ''
  return `${schema}${path}${specific.message}`
}

/** The path to show before a message, unless the validator's message already starts with it. */
function pathPrefix(m: ErrorMessage): string | undefined {
  if (m.path === undefined || m.path === '') return undefined
  const next = m.message.charAt(m.path.length)
  return m.message.startsWith(m.path) && [':', ' ', '.', '['].includes(next) ? undefined : m.path
}

/** The schema a failure is about (the first message naming one): the schema column of an event that failed validation. */
export function failingSchema(errors: readonly string[]): string | null {
  return errorMessages(errors).find((m) => m.schemaKey !== undefined && !m.schemaKey.includes('/atomic/'))?.schemaKey ?? null
}
