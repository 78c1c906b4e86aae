/**
 * Test helpers for Vitest, Jest, Playwright, Cypress (node side) and node:test: talk to a running
 * `sp micro`, wait for events without sleeps, fail with a report that shows the closest events.
 *
 *   import {createMicro} from 'sp/testing'
 *   const micro = createMicro()              // SP_URL or http://127.0.0.1:9090
 *   await micro.reset()
 *   // ... drive the app ...
 *   const [view] = await micro.waitFor({event_type: 'page_view'})
 *   await micro.expectNoBad()
 */
import {MicroClient} from '../client/micro-client.js'
import type {BadEvent, CapturedEvent, EventFilter, GoodEvent, MicroCounts} from '../client/types.js'
import {noBadExpectation, parseExpectation, type Expectation} from '../assert/expectation.js'
import {parseSpec} from '../assert/spec.js'
import {runAssertions, type AssertReport} from '../assert/evaluate.js'
import {matchesAll} from '../assert/match.js'
import {textReport} from '../assert/reporters/text.js'

export type {BadEvent, CapturedEvent, EventFilter, GoodEvent, MicroCounts, AssertReport}
export type {CanonicalEvent, RawEvent, EventStatus, WaitResult, StreamEvent, EventLookup} from '../client/types.js'
export {MicroClient}

export interface CreateMicroOptions {
  /** default: SP_URL, else http://127.0.0.1:9090 */
  url?: string
  /** default timeout of waitFor / expect, ms (default 10000) */
  timeout?: number
}

export interface WaitForOptions {
  /** how many matching events to wait for (default 1) */
  count?: number
  /** ms (default: the client's, 10000) */
  timeout?: number
  /**
   * Field conditions over each event's JSON, as in an `sp assert` spec: `{"se_category": "shop"}`,
   * `{"data.total": 10}` (self-describing event data), `{"event.app_id": {"matches": "^shop"}}`.
   */
  where?: Record<string, unknown>
}

/** The no-bad expectation as library users call it (the CLI's name quotes its flag). */
const NO_BAD = 'no bad or incomplete events'

/** Thrown when an expectation does not hold in time; `message` is the readable report. */
export class MicroExpectationError extends Error {
  constructor(readonly report: AssertReport) {
    super(textReport(report, {color: false, source: 'sp/testing'}).trimEnd())
    this.name = 'MicroExpectationError'
  }
}

export class Micro {
  readonly client: MicroClient
  readonly timeout: number

  constructor(options: CreateMicroOptions = {}) {
    this.client = new MicroClient(options.url)
    this.timeout = options.timeout ?? 10_000
  }

  get url(): string {
    return this.client.url
  }

  /** Deletes every captured event (POST /micro/reset). */
  async reset(): Promise<void> {
    await this.client.reset()
  }

  /** Micro's `/micro/all` totals (`bad` includes incomplete events). */
  async counts(): Promise<MicroCounts> {
    return this.client.counts()
  }

  /**
   * Events of every status matching `filter`, newest first (default limit 100). `status` narrows
   * (`good`, `bad`, `incomplete`, `failed`).
   */
  async events(filter: EventFilter = {}): Promise<CapturedEvent[]> {
    return this.client.captured(filter)
  }

  /** Micro's GoodEvents, newest first. */
  async good(filter: EventFilter = {}): Promise<GoodEvent[]> {
    return this.client.good(filter)
  }

  /** Micro's BadEvents (bad and incomplete), newest first. */
  async bad(filter: EventFilter = {}): Promise<BadEvent[]> {
    return this.client.bad(filter)
  }

  /**
   * Waits until at least `count` events match (good ones, unless `filter.status` says otherwise),
   * then returns the matching events, newest first. Throws MicroExpectationError on timeout, with
   * the closest events and their validation errors in the message.
   */
  async waitFor(filter: EventFilter = {}, options: WaitForOptions = {}): Promise<CapturedEvent[]> {
    const count = options.count ?? 1
    const expectation: Expectation = {
      ...this.expectationFor(filter, options.where),
      count: {op: '>=', n: count},
    }
    const report = await runAssertions(this.client, [expectation], {timeoutMs: options.timeout ?? this.timeout})
    if (!report.passed) throw new MicroExpectationError(report)
    const limit = Math.max(filter.limit ?? 1000, count)
    const selected = await this.client.captured({...expectation.filter, limit})
    return selected.filter((e) => matchesAll(expectation.where, e))
  }

  /** Throws MicroExpectationError listing every bad or incomplete event with its errors. */
  async expectNoBad(): Promise<void> {
    const report = await runAssertions(this.client, [noBadExpectation(NO_BAD)], {timeoutMs: 0})
    if (!report.passed) throw new MicroExpectationError(report)
  }

  /**
   * `sp assert` in code: expectation strings (`page_view>=1`, `se:se_category=shop=2`) and/or a
   * spec object; waits up to `timeout`, returns the report, throws MicroExpectationError on failure.
   */
  async expect(expectations: string[] | Record<string, unknown>, options: {timeout?: number; noBad?: boolean} = {}): Promise<AssertReport> {
    let list: Expectation[]
    let timeout = options.timeout ?? this.timeout
    if (Array.isArray(expectations)) list = expectations.map(parseExpectation)
    else {
      const spec = parseSpec(expectations, 'expect()')
      list = spec.expectations
      timeout = options.timeout ?? spec.timeoutMs ?? timeout
    }
    if (options.noBad) list.push(noBadExpectation(NO_BAD))
    const report = await runAssertions(this.client, list, {timeoutMs: timeout})
    if (!report.passed) throw new MicroExpectationError(report)
    return report
  }

  private expectationFor(filter: EventFilter, where?: Record<string, unknown>): Omit<Expectation, 'count'> {
    const {limit: _limit, ...selection} = filter
    const spec = parseSpec({expect: [{...selection, status: selection.status ?? 'good', ...(where ? {where} : {})}]}, 'waitFor()')
    const e = spec.expectations[0]!
    return {name: `waitFor(${JSON.stringify(filter)}${where ? `, where ${JSON.stringify(where)}` : ''})`, filter: e.filter, where: e.where}
  }
}

/** A helper bound to `options.url` (default SP_URL, else http://127.0.0.1:9090). */
export function createMicro(options: CreateMicroOptions = {}): Micro {
  return new Micro(options)
}
