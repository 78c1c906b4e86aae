/**
 * Timestamp text forms. Enrich writes `yyyy-MM-dd HH:mm:ss.SSS` (UTC) into TSV; the analytics SDK
 * turns that into an ISO instant and, like Java's Instant.toString, drops a zero fraction.
 */

const YEAR0 = new Date(0)
YEAR0.setUTCFullYear(0, 0, 1)
const YEAR10000 = new Date(0)
YEAR10000.setUTCFullYear(10000, 0, 1)

/** Epoch ms of 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: Redshift's accepted range. */
export const MIN_TIMESTAMP_MS = YEAR0.getTime()
export const MAX_TIMESTAMP_MS = YEAR10000.getTime() - 1

export function isRedshiftCompatible(ms: number): boolean {
  return ms >= MIN_TIMESTAMP_MS && ms <= MAX_TIMESTAMP_MS
}

const TWO_DIGITS: readonly string[] = Array.from({length: 60}, (_, n) => (n < 10 ? '0' : '') + n)
const THREE_DIGITS: readonly string[] = Array.from({length: 1000}, (_, n) => (n < 10 ? '00' : n < 100 ? '0' : '') + n)

// Every piece of a timestamp comes from a table, so a formatted value is three concatenations
// (profiling: timestamp formatting was ~15% of enrich time, and each `+` of short strings allocates).
const HOURS_MINUTES: readonly string[] = Array.from({length: 1440}, (_, n) => TWO_DIGITS[Math.floor(n / 60)] + ':' + TWO_DIGITS[n % 60])
const SECONDS: readonly string[] = TWO_DIGITS.map((ss) => ':' + ss)
const TSV_MILLIS: readonly string[] = THREE_DIGITS.map((sss) => '.' + sss)
const ISO_MILLIS: readonly string[] = THREE_DIGITS.map((sss, n) => (n === 0 ? 'Z' : '.' + sss + 'Z'))
const ISO_MILLIS_QUOTED: readonly string[] = ISO_MILLIS.map((text) => text + '"')
const FULL_ISO_MILLIS: readonly string[] = THREE_DIGITS.map((sss) => '.' + sss + 'Z')

// 1970..9999 whole milliseconds: the fast path (the tables need integers)
const inRange = (ms: number): boolean => ms >= 0 && ms < 253402300800000 && Number.isInteger(ms)

/** One day's date, ready to have a time of day appended. */
interface DayPrefixes {
  days: number
  tsv: string // `yyyy-MM-dd `
  iso: string // `yyyy-MM-ddT`
  isoQuoted: string // `"yyyy-MM-ddT`
}

// The last two days formatted: an event's timestamps (and a batch's) fall on a day or two (a device
// clock may be a day off), so the calendar arithmetic runs about once per day.
const recentDays: DayPrefixes[] = [
  {days: NaN, tsv: '', iso: '', isoQuoted: ''},
  {days: NaN, tsv: '', iso: '', isoQuoted: ''},
]
let older = 0

/** The date of a day number since the epoch (civil-from-days), for days within 1970..9999. */
function dayOf(ms: number): DayPrefixes {
  const days = Math.floor(ms / 86400000)
  if (days === recentDays[0]!.days) return recentDays[0]!
  if (days === recentDays[1]!.days) return recentDays[1]!
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0)
  const date = `${y < 1000 ? String(y).padStart(4, '0') : y}-${TWO_DIGITS[m]}-${TWO_DIGITS[d]}`
  const entry: DayPrefixes = {days, tsv: date + ' ', iso: date + 'T', isoQuoted: '"' + date + 'T'}
  recentDays[older] = entry
  older ^= 1
  return entry
}

/** `HH:mm` of an in-range value (index into HOURS_MINUTES). */
const minuteOfDay = (ms: number): number => Math.floor((ms % 86400000) / 60000)
/** `:ss` of an in-range value (index into SECONDS). */
const secondOfMinute = (ms: number): number => Math.floor((ms % 60000) / 1000)

/** `2013-11-26 00:02:05.000` */
export function formatTsvTimestamp(ms: number): string {
  if (inRange(ms)) return dayOf(ms).tsv + HOURS_MINUTES[minuteOfDay(ms)] + SECONDS[secondOfMinute(ms)] + TSV_MILLIS[ms % 1000]
  const iso = new Date(ms).toISOString()
  return iso.slice(0, 10) + ' ' + iso.slice(11, 23)
}

/** `2013-11-26T00:02:05Z`, `2013-11-26T00:02:05.885Z` */
export function formatIsoTimestamp(ms: number): string {
  if (inRange(ms)) return dayOf(ms).iso + HOURS_MINUTES[minuteOfDay(ms)] + SECONDS[secondOfMinute(ms)] + ISO_MILLIS[ms % 1000]
  const iso = new Date(ms).toISOString()
  return iso.endsWith('.000Z') ? iso.slice(0, -5) + 'Z' : iso
}

/** formatIsoTimestamp as a JSON string literal, without the two extra concatenations of quoting. */
export function formatIsoTimestampJson(ms: number): string {
  if (inRange(ms)) return dayOf(ms).isoQuoted + HOURS_MINUTES[minuteOfDay(ms)] + SECONDS[secondOfMinute(ms)] + ISO_MILLIS_QUOTED[ms % 1000]
  return '"' + formatIsoTimestamp(ms) + '"'
}

/** ISO with milliseconds always, as Joda's DateTime.toString prints collector timestamps. */
export function formatIsoMillis(ms: number): string {
  if (inRange(ms)) return dayOf(ms).iso + HOURS_MINUTES[minuteOfDay(ms)] + SECONDS[secondOfMinute(ms)] + FULL_ISO_MILLIS[ms % 1000]
  return new Date(ms).toISOString()
}

/** Parses TSV (`yyyy-MM-dd HH:mm:ss[.S+]`) or ISO text; NaN when unreadable. */
export function parseTimestamp(text: string): number {
  if (!/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z?$/.test(text)) return NaN
  let t = text.replace(' ', 'T')
  if (!t.endsWith('Z')) t += 'Z'
  const dot = t.indexOf('.')
  if (dot > 0) {
    const frac = t.slice(dot + 1, -1)
    t = t.slice(0, dot + 1) + (frac + '00').slice(0, 3) + 'Z'
  }
  return Date.parse(t)
}
