import {errorMessages, eventSchema, formatErrorMessage} from '../client/error-messages.js'
import type {MicroClient} from '../client/micro-client.js'
import type {CapturedEvent, EventFilter, EventStatus, WaitResult} from '../client/types.js'
import {countHolds, describeCount, lowerBound, type CountRule, type Expectation, type Matcher} from './expectation.js'
import {describeMatcher, matchesAll, mismatches} from './match.js'

/** The server caps one wait at 5 minutes; longer timeouts wait in several steps. */
const MAX_WAIT_MS = 300_000
/** Events fetched to evaluate field matchers (the newest ones). */
const MATCH_LIMIT = 10_000
const CLOSEST = 5

export interface ClosestEvent {
  status: EventStatus
  eventId: string | null
  eventType: string | null
  schema: string | null
  appId: string | null
  collectorTstamp: string | null
  /** matchers this event fails, with the value found */
  mismatches: string[]
  /** readable validation / adapter messages (failed events) */
  errors: string[]
}

export interface ExpectationResult {
  name: string
  /** `at least 1 good page_view event where event.se_category = "shop"` */
  description: string
  passed: boolean
  /** how many events matched when the run ended */
  actual: number
  count: CountRule
  filter: EventFilter
  where: Matcher[]
  /** for failures: what it found instead (near misses, or the events that should not be there) */
  closest: ClosestEvent[]
  closestNote: string
}

export interface AssertReport {
  passed: boolean
  url: string
  startedAt: string
  durationMs: number
  timeoutMs: number
  results: ExpectationResult[]
  /** the server's totals when the run ended (bad includes incomplete, as in /micro/all) */
  counts: WaitResult['counts'] | null
  /** the waiting was stopped (Ctrl-C) before the timeout: the results are the state so far */
  interrupted?: boolean
}

export interface RunOptions {
  /** how long to wait for lower bounds to hold (ms) */
  timeoutMs: number
  /** stops the waiting (Ctrl-C): every expectation is then checked against what is there so far */
  signal?: AbortSignal
}

export function describeExpectation(e: Expectation): string {
  const status = e.filter.status === undefined ? 'any' : e.filter.status
  const what = e.filter.schema ?? e.filter.event_type ?? ''
  const parts = [`${describeCount(e.count)} ${status}${what === '' ? '' : ` ${what}`} event(s)`]
  if (e.filter.contexts?.length) parts.push(`with context ${e.filter.contexts.join(', ')}`)
  if (e.filter.app_id !== undefined) parts.push(`with app_id ${e.filter.app_id}`)
  if (e.filter.q !== undefined) parts.push(`containing ${JSON.stringify(e.filter.q)}`)
  if (e.where.length > 0) parts.push(`where ${e.where.map(describeMatcher).join(' and ')}`)
  return parts.join(' ')
}

/** The selected events (newest first, at most MATCH_LIMIT) that satisfy every matcher. */
async function matchingEvents(client: MicroClient, e: Expectation): Promise<CapturedEvent[]> {
  return (await client.captured({...e.filter, limit: MATCH_LIMIT})).filter((ev) => matchesAll(e.where, ev))
}

async function actualCount(client: MicroClient, e: Expectation): Promise<number> {
  if (e.where.length === 0) return client.count(e.filter)
  return (await matchingEvents(client, e)).length
}

/** Waits (event-driven, via /micro/wait) until the expectation's lower bound holds or time is up. */
async function waitForLowerBound(client: MicroClient, e: Expectation, deadline: number, signal?: AbortSignal): Promise<void> {
  const need = lowerBound(e.count)
  if (need === null) return
  let coarse = need
  for (;;) {
    if (signal?.aborted) return
    const remaining = deadline - Date.now()
    const step = Math.max(0, Math.min(remaining, MAX_WAIT_MS))
    let w: WaitResult
    try {
      w = await client.wait(e.filter, {count: coarse, timeout: step, signal})
    } catch (error) {
      if (signal?.aborted) return
      throw error
    }
    if (w.status === 'timeout') {
      if (deadline - Date.now() > 0) continue
      return
    }
    if (e.where.length === 0) return
    const matching = (await matchingEvents(client, e)).length
    if (matching >= need || deadline - Date.now() <= 0) return
    // enough events of the kind, not enough with the right fields: wait for the next one
    coarse = w.matched + 1
  }
}

function closestOf(event: CapturedEvent, where: readonly Matcher[]): ClosestEvent {
  return {
    status: event.status,
    eventId: event.eventId,
    eventType: event.eventType,
    // an event that failed validation has no schema fields: name the schema its errors are about
    schema: eventSchema(event),
    appId: event.appId,
    collectorTstamp: event.collectorTstamp,
    mismatches: event.good === null && event.bad === null ? [] : mismatches(where, event),
    errors: errorMessages(event.errors).filter((m) => m.kind !== 'stage').map(formatErrorMessage),
  }
}

/** Any version of the same schema: a wrong version is the most common near miss. */
function anyVersion(schema: string): string {
  return schema.replace(/\/[0-9*]+-[0-9*]+-[0-9*]+$/, '/*-*-*')
}

/** `iglu:com.acme/checkout/jsonschema/1-0-0` → `com.acme/checkout/`, as it appears in error messages. */
function schemaName(schema: string): string {
  return schema.replace(/^iglu:/, '').split('/').slice(0, 2).join('/') + '/'
}

function identity(e: CapturedEvent): string {
  return `${e.status} ${e.eventId ?? JSON.stringify(e.errors)}`
}

async function findClosest(client: MicroClient, e: Expectation, actual: number): Promise<{closest: ClosestEvent[]; note: string}> {
  const tooMany = !countHolds(e.count, actual) && actual > e.count.n
  if (tooMany) {
    const events = await matchingEvents(client, e)
    return {closest: events.slice(0, CLOSEST).map((ev) => closestOf(ev, [])), note: `${actual} matching event(s); the newest:`}
  }
  const relaxed: EventFilter = {...e.filter}
  delete relaxed.status
  if (relaxed.schema !== undefined) relaxed.schema = anyVersion(relaxed.schema)
  const similar = await client.captured({...relaxed, limit: 50})
  if (e.filter.schema !== undefined) {
    // an event that failed validation may not even have its schema fields set: find it by its errors
    const {schema: _schema, ...rest} = relaxed
    const failed = await client.captured({...rest, status: 'failed', q: schemaName(e.filter.schema), limit: 20})
    const seen = new Set(similar.map(identity))
    similar.push(...failed.filter((ev) => !seen.has(identity(ev))))
  }
  const nearMisses = similar
    .map((ev) => closestOf(ev, e.where))
    // failures with their errors first, then the fewest failing matchers
    .sort((a, b) => Number(b.errors.length > 0) - Number(a.errors.length > 0) || a.mismatches.length - b.mismatches.length)
  if (nearMisses.length > 0) return {closest: nearMisses.slice(0, CLOSEST), note: 'closest events captured:'}
  const recent = await client.captured({limit: CLOSEST})
  if (recent.length === 0) return {closest: [], note: 'no events were captured at all'}
  return {closest: recent.map((ev) => closestOf(ev, e.where)), note: 'nothing like it was captured; the most recent events:'}
}

/**
 * Waits up to `timeoutMs` for every lower bound (`>=`, `>`, `=`) to hold, then checks every
 * expectation once against the same moment's data, and gathers the closest events for each
 * failure. Upper bounds (`=0`, `<=`, `<`) and --no-bad are checked after the waits, so events
 * still arriving within the timeout count against them too.
 */
export async function runAssertions(client: MicroClient, expectations: readonly Expectation[], options: RunOptions): Promise<AssertReport> {
  const started = Date.now()
  const deadline = started + options.timeoutMs
  await Promise.all(expectations.map((e) => waitForLowerBound(client, e, deadline, options.signal)))
  const results: ExpectationResult[] = []
  for (const e of expectations) {
    const actual = await actualCount(client, e)
    const passed = countHolds(e.count, actual)
    const found = passed ? {closest: [], note: ''} : await findClosest(client, e, actual)
    results.push({
      name: e.name,
      description: describeExpectation(e),
      passed,
      actual,
      count: e.count,
      filter: e.filter,
      where: e.where,
      closest: found.closest,
      closestNote: found.note,
    })
  }
  const counts = (await client.wait({}, {count: Number.MAX_SAFE_INTEGER, timeout: 0})).counts
  return {
    passed: results.every((r) => r.passed),
    url: client.url,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    timeoutMs: options.timeoutMs,
    results,
    counts,
    ...(options.signal?.aborted ? {interrupted: true} : {}),
  }
}
