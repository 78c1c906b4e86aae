import type {EventFilter} from '../client/types.js'
import {invalidExpectation} from './errors.js'
import {isEventType, schemaPattern, suggestEventType} from '../event/event-types.js'

export type CountOp = '=' | '!=' | '>=' | '<=' | '>' | '<'

export interface CountRule {
  op: CountOp
  n: number
}

export type MatcherOp = 'equals' | 'not' | 'matches' | 'exists' | 'absent'

/** A condition on one JSON path of the event (GoodEvent for good/incomplete, BadEvent for bad). */
export interface Matcher {
  /** dotted path into the GoodEvent, shorthands resolved: `event.se_category`, `event.unstruct_event.data.data.sku` */
  path: string
  op: MatcherOp
  /** JSON value for equals/not, regular expression source for matches */
  value?: unknown
}

export interface Expectation {
  /** what reports call it: the --expect text, or the spec's `name` */
  name: string
  /** server-side selection (POST /micro/wait, /micro/good …) */
  filter: EventFilter
  /** client-side conditions over each selected event's JSON */
  where: Matcher[]
  count: CountRule
}

const STATUS_WORDS = new Set(['good', 'bad', 'incomplete', 'failed'])
const GOOD_EVENT_KEYS = new Set(['rawEvent', 'eventType', 'schema', 'contexts', 'event', 'incomplete', 'collectorPayload', 'errors'])
const COUNT = /(==|=|!=|>=|<=|>|<)\s*(\d+)\s*$/

export function parseCountRule(text: string, source = text): CountRule {
  const match = /^\s*(==|=|!=|>=|<=|>|<)?\s*(\d+)\s*$/.exec(text)
  if (match === null) throw invalidExpectation(source, `count ${JSON.stringify(text)} must be an operator (=, !=, >=, <=, >, <) and a whole number`)
  const op = (match[1] === '==' || match[1] === undefined ? '=' : match[1]) as CountOp
  return {op, n: Number(match[2])}
}

export function countHolds(rule: CountRule, actual: number): boolean {
  switch (rule.op) {
    case '=':
      return actual === rule.n
    case '!=':
      return actual !== rule.n
    case '>=':
      return actual >= rule.n
    case '<=':
      return actual <= rule.n
    case '>':
      return actual > rule.n
    case '<':
      return actual < rule.n
  }
}

/** How many matching events make the count hold when more can only arrive (null: an upper bound, nothing to wait for). */
export function lowerBound(rule: CountRule): number | null {
  switch (rule.op) {
    case '=':
    case '>=':
      return rule.n > 0 ? rule.n : null
    case '>':
      return rule.n + 1
    case '!=':
      return rule.n === 0 ? 1 : null
    default:
      return null
  }
}

export function describeCount(rule: CountRule): string {
  const words: Record<CountOp, string> = {'=': 'exactly', '!=': 'not', '>=': 'at least', '<=': 'at most', '>': 'more than', '<': 'fewer than'}
  return `${words[rule.op]} ${rule.n}`
}

/**
 * Shorthands: a first segment that is not a GoodEvent key means a canonical event field
 * (`se_category` = `event.se_category`); `data.` is the self-describing event's data
 * (`event.unstruct_event.data.data.`).
 */
export function resolvePath(path: string): string {
  if (path.startsWith('data.') || path === 'data') return `event.unstruct_event.data.${path}`
  const first = path.split('.')[0]!
  return GOOD_EVENT_KEYS.has(first) ? path : `event.${path}`
}

/** `"shop"`, `2`, `true`, `null` as JSON; anything else as the literal text. */
function literal(text: string): unknown {
  const t = text.trim()
  try {
    return JSON.parse(t)
  } catch {
    return t
  }
}

/** Splits on commas outside double quotes and outside /regex/. */
function splitMatchers(text: string): string[] {
  const parts: string[] = []
  let current = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c === '"' && text[i - 1] !== '\\') quoted = !quoted
    if (c === ',' && !quoted) {
      parts.push(current)
      current = ''
    } else current += c
  }
  parts.push(current)
  return parts.map((p) => p.trim()).filter((p) => p !== '')
}

/**
 * One matcher: `path=value`, `path!=value`, `path~regex`, `path` (present, not null) or `!path`
 * (absent or null). `status=…`, `context=…`, `app_id=…` and `q=…` narrow the server-side filter.
 */
function parseMatcher(text: string, source: string, filter: EventFilter): Matcher | null {
  if (text.startsWith('!')) return {path: resolvePath(text.slice(1).trim()), op: 'absent'}
  const match = /^([^=!~]+?)\s*(!=|=|~)\s*(.*)$/.exec(text)
  if (match === null) {
    if (!/^[\w.*[\]-]+$/.test(text)) throw invalidExpectation(source, `cannot read matcher ${JSON.stringify(text)}`)
    return {path: resolvePath(text), op: 'exists'}
  }
  const [, key, op, rawValue] = match as unknown as [string, string, string, string]
  if (op === '=' && (key === 'status' || key === 'context' || key === 'app_id' || key === 'q')) {
    const value = String(literal(rawValue))
    if (key === 'status') {
      if (!STATUS_WORDS.has(value)) throw invalidExpectation(source, `status must be good, bad, incomplete or failed, got ${JSON.stringify(value)}`)
      filter.status = value as EventFilter['status']
    } else if (key === 'context') filter.contexts = [...(filter.contexts ?? []), value]
    else if (key === 'app_id') filter.app_id = value
    else filter.q = value
    return null
  }
  if (op === '~') {
    const source_ = String(literal(rawValue)).replace(/^\/(.*)\/$/, '$1')
    try {
      new RegExp(source_)
    } catch (error) {
      throw invalidExpectation(source, `bad regular expression ${JSON.stringify(source_)}: ${(error as Error).message}`)
    }
    return {path: resolvePath(key.trim()), op: 'matches', value: source_}
  }
  return {path: resolvePath(key.trim()), op: op === '=' ? 'equals' : 'not', value: literal(rawValue)}
}

/**
 * The selector: a status word, `*`, an event type (name or tracker code), or a schema: an Iglu URI
 * (`*` in the version), `vendor/name` or a bare name (`link_click`) for any version.
 */
function applySelector(selector: string, source: string, filter: EventFilter): void {
  if (selector === '*' || selector === 'any' || selector === 'all') {
    if (filter.status === 'good') delete filter.status
    return
  }
  if (STATUS_WORDS.has(selector)) {
    filter.status = selector as EventFilter['status']
    return
  }
  if (isEventType(selector)) {
    filter.event_type = selector
    return
  }
  // a misspelt event type would wait out the whole timeout for nothing
  const suggestion = selector.includes('/') ? undefined : suggestEventType(selector)
  if (suggestion !== undefined) throw invalidExpectation(source, `unknown event type ${JSON.stringify(selector)}; did you mean ${suggestion}?`)
  const pattern = /^(iglu:)?[A-Za-z0-9_.*-]+(\/[^/\s]+){0,3}$/.test(selector) ? schemaPattern(selector) : null
  if (pattern === null) {
    throw invalidExpectation(
      source,
      `${JSON.stringify(selector)} is not an event type, a schema (link_click, com.acme/checkout, iglu:com.acme/checkout/jsonschema/1-0-0, * in the version), a status or *`,
    )
  }
  filter.schema = pattern
}

/**
 * Parses `--expect` text: `SELECTOR[:MATCHER,...][OP COUNT]`.
 * - SELECTOR: event type (`page_view`, `pv`, `struct`, `se`), Iglu URI (`iglu:` optional, `*` in
 *   the version), a status (`good`, `bad`, `incomplete`, `failed`) or `*` (any status).
 * - MATCHER: `path=value`, `path!=value`, `path~regex`, `path`, `!path`; `status=`, `context=`,
 *   `app_id=`, `q=` narrow the selection.
 * - OP COUNT: `=3`, `!=0`, `>=1`, `<=2`, `>0`, `<5`; the trailing comparison is always the
 *   count, and it defaults to `>=1`.
 * Counts only good events unless a status says otherwise.
 */
export function parseExpectation(text: string): Expectation {
  const source = text.trim()
  if (source === '') throw invalidExpectation(text, 'it is empty')
  let body = source
  let count: CountRule = {op: '>=', n: 1}
  const trailing = COUNT.exec(body)
  if (trailing !== null) {
    // `1-0-0` ends in digits too, but never after an operator
    count = parseCountRule(`${trailing[1]}${trailing[2]}`, source)
    body = body.slice(0, trailing.index).trimEnd()
  }
  const skip = body.startsWith('iglu:') ? 5 : 0
  const colon = body.indexOf(':', skip)
  const selector = (colon < 0 ? body : body.slice(0, colon)).trim()
  if (selector === '') throw invalidExpectation(source, 'the selector is missing')
  const filter: EventFilter = {status: 'good'}
  applySelector(selector, source, filter)
  const where: Matcher[] = []
  if (colon >= 0) {
    const matchers = splitMatchers(body.slice(colon + 1))
    if (matchers.length === 0) throw invalidExpectation(source, 'nothing after ":"')
    for (const m of matchers) {
      const matcher = parseMatcher(m, source, filter)
      if (matcher !== null) where.push(matcher)
    }
  }
  return {name: source, filter, where, count}
}

/** `--no-bad`: no bad and no incomplete event at all (`name` as reports call it). */
export function noBadExpectation(name = 'no bad events (--no-bad)'): Expectation {
  return {name, filter: {status: 'failed'}, where: [], count: {op: '=', n: 0}}
}
