/**
 * JSON numbers kept as written where JavaScript would change them. Enrich (circe) keeps every
 * number's text, so `9223372036854775809` in a context comes out as `9223372036854775809`; a
 * JavaScript double prints `9223372036854776000`. Only a value that JSON.parse gave as an integer
 * beyond 2^53 pays for the slower parse (the check rides on the walk the depth limit makes
 * anyway): then every number of 16 or more digits that JavaScript would print differently becomes
 * a marker string in the parsed value, and `stringifyExact` writes it back as the original digits.
 *
 * A tree with markers is for output only: validation must see numbers, so callers validate the
 * plain `JSON.parse` value and print the exact one (`exactTree` gives it).
 */

// U+FDD0 is a Unicode noncharacter: never meant to appear in interchanged text.
const MARK = '\uFDD0'
const MARKED = /"\uFDD0(-?[0-9][0-9.eE+-]*)\uFDD0"/g

/** Whether a number JSON.parse made cannot be the integer that was written (beyond ±2^53). */
export function isUnsafeInteger(n: number): boolean {
  return (n > 9007199254740991 || n < -9007199254740991) && Number.isInteger(n)
}

/** The tree to print for `text` (already parsed into `json`, which holds an unsafe integer). */
export function exactTree(text: string, json: unknown): unknown {
  const marked = markLongNumbers(text)
  return marked === null ? json : JSON.parse(marked)
}

/** Any unsafe integer in a parsed value (for text sp wrote itself: nesting is bounded). */
function holdsUnsafeInteger(value: unknown): boolean {
  if (typeof value === 'number') return isUnsafeInteger(value)
  if (typeof value !== 'object' || value === null) return false
  for (const v of Array.isArray(value) ? value : Object.values(value)) if (holdsUnsafeInteger(v)) return true
  return false
}

/** JSON.parse, with long numbers kept as written (reading back what sp wrote, for output). Throws as JSON.parse. */
export function parseExactOnly(text: string): unknown {
  const json: unknown = JSON.parse(text)
  return holdsUnsafeInteger(json) ? exactTree(text, json) : json
}

// no marker was ever made in this process: stringifyExact has nothing to look for
let marking = false

/** JSON.stringify that writes marked numbers back as their digits. */
export function stringifyExact(value: unknown): string {
  const text = JSON.stringify(value)
  return marking && text !== undefined && text.includes(MARK) ? text.replace(MARKED, '$1') : text
}

/**
 * The text with every number token that JavaScript would not print back as written (16 or more
 * digits) quoted as a marker string; null when there is none. The text is valid JSON already.
 */
function markLongNumbers(text: string): string | null {
  let out = ''
  let from = 0
  let i = 0
  const n = text.length
  while (i < n) {
    const c = text.charCodeAt(i)
    if (c === 34 /* " */) {
      i++
      while (i < n) {
        const d = text.charCodeAt(i)
        if (d === 92 /* \ */) i += 2
        else if (d === 34) break
        else i++
      }
      i++
    } else if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      let end = i + 1
      let digits = c === 45 ? 0 : 1
      while (end < n) {
        const d = text.charCodeAt(end)
        if (d >= 48 && d <= 57) digits++
        else if (d !== 46 && d !== 101 && d !== 69 && d !== 43 && d !== 45) break
        end++
      }
      const token = text.slice(i, end)
      if (digits >= 16 && String(Number(token)) !== token) {
        out += text.slice(from, i) + '"' + MARK + token + MARK + '"'
        from = end
      }
      i = end
    } else {
      i++
    }
  }
  if (from === 0) return null
  marking = true
  return out + text.slice(from)
}
