import type {PgType} from './column-types.js'

/** Why Postgres would refuse a value: said before sending, naming the column. */
export interface ValueProblem {
  column: string
  value: string
  reason: string
}

export type Cast = {ok: true; value: unknown} | {ok: false; reason: string}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/
const DATE = /^\d{4}-\d{2}-\d{2}$/
const INT_MAX = 2147483647
const BIGINT_MAX = 9223372036854775807

/** Characters as Postgres counts them (code points), cheaply when nothing is astral. */
function charLength(text: string, limit: number): number {
  return text.length <= limit ? text.length : [...text].length
}

const ok = (value: unknown): Cast => ({ok: true, value})
const no = (reason: string): Cast => ({ok: false, reason})

/**
 * `2024-01-02T03:04:05.678+02:00` → `2024-01-02 01:04:05.678`: a TIMESTAMP column (without time
 * zone) holds UTC, and Postgres would drop an offset rather than apply it.
 */
export function utcTimestamp(text: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|z|[+-]\d{2}:?\d{2})?$/.exec(text)
  if (!m) return undefined
  if (!m[3] || m[3] === 'Z' || m[3] === 'z') return Number.isNaN(Date.parse(`${m[1]}T${m[2]}Z`)) ? undefined : `${m[1]} ${m[2]}`
  const ms = Date.parse(text)
  if (Number.isNaN(ms)) return undefined
  const iso = new Date(ms).toISOString() // an offset is applied at millisecond precision
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`
}

/** A JSON value as the parameter for a column of `type`, or why Postgres would refuse it. */
export function castValue(type: PgType, value: unknown): Cast {
  if (value === null || value === undefined) return ok(null)
  switch (type.kind) {
    case 'varchar':
    case 'char': {
      const text = typeof value === 'string' ? value : JSON.stringify(value)
      const length = charLength(text, type.size)
      if (length > type.size) return no(`${length} characters, over the column's ${type.size}`)
      return ok(text)
    }
    case 'uuid':
      return typeof value === 'string' && UUID.test(value) ? ok(value) : no('not a UUID')
    case 'timestamp': {
      const text = typeof value === 'string' ? utcTimestamp(value) : undefined
      return text === undefined ? no('not an ISO 8601 date-time') : ok(text)
    }
    case 'date':
      return typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(value)) ? ok(value) : no('not a date (yyyy-mm-dd)')
    case 'integer':
    case 'bigint': {
      const max = type.kind === 'integer' ? INT_MAX : BIGINT_MAX
      if (typeof value !== 'number' || !Number.isInteger(value)) return no('not an integer')
      if (value > max || value < -max - 1) return no(`out of range for ${type.kind.toUpperCase()}`)
      return ok(value)
    }
    case 'double':
      return typeof value === 'number' && Number.isFinite(value) ? ok(value) : no('not a number')
    case 'boolean':
      return typeof value === 'boolean' ? ok(value) : no('not a boolean')
    case 'jsonb': {
      const text = JSON.stringify(value)
      // jsonb cannot hold U+0000 in text
      return text.includes('\\u0000') ? no('contains \\u0000, which jsonb cannot store') : ok(text)
    }
  }
}

/** A value for a report: JSON, cut to something a log line can hold. */
export function showValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return text.length > 200 ? `${text.slice(0, 200)}… (${text.length} characters)` : text
}
