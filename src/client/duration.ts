import {invalidInput} from './errors.js'

const UNITS: Record<string, number> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000}

/** `500ms`, `30s`, `5m`, `2h`, `1d`, or a bare number of seconds → milliseconds. */
export function parseDuration(text: string, what = 'duration'): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text)
  if (match === null) throw invalidInput(`${what} must be a duration like 500ms, 30s, 5m, 2h or 1d, got ${JSON.stringify(text)}`)
  return Math.round(Number(match[1]) * UNITS[match[2] ?? 's']!)
}

/**
 * `--since`: a duration back from `now` (`5m`), an ISO-8601 time, or epoch ms → an ISO-8601 time
 * the API accepts.
 */
export function parseSince(text: string, now: number = Date.now()): string {
  const trimmed = text.trim()
  if (/^\d{10,}$/.test(trimmed)) return new Date(Number(trimmed)).toISOString()
  if (/^\d{4}-\d{2}-\d{2}/.test(trimmed)) {
    const ms = Date.parse(trimmed)
    if (Number.isNaN(ms)) throw invalidInput(`--since must be a duration (5m) or an ISO-8601 time, got ${JSON.stringify(text)}`)
    return new Date(ms).toISOString()
  }
  return new Date(now - parseDuration(trimmed, '--since')).toISOString()
}
