import type {Ajv} from 'ajv'
import {createRequire} from 'node:module'

// The formats networknt json-schema-validator (Snowplow's validator) knows for draft-04, with the
// regex it prints in `$.x: does not match the <format> pattern <regex>`. Anything else is an
// unknown format: always valid, as in networknt.
interface FormatSpec {
  /** The text networknt prints after "pattern" (its regex, or the format's description). */
  display: string
  test: (value: string) => boolean
}

const IPV4 = '^(([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])\\.){3}([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])$'
const HOSTNAME = '^([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\\-]{0,61}[a-zA-Z0-9])(\\.([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\\-]{0,61}[a-zA-Z0-9]))*$'
const UUID = '^\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}$'
const JSON_POINTER = '^(/([^/#~]|[~](?=[01]))*)*$'
const RELATIVE_JSON_POINTER = '^(0|([1-9]\\d*))(#|(/([^/#~]|[~](?=[01]))*)*)$'

const regex = (source: string, jsSource = source) => {
  const re = new RegExp(jsSource)
  return {display: source, test: (v: string) => re.test(v)}
}

/** Formats for which networknt reports `{1} is an invalid {2}` instead of a pattern. */
export const DATE_TIME_FORMATS = new Set(['date-time'])

export function knownFormats(): Map<string, FormatSpec> {
  const require = createRequire(import.meta.url)
  // ajv-formats' full-mode checks for the formats networknt implements in code, not by regex.
  const {fullFormats} = require('ajv-formats/dist/formats') as {fullFormats: Record<string, unknown>}
  const fromAjv = (name: string, display: string): FormatSpec => {
    const f = fullFormats[name]
    const validate = typeof f === 'function' ? (f as (s: string) => boolean)
      : f instanceof RegExp ? (s: string) => f.test(s)
      : (f as {validate: ((s: string) => boolean) | RegExp}).validate
    const test = validate instanceof RegExp ? (s: string) => validate.test(s) : validate
    return {display, test}
  }
  const ipv6 = fromAjv('ipv6', '')
  return new Map<string, FormatSpec>([
    ['hostname', regex(HOSTNAME)],
    ['ipv4', regex(IPV4)],
    ['ipv6', {display: 'must be a valid RFC 4291 IP address', test: ipv6.test}],
    ['json-pointer', regex(JSON_POINTER)],
    ['relative-json-pointer', regex(RELATIVE_JSON_POINTER)],
    ['uuid', regex(UUID, '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$')],
    ['date', fromAjv('date', 'must be a valid RFC 3339 full-date')],
    ['time', fromAjv('time', 'must be a valid RFC 3339 time')],
    ['date-time', fromAjv('date-time', 'must be a valid RFC 3339 date-time')],
    ['email', fromAjv('email', 'must be a valid RFC 5321 Mailbox')],
    ['uri', fromAjv('uri', 'must be a valid RFC 3986 URI')],
    ['uri-reference', fromAjv('uri-reference', 'must be a valid RFC 3986 URI-reference')],
    ['regex', fromAjv('regex', 'must be a valid ECMA-262 regular expression')],
    ['alpha', regex('^[a-zA-Z]+$')],
    ['alphanumeric', regex('^[a-zA-Z0-9]+$')],
    ['ip-address', regex('^(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\\.){3}(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)$')],
    ['phone', regex('^\\+(?:[0-9] ?){6,14}[0-9]$')],
    ['utc-millisec', regex('^[0-9]+(\\.?[0-9]+)?$')],
  ])
}

export type KnownFormats = ReturnType<typeof knownFormats>

export function registerFormats(ajv: Ajv, formats: KnownFormats): void {
  for (const [name, spec] of formats) ajv.addFormat(name, {type: 'string', validate: spec.test})
}
