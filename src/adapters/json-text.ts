import {exactTree, isUnsafeInteger} from '../event/exact-json.js'

/** Enrich's default `maxJsonDepth` (the enrich config's `validation.maxJsonDepth`). */
export const DEFAULT_MAX_JSON_DEPTH = 50

export type JsonText = {ok: true; json: unknown; exact: unknown} | {ok: false; error: string}

/**
 * Enrich's `JsonUtils.extractJson`: parse (circe, messages from its jawn parser, prefixed
 * `invalid json: `), then refuse a value nested deeper than `maxDepth`. `json` is the value for
 * validation, `exact` the one to print (long numbers kept as written, see event/exact-json.ts).
 */
export function parseJsonText(text: string, maxDepth: number = DEFAULT_MAX_JSON_DEPTH): JsonText {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    return {ok: false, error: `invalid json: ${jawnError(text) ?? (e as Error).message}`}
  }
  const walk = walkJson(json, maxDepth)
  if (walk === TOO_DEEP) return {ok: false, error: 'invalid json: maximum allowed JSON depth exceeded'}
  return {ok: true, json, exact: walk === UNSAFE ? exactTree(text, json) : json}
}

const OK = 0
const UNSAFE = 1
export const TOO_DEEP = 2

/**
 * Enrich's `checkIfExceedMaxDepth` (any value inside `maxDepth` or more arrays/objects: a scalar
 * counts, an empty container adds no level), and on the same walk whether the value holds an
 * integer beyond 2^53. Stops descending at the limit: deep nesting costs no deep recursion.
 */
export function walkJson(value: unknown, maxDepth: number): number {
  if (maxDepth <= 0) return TOO_DEEP
  if (typeof value !== 'object' || value === null) return typeof value === 'number' && isUnsafeInteger(value) ? UNSAFE : OK
  const next = maxDepth - 1
  let found = OK
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const r = walkChild(value[i], next)
      if (r === TOO_DEEP) return TOO_DEEP
      found |= r
    }
  } else {
    for (const k in value) {
      const r = walkChild((value as Record<string, unknown>)[k], next)
      if (r === TOO_DEEP) return TOO_DEEP
      found |= r
    }
  }
  return found
}

function walkChild(v: unknown, maxDepth: number): number {
  if (typeof v === 'object' && v !== null) return walkJson(v, maxDepth)
  if (maxDepth <= 0) return TOO_DEEP
  return typeof v === 'number' && isUnsafeInteger(v) ? UNSAFE : OK
}

const ERROR_CONTEXT = 6

/**
 * The message jawn (circe's parser on the JVM) gives for invalid JSON: `expected " got 'test:'
 * (line 1, column 2)`, or `exhausted input` when the text ends early. Only called once JSON.parse
 * has refused the text; null if this walk finds nothing wrong (it then agrees with JSON.parse).
 * Iterative: nesting depth costs no stack.
 */
export function jawnError(s: string): string | null {
  let line = 0
  let lineStart = 0
  const n = s.length
  class Exhausted {}
  const at = (i: number): number => {
    if (i >= n) throw new Exhausted()
    return s.charCodeAt(i)
  }
  const die = (i: number, msg: string, chars = ERROR_CONTEXT): string => {
    let got: string
    if (i >= n) got = 'eof'
    else {
      const end = Math.min(n, i + chars)
      got = end >= n ? `'${s.slice(i, end)}'` : `'${s.slice(i, end)}...'`
    }
    return `${msg} got ${got} (line ${line + 1}, column ${i - lineStart + 1})`
  }
  const isDigit = (c: number) => c >= 48 && c <= 57
  // returns the index after the number, or an error message; `top` tolerates the end of input
  const number = (i: number, top: boolean): number | string => {
    // the index after a run of digits starting at j, or -1 when the input ends there (top level)
    const run = (j: number): number => {
      for (;;) {
        j++
        if (top && j >= n) return -1
        if (!isDigit(at(j))) return j
      }
    }
    let j = i
    if (at(j) === 45) j++
    let c = at(j)
    if (c === 48) {
      j++
      if (top && j >= n) return j
    } else if (c >= 49 && c <= 57) {
      j = run(j)
      if (j < 0) return n
    } else return die(i, 'expected digit')
    c = at(j)
    if (c === 46) {
      if (!isDigit(at(++j))) return die(i, 'expected digit')
      j = run(j)
      if (j < 0) return n
      c = at(j)
    }
    if (c === 101 || c === 69) {
      c = at(++j)
      if (c === 43 || c === 45) c = at(++j)
      if (!isDigit(c)) return die(i, 'expected digit')
      j = run(j)
      if (j < 0) return n
    }
    return j
  }
  const string = (i: number): number | string => {
    let j = i + 1
    for (;;) {
      const c = at(j)
      if (c === 34) return j + 1
      if (c < 32) return die(j, `control char (${c}) in string`, 1)
      if (c === 92) {
        const e = at(j + 1)
        if (e === 117 /* u */) {
          if (j + 6 > n) throw new Exhausted()
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(j + 2, j + 6))) return die(j + 2, 'expected valid unicode escape')
          j += 6
        } else if ('bfnrt"/\\'.includes(String.fromCharCode(e))) j += 2
        else return die(j, `illegal escape sequence (\\${String.fromCharCode(e)})`, 1)
      } else j++
    }
  }
  const constant = (i: number, word: string): number | string => {
    for (let k = 1; k < word.length; k++) if (at(i + k) !== word.charCodeAt(k)) return die(i, `expected ${word}`)
    return i + word.length
  }

  try {
    // parseTop
    let i = 0
    for (;;) {
      const c = at(i)
      if (c === 32 || c === 9 || c === 13) i++
      else if (c === 10) {
        line++
        lineStart = ++i
      } else break
    }
    const first = at(i)
    let end: number | string
    if (first === 91 || first === 123) {
      // rparse: states as jawn's
      const stack: boolean[] = [first === 123] // true = object
      let state: 'DATA' | 'KEY' | 'SEP' | 'ARREND' | 'OBJEND' | 'ARRBEG' | 'OBJBEG' = first === 123 ? 'OBJBEG' : 'ARRBEG'
      i++
      end = -1
      while (end === -1) {
        const c = at(i)
        if (c === 10) {
          line++
          lineStart = ++i
          continue
        }
        if (c === 32 || c === 9 || c === 13) {
          i++
          continue
        }
        const isObj = stack[stack.length - 1]!
        const after = isObj ? 'OBJEND' : 'ARREND'
        if (state === 'DATA') {
          let r: number | string
          if (c === 91 || c === 123) {
            stack.push(c === 123)
            state = c === 123 ? 'OBJBEG' : 'ARRBEG'
            i++
            continue
          } else if (isDigit(c) || c === 45) r = number(i, false)
          else if (c === 34) r = string(i)
          else if (c === 116) r = constant(i, 'true')
          else if (c === 102) r = constant(i, 'false')
          else if (c === 110) r = constant(i, 'null')
          else return die(i, 'expected json value')
          if (typeof r === 'string') return r
          i = r
          state = after
        } else if ((c === 93 && (state === 'ARREND' || state === 'ARRBEG')) || (c === 125 && (state === 'OBJEND' || state === 'OBJBEG'))) {
          stack.pop()
          i++
          if (stack.length === 0) end = i
          else state = stack[stack.length - 1] ? 'OBJEND' : 'ARREND'
        } else if (state === 'KEY') {
          if (c !== 34) return die(i, 'expected "')
          const r = string(i)
          if (typeof r === 'string') return r
          i = r
          state = 'SEP'
        } else if (state === 'SEP') {
          if (c !== 58) return die(i, 'expected :')
          i++
          state = 'DATA'
        } else if (state === 'ARREND') {
          if (c !== 44) return die(i, 'expected ] or ,')
          i++
          state = 'DATA'
        } else if (state === 'OBJEND') {
          if (c !== 44) return die(i, 'expected } or ,')
          i++
          state = 'KEY'
        } else state = state === 'ARRBEG' ? 'DATA' : 'KEY'
      }
    } else if (isDigit(first) || first === 45) end = number(i, true)
    else if (first === 34) end = string(i)
    else if (first === 116) end = constant(i, 'true')
    else if (first === 102) end = constant(i, 'false')
    else if (first === 110) end = constant(i, 'null')
    else return die(i, 'expected json value')
    if (typeof end === 'string') return end
    for (let j = end; j < n; j++) {
      const c = s.charCodeAt(j)
      if (c === 10) {
        line++
        lineStart = j + 1
      } else if (c !== 32 && c !== 9 && c !== 13) return die(j, 'expected whitespace or eof')
    }
    return null
  } catch (e) {
    if (e instanceof Exhausted) return 'exhausted input'
    throw e
  }
}
