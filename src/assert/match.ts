import type {CapturedEvent} from '../client/types.js'
import type {Matcher} from './expectation.js'

/** Values at a dotted path; `*` (or `[*]`) fans out over array items / object values, `[n]` indexes. */
export function valuesAt(root: unknown, path: string): unknown[] {
  const segments = path.replace(/\[(\*|\d+)\]/g, '.$1').split('.').filter((s) => s !== '')
  let current: unknown[] = [root]
  for (const segment of segments) {
    const next: unknown[] = []
    for (const value of current) {
      if (value === null || typeof value !== 'object') continue
      if (segment === '*') next.push(...(Array.isArray(value) ? value : Object.values(value)))
      else if (Array.isArray(value) && /^\d+$/.test(segment)) next.push(value[Number(segment)])
      else if (!Array.isArray(value) && Object.hasOwn(value, segment)) next.push((value as Record<string, unknown>)[segment])
    }
    current = next
  }
  return current.filter((v) => v !== undefined)
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const ka = Object.keys(a as object)
  const kb = Object.keys(b as object)
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}

/** `2` matches 2 and "2": users type values without knowing the JSON type. */
function looselyEqual(actual: unknown, expected: unknown): boolean {
  if (deepEqual(actual, expected)) return true
  if (actual === null || expected === null || typeof actual === 'object' || typeof expected === 'object') return false
  return String(actual) === String(expected)
}

/** The JSON a matcher looks at: the GoodEvent when there is one, else the BadEvent. */
export function matchTarget(event: CapturedEvent): unknown {
  return event.good ?? event.bad ?? event
}

export function matcherHolds(matcher: Matcher, target: unknown): boolean {
  const values = valuesAt(target, matcher.path)
  switch (matcher.op) {
    case 'exists':
      return values.some((v) => v !== null)
    case 'absent':
      return values.every((v) => v === null)
    case 'equals':
      return values.some((v) => looselyEqual(v, matcher.value))
    case 'not':
      return !values.some((v) => looselyEqual(v, matcher.value))
    case 'matches': {
      const re = new RegExp(String(matcher.value))
      return values.some((v) => v !== null && re.test(typeof v === 'string' ? v : JSON.stringify(v)))
    }
  }
}

export function describeMatcher(m: Matcher): string {
  switch (m.op) {
    case 'exists':
      return `${m.path} is set`
    case 'absent':
      return `${m.path} is not set`
    case 'equals':
      return `${m.path} = ${JSON.stringify(m.value)}`
    case 'not':
      return `${m.path} != ${JSON.stringify(m.value)}`
    case 'matches':
      return `${m.path} ~ /${String(m.value)}/`
  }
}

/** Why `event` fails the matchers: one line per failing matcher with the value actually found. */
export function mismatches(where: readonly Matcher[], event: CapturedEvent): string[] {
  const target = matchTarget(event)
  const out: string[] = []
  for (const m of where) {
    if (matcherHolds(m, target)) continue
    const found = valuesAt(target, m.path)
    const shown = found.length === 0 ? 'nothing there' : found.length === 1 ? JSON.stringify(found[0]) : JSON.stringify(found)
    out.push(`expected ${describeMatcher(m)}, found ${shown}`)
  }
  return out
}

export function matchesAll(where: readonly Matcher[], event: CapturedEvent): boolean {
  const target = matchTarget(event)
  return where.every((m) => matcherHolds(m, target))
}
