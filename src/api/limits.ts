import {SpError} from '../errors/sp-error.js'
import {API_ERROR_CODES, invalidField} from './errors.js'

/**
 * How much one /micro request may ask for. Each bound keeps a single request's work (and the
 * SQL it builds) small enough that it can neither freeze the server nor reach one of SQLite's own
 * limits (which would answer a 500 with SQLite's text); beyond them the answer is a 4xx naming the
 * limit. Far above what Micro's UI, sp's clients or a test suite send.
 */
export const API_LIMITS = {
  /** /micro/timeline buckets per request (Micro's UI asks for a few dozen) */
  timelineBuckets: 1000,
  /** distinct /micro/columnStats columns per request (there are ~130 atomic columns) */
  statsColumns: 500,
  /** /micro/events column filters, and values across them */
  eventFilters: 200,
  filterValues: 1000,
  /** event_type / contexts entries of one filter */
  listItems: 100,
  /** characters of one filter string (q, schema, app_id, …) */
  filterText: 4096,
  /** nesting of a JSON request body */
  jsonDepth: 32,
  /** /micro/wait requests open at once */
  concurrentWaits: 100,
  /** /micro/stream connections open at once */
  streams: 100,
} as const

/** 429: a server-wide cap (open waits, open streams) is reached; try again later. */
export const TOO_MANY_CODE = 'API_TOO_MANY'

export function tooMany(what: string, limit: number): SpError {
  return new SpError(TOO_MANY_CODE, `Too many ${what} open at once (at most ${limit}); close one or try again later.`, {limit})
}

export function checkCount(field: string, count: number, limit: number): void {
  if (count > limit) throw invalidField(field, `at most ${limit} entries`, `${count} entries`)
}

export function checkText(field: string, text: string): string {
  if (text.length > API_LIMITS.filterText) throw invalidField(field, `at most ${API_LIMITS.filterText} characters`, `${text.length} characters`)
  return text
}

/** The body must not nest deeper than the limit (checked on the text, before JSON.parse walks it). */
export function checkJsonDepth(depth: number): void {
  if (depth > API_LIMITS.jsonDepth) {
    throw new SpError(API_ERROR_CODES.invalidBody, `the request body must not nest deeper than ${API_LIMITS.jsonDepth} levels`)
  }
}

/** Counts in-flight uses of a capped resource. */
export class Gate {
  private open = 0

  constructor(
    private readonly what: string,
    readonly limit: number,
  ) {}

  get size(): number {
    return this.open
  }

  /** Takes a place (throws `tooMany` when none is left); call the returned function once, when done. */
  enter(): () => void {
    if (this.open >= this.limit) throw tooMany(this.what, this.limit)
    this.open++
    let left = false
    return () => {
      if (left) return
      left = true
      this.open--
    }
  }
}
