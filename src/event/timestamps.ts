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

const pad2 = (n: number): string => (n < 10 ? '0' + n : '' + n)
const pad3 = (n: number): string => (n < 10 ? '00' + n : n < 100 ? '0' + n : '' + n)

/**
 * `yyyy-MM-dd` + `HH:mm:ss` + millis of an epoch-ms value, by arithmetic (civil-from-days) rather
 * than Date#toISOString: profiling showed timestamp formatting at ~15% of enrich time, and a batch
 * repeats the same few values, so the last answer is also cached.
 */
function parts(ms: number): [string, string, number] {
  const days = Math.floor(ms / 86400000)
  const msOfDay = ms - days * 86400000
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0)
  const secs = Math.floor(msOfDay / 1000)
  const date = `${y < 1000 ? String(y).padStart(4, '0') : y}-${pad2(m)}-${pad2(d)}`
  const time = `${pad2(Math.floor(secs / 3600))}:${pad2(Math.floor(secs / 60) % 60)}:${pad2(secs % 60)}`
  return [date, time, msOfDay % 1000]
}

const inRange = (ms: number): boolean => ms >= 0 && ms < 253402300800000 // 1970..9999: the fast path

let lastTsvMs = NaN
let lastTsv = ''
/** `2013-11-26 00:02:05.000` */
export function formatTsvTimestamp(ms: number): string {
  if (ms === lastTsvMs) return lastTsv
  let out: string
  if (inRange(ms)) {
    const [date, time, millis] = parts(ms)
    out = date + ' ' + time + '.' + pad3(millis)
  } else {
    const iso = new Date(ms).toISOString()
    out = iso.slice(0, 10) + ' ' + iso.slice(11, 23)
  }
  lastTsvMs = ms
  lastTsv = out
  return out
}

let lastIsoMs = NaN
let lastIso = ''
/** `2013-11-26T00:02:05Z`, `2013-11-26T00:02:05.885Z` */
export function formatIsoTimestamp(ms: number): string {
  if (ms === lastIsoMs) return lastIso
  let out: string
  if (inRange(ms)) {
    const [date, time, millis] = parts(ms)
    out = date + 'T' + time + (millis === 0 ? 'Z' : '.' + pad3(millis) + 'Z')
  } else {
    const iso = new Date(ms).toISOString()
    out = iso.endsWith('.000Z') ? iso.slice(0, -5) + 'Z' : iso
  }
  lastIsoMs = ms
  lastIso = out
  return out
}

/** ISO with milliseconds always, as Joda's DateTime.toString prints collector timestamps. */
export function formatIsoMillis(ms: number): string {
  if (inRange(ms)) {
    const [date, time, millis] = parts(ms)
    return date + 'T' + time + '.' + pad3(millis) + 'Z'
  }
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
