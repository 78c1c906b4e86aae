import {unknownEventType} from '../event/event-types.js'
import {formatJsonError} from '../errors/json-position.js'
import {readFile} from 'node:fs/promises'
import type {EventFilter} from '../client/types.js'
import {parseDuration} from '../client/duration.js'
import {invalidSpec, specUnreadable} from './errors.js'
import {noBadExpectation, parseCountRule, parseExpectation, resolvePath, type Expectation, type Matcher} from './expectation.js'

/** The Iglu URI of the spec format (schemas/dev.sp/assert_spec/jsonschema/1-0-0). */
export const ASSERT_SPEC_SCHEMA = 'iglu:dev.sp/assert_spec/jsonschema/1-0-0'

export interface AssertSpec {
  /** ms; absent = the command's --timeout */
  timeoutMs?: number
  noBad: boolean
  expectations: Expectation[]
}

const FILTER_KEYS = ['status', 'event_type', 'schema', 'contexts', 'app_id', 'event_id', 'q', 'since'] as const
const OBJECT_KEYS = new Set<string>(['name', 'count', 'where', ...FILTER_KEYS])
const STATUSES = new Set(['good', 'bad', 'incomplete', 'failed', 'any'])

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function whereMatchers(file: string, at: string, where: unknown): Matcher[] {
  if (!isObject(where)) throw invalidSpec(file, at, 'must be an object of {"path": value}')
  return Object.entries(where).map(([path, condition]): Matcher => {
    const resolved = resolvePath(path)
    if (!isObject(condition)) return {path: resolved, op: 'equals', value: condition}
    const keys = Object.keys(condition)
    if (keys.length !== 1) throw invalidSpec(file, `${at}.${path}`, 'use one of {"equals": v}, {"not": v}, {"matches": "regex"}, {"exists": true|false}, or a plain value')
    const [op] = keys as [string]
    const value = condition[op]
    if (op === 'equals' || op === 'not') return {path: resolved, op, value}
    if (op === 'matches') {
      if (typeof value !== 'string') throw invalidSpec(file, `${at}.${path}.matches`, 'must be a regular expression string')
      try {
        new RegExp(value)
      } catch (error) {
        throw invalidSpec(file, `${at}.${path}.matches`, (error as Error).message)
      }
      return {path: resolved, op: 'matches', value}
    }
    if (op === 'exists') {
      if (typeof value !== 'boolean') throw invalidSpec(file, `${at}.${path}.exists`, 'must be true or false')
      return {path: resolved, op: value ? 'exists' : 'absent'}
    }
    throw invalidSpec(file, `${at}.${path}`, `unknown condition ${JSON.stringify(op)} (equals, not, matches, exists)`)
  })
}

function objectExpectation(file: string, at: string, item: Record<string, unknown>): Expectation {
  for (const key of Object.keys(item)) {
    if (!OBJECT_KEYS.has(key)) throw invalidSpec(file, `${at}.${key}`, `unknown property (allowed: ${[...OBJECT_KEYS].join(', ')})`)
  }
  const filter: EventFilter = {status: 'good'}
  for (const key of FILTER_KEYS) {
    const value = item[key]
    if (value === undefined) continue
    if (key === 'contexts') {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw invalidSpec(file, `${at}.contexts`, 'must be a list of Iglu URIs')
      filter.contexts = value as string[]
      continue
    }
    if (key === 'since' && typeof value === 'number') {
      filter.since = value
      continue
    }
    if (typeof value !== 'string' || value === '') throw invalidSpec(file, `${at}.${key}`, 'must be a non-empty string')
    if (key === 'status') {
      if (!STATUSES.has(value)) throw invalidSpec(file, `${at}.status`, 'must be good, bad, incomplete, failed or any')
      if (value === 'any') delete filter.status
      else filter.status = value as EventFilter['status']
    } else if (key === 'event_type' && unknownEventType(value) !== undefined) {
      throw invalidSpec(file, `${at}.event_type`, unknownEventType(value)!)
    } else filter[key] = value
  }
  let count = {op: '>=' as const, n: 1} as Expectation['count']
  if (typeof item.count === 'number') {
    if (!Number.isInteger(item.count) || item.count < 0) throw invalidSpec(file, `${at}.count`, 'must be a whole number or a string like ">=1"')
    count = {op: '=', n: item.count}
  } else if (typeof item.count === 'string') {
    try {
      count = parseCountRule(item.count)
    } catch {
      throw invalidSpec(file, `${at}.count`, `${JSON.stringify(item.count)} is not a count like "=3", ">=1", "<=2"`)
    }
  } else if (item.count !== undefined) throw invalidSpec(file, `${at}.count`, 'must be a whole number or a string like ">=1"')
  const where = item.where === undefined ? [] : whereMatchers(file, `${at}.where`, item.where)
  const name = typeof item.name === 'string' && item.name !== '' ? item.name : (filter.schema ?? filter.event_type ?? filter.status ?? 'any event')
  return {name, filter, where, count}
}

/**
 * A spec document (see docs and schemas/dev.sp/assert_spec/jsonschema/1-0-0), bare or wrapped as
 * self-describing JSON. Throws ASSERT_INVALID_SPEC naming the JSON path at fault.
 */
export function parseSpec(document: unknown, file = 'spec'): AssertSpec {
  let data = document
  if (isObject(data) && typeof data.schema === 'string' && 'data' in data) {
    if (!data.schema.startsWith('iglu:dev.sp/assert_spec/jsonschema/1-')) {
      throw invalidSpec(file, 'schema', `expected ${ASSERT_SPEC_SCHEMA}, got ${JSON.stringify(data.schema)}`)
    }
    data = data.data
  }
  if (!isObject(data)) throw invalidSpec(file, '$', 'must be a JSON object with "expect"')
  for (const key of Object.keys(data)) {
    if (!['$schema', 'timeout', 'noBad', 'expect'].includes(key)) throw invalidSpec(file, `$.${key}`, 'unknown property (allowed: timeout, noBad, expect)')
  }
  const spec: AssertSpec = {noBad: false, expectations: []}
  if (data.timeout !== undefined) {
    if (typeof data.timeout === 'number' && data.timeout >= 0) spec.timeoutMs = data.timeout
    else if (typeof data.timeout === 'string') spec.timeoutMs = parseDuration(data.timeout, `${file}: $.timeout`)
    else throw invalidSpec(file, '$.timeout', 'must be milliseconds or a duration like "30s"')
  }
  if (data.noBad !== undefined) {
    if (typeof data.noBad !== 'boolean') throw invalidSpec(file, '$.noBad', 'must be true or false')
    spec.noBad = data.noBad
  }
  if (data.expect !== undefined) {
    if (!Array.isArray(data.expect)) throw invalidSpec(file, '$.expect', 'must be a list')
    data.expect.forEach((item: unknown, i: number) => {
      const at = `$.expect[${i}]`
      if (typeof item === 'string') {
        try {
          spec.expectations.push(parseExpectation(item))
        } catch (error) {
          throw invalidSpec(file, at, (error as Error).message)
        }
      } else if (isObject(item)) spec.expectations.push(objectExpectation(file, at, item))
      else throw invalidSpec(file, at, 'must be an expectation string or object')
    })
  }
  if (spec.expectations.length === 0 && !spec.noBad) throw invalidSpec(file, '$', 'has nothing to check: give "expect" or "noBad": true')
  if (spec.noBad) spec.expectations.push(noBadExpectation())
  return spec
}

export async function loadSpec(file: string): Promise<AssertSpec> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw specUnreadable(file, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw specUnreadable(file, `not valid JSON:\n${formatJsonError(file, text, error)}`)
  }
  return parseSpec(json, file)
}
