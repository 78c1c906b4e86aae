import {isRedshiftCompatible} from '../event/timestamps.js'

/**
 * The tracker-protocol field converters of enrich's `Transform`, with their exact error strings.
 * A converter returns the typed value, null, or a ConversionError carrying enrich's message.
 */
export class ConversionError {
  constructor(readonly message: string) {}
}

export type Converted<T> = T | null | ConversionError

const CONTROL = /[\x00-\x1f\x7f]/

/** `S`: tab → 4 spaces, other control characters (incl. CR/LF) removed, "" → null. */
export function toCleanString(value: string): string | null {
  if (CONTROL.test(value)) value = value.replace(/\t/g, '    ').replace(/[\x00-\x1f\x7f]/g, '')
  return value === '' ? null : value
}

export const INT_ERROR = 'Cannot be converted to java.lang.Integer'
const INT_TEXT = /^[+-]?\d+$/

/** `I`: java.lang.Integer (any Unicode decimal digits, as Java reads them); "null" in any case → null. */
export function toInt(value: string): Converted<number> {
  if (value.length === 4 && value.toLowerCase() === 'null') return null
  if (!INT_TEXT.test(value)) {
    const ascii = asciiDigits(value)
    if (ascii === value || !INT_TEXT.test(ascii)) return new ConversionError(INT_ERROR)
    value = ascii
  }
  const n = Number(value)
  if (n > 2147483647 || n < -2147483648) return new ConversionError(INT_ERROR)
  return n
}

const NON_ASCII_DIGIT = /\p{Nd}/gu
const IS_DIGIT = /^\p{Nd}$/u

/**
 * Java's `Character.digit`: every Unicode decimal digit (Arabic-Indic `٤`, Devanagari `४`, …) counts,
 * so `Integer.parseInt` and `new BigDecimal` accept them. Digits come in runs of ten from zero.
 */
function asciiDigits(value: string): string {
  return value.replace(NON_ASCII_DIGIT, (d) => {
    let cp = d.codePointAt(0)!
    if (cp < 128) return d
    let run = 0
    while (run < 64 && IS_DIGIT.test(String.fromCodePoint(cp - 1))) {
      cp--
      run++
    }
    return String(run % 10)
  })
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

/** Java's NumberFormatException text for `new BigDecimal(value)`, as far as trackers can trigger it. */
function bigDecimalError(value: string): string {
  const bad = [...value].find((c) => !/[0-9.eE+-]/.test(c))
  const reason =
    value === ''
      ? 'Index 0 out of bounds for length 0'
      : bad !== undefined
        ? `Character ${bad} is neither a decimal digit number, decimal point, nor "e" notation exponential mark.`
        : 'No digits found.'
  return `Cannot be converted to java.math.BigDecimal. Error : ${reason}`
}

/**
 * `D`: java.math.BigDecimal, printed as its `toString` after a negative scale is reset to 0
 * (`1E+3` → `1000`); "null" → null.
 */
export function toDecimal(value: string): Converted<string> {
  if (value.length === 4 && value.toLowerCase() === 'null') return null
  const m = DECIMAL.exec(value) ?? DECIMAL.exec(asciiDigits(value))
  if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) return new ConversionError(bigDecimalError(value))
  const intPart = m[2]!
  const frac = m[3] ?? ''
  const exp = m[4] === undefined ? 0 : Number(m[4])
  let digits = (intPart + frac).replace(/^0+/, '')
  let scale = frac.length - exp
  if (digits === '') digits = '0'
  if (scale < 0) {
    if (digits !== '0') digits += '0'.repeat(-scale)
    scale = 0
  }
  const negative = m[1] === '-' && /[1-9]/.test(digits)
  return (negative ? '-' : '') + bigDecimalToString(digits, scale)
}

function bigDecimalToString(digits: string, scale: number): string {
  const adjusted = digits.length - 1 - scale
  if (scale === 0) return digits
  if (adjusted >= -6) {
    if (digits.length > scale) return digits.slice(0, digits.length - scale) + '.' + digits.slice(digits.length - scale)
    return '0.' + '0'.repeat(scale - digits.length) + digits
  }
  const mantissa = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits
  return `${mantissa}E${adjusted}`
}

export const BOOL_ERROR = 'Cannot be converted to Boolean-like java.lang.Byte'

/** `B`: only "1" and "0". */
export function toBool(value: string): Converted<number> {
  if (value === '1') return 1
  if (value === '0') return 0
  return new ConversionError(BOOL_ERROR)
}

export const TSTAMP_ERROR = 'Not in the expected format: ms since epoch'
const LONG_TEXT = /^[+-]?\d{1,19}$/

/** `T`: milliseconds since epoch, within Redshift's years 0–9999. */
export function toTimestamp(value: string): Converted<number> {
  if (!LONG_TEXT.test(value)) return new ConversionError(TSTAMP_ERROR)
  const ms = Number(value)
  if (!isRedshiftCompatible(ms)) return new ConversionError(`Formatting as ${formatOutOfRange(ms)} is not Redshift-compatible`)
  return ms
}

/** Java's `yyyy-MM-dd HH:mm:ss.SSS` for any year (used in the Redshift-range messages). */
export function formatOutOfRange(ms: number): string {
  const d = new Date(ms)
  if (Number.isNaN(d.getTime())) return String(ms)
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  return (
    `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}`
  )
}

export const UUID_ERROR = 'Not a valid UUID'
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/

/** `U`: a canonical UUID, lower-cased. */
export function toUuid(value: string): Converted<string> {
  return UUID.test(value) ? value.toLowerCase() : new ConversionError(UUID_ERROR)
}

export const RESOLUTION_ERROR = 'Does not conform to regex (\\d+)x(\\d+)'
/** enrich `ClientEnrichments.extractViewDimensions`, word for word (the trailing ` s` included) */
export const RESOLUTION_RANGE_ERROR = 'Could not be converted to java.lang.Integer s'
const DIGITS = /^\d+$/

/** `R`: `WIDTHxHEIGHT` (split by hand: three per event, and a regex match array each was measurable). */
export function toResolution(value: string): [number, number] | ConversionError {
  const x = value.indexOf('x')
  const width = value.slice(0, x)
  const height = value.slice(x + 1)
  if (x < 0 || !DIGITS.test(width) || !DIGITS.test(height)) return new ConversionError(RESOLUTION_ERROR)
  const w = Number(width)
  const h = Number(height)
  if (w > 2147483647 || h > 2147483647) return new ConversionError(RESOLUTION_RANGE_ERROR)
  return [w, h]
}

export const PLATFORM_ERROR = 'Not a valid platform'
const PLATFORMS = new Set(['web', 'iot', 'app', 'mob', 'pc', 'cnsl', 'tv', 'srv', 'headset'])

export function toPlatform(value: string): Converted<string> {
  return PLATFORMS.has(value) ? value : new ConversionError(PLATFORM_ERROR)
}

export const EVENT_TYPE_ERROR = 'Not a valid event type'
const EVENT_CODES = new Map([
  ['pv', 'page_view'],
  ['pp', 'page_ping'],
  ['se', 'struct'],
  ['ev', 'struct'],
  ['ue', 'unstruct'],
  ['tr', 'transaction'],
  ['ti', 'transaction_item'],
  ['ad', 'ad_impression'],
])

export function toEventType(value: string): Converted<string> {
  return EVENT_CODES.get(value) ?? new ConversionError(EVENT_TYPE_ERROR)
}

const IP_SEPARATOR = /[,| ]/

/** `ip`: the first token when the value lists several addresses (`,`, `|` or space separated). */
export function toIpAddress(value: string): string | null {
  const end = value.search(IP_SEPARATOR)
  const first = (end < 0 ? value : value.slice(0, end)).trim()
  return first === '' ? null : first
}
