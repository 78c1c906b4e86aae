import {SpError, isSpError} from '../errors/sp-error.js'

export const POSTGRES_ERROR_CODES = {
  invalidUrl: 'POSTGRES_INVALID_URL',
  unreachable: 'POSTGRES_UNREACHABLE',
  schemaUnresolved: 'POSTGRES_SCHEMA_UNRESOLVED',
  schemaUnusable: 'POSTGRES_SCHEMA_UNUSABLE',
  ddlInput: 'POSTGRES_DDL_INPUT',
  noUrl: 'POSTGRES_NO_URL',
  noStore: 'POSTGRES_NO_STORE',
} as const

export function noUrlError(): SpError {
  return new SpError(POSTGRES_ERROR_CODES.noUrl, 'Which database? Give its URL (postgres://user:password@host:5432/database) as an argument or in SP_POSTGRES_URL.')
}

export function noStoreError(file: string): SpError {
  return new SpError(POSTGRES_ERROR_CODES.noStore, `No sp store at ${file}: run sp micro first, or point --db at its file.`, {file})
}

export function invalidUrlError(url: string, reason: string): SpError {
  return new SpError(
    POSTGRES_ERROR_CODES.invalidUrl,
    `Invalid PostgreSQL URL ${redactUrl(url)}: ${reason}. Use postgres://user:password@host:5432/database`,
    {url: redactUrl(url)},
  )
}

export function unreachableError(target: string, error: unknown): SpError {
  return new SpError(POSTGRES_ERROR_CODES.unreachable, `Cannot reach PostgreSQL at ${target}: ${describe(error)}`, {target})
}

/**
 * `transient`: a repository failed (network, server error) rather than answered "not found": the
 * loader waits and retries instead of skipping the events.
 */
export function schemaUnresolvedError(uri: string, detail: string, transient: boolean): SpError {
  return new SpError(POSTGRES_ERROR_CODES.schemaUnresolved, `Cannot resolve ${uri} to create its table: ${detail}`, {uri, transient})
}

export function isTransientSchemaError(error: unknown): boolean {
  return isSpError(error) && error.code === POSTGRES_ERROR_CODES.schemaUnresolved && (error.details as {transient?: boolean}).transient === true
}

export function schemaUnusableError(uri: string, reason: string): SpError {
  return new SpError(POSTGRES_ERROR_CODES.schemaUnusable, `The schema ${uri} cannot become a table: ${reason}`, {uri})
}

export function ddlInputError(message: string): SpError {
  return new SpError(POSTGRES_ERROR_CODES.ddlInput, message)
}

/** The URL with its password replaced, for logs and status. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@/]*@/i, '$1***@')
}

export function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0])
  if (error instanceof Error) return error.message || (error as {code?: string}).code || error.name
  return String(error)
}

/** Connection-level failures (retry later) as opposed to a statement Postgres refused. */
export function isConnectionError(error: unknown): boolean {
  const code = (error as {code?: unknown} | null)?.code
  if (typeof code === 'string') {
    if (/^E[A-Z]+$/.test(code)) return true // ECONNREFUSED, ECONNRESET, ETIMEDOUT, EPIPE ...
    // 08: connection exception; 57P: operator intervention (shutdown, crash recovery); 53: resources
    if (code.startsWith('08') || code.startsWith('57P') || code.startsWith('53')) return true
  }
  const message = error instanceof Error ? error.message : ''
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable/i.test(message)
}

/**
 * A value Postgres refused in one event's row (SQLSTATE class 22, data exception, or 23, a
 * constraint such as NOT NULL): that event is reported and skipped. Anything else (a connection,
 * a permission, a full disk, a dropped table) is the database's state, not the event's: retried.
 */
export function isValueError(error: unknown): boolean {
  const code = (error as {code?: unknown} | null)?.code
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'))
}

/**
 * DDL Postgres refused because of the schema itself: a data exception, too many columns (54011),
 * a duplicate or invalid name or definition (class 42 except insufficient privilege, 42501).
 */
export function isSchemaError(error: unknown): boolean {
  const code = (error as {code?: unknown} | null)?.code
  if (typeof code !== 'string') return false
  return code.startsWith('22') || code === '54011' || (code.startsWith('42') && code !== '42501')
}
