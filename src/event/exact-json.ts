/**
 * JSON numbers kept as written where JavaScript would change them. Enrich (circe) keeps every
 * number's text, so `9223372036854775809` in a context comes out as `9223372036854775809`; a
 * JavaScript double prints `9223372036854776000`. Only a run of 16 or more digits can be changed by
 * the round trip, so only text holding one pays for the slower parse: such numbers become marker
 * strings in the parsed value, and `stringifyExact` writes them back as the original digits.
 *
 * A tree with markers is for output only: validation must see numbers, so callers validate the
 * plain `JSON.parse` value and print the exact one (`parseExact` returns both).
 */

// U+FDD0 is a Unicode noncharacter: never meant to appear in interchanged text.
const MARK = '\uFDD0'
const LONG_DIGITS = /\d{16}/
const MARKED = /"\uFDD0(-?[0-9][0-9.eE+-]*)\uFDD0"/g

export interface ExactParse {
  /** the value with JavaScript numbers (for validation and logic) */
  json: unknown
  /** the same value with long numbers as markers (for output); `json` itself when there are none */
  exact: unknown
}

/** JSON.parse, plus the exact tree when the text holds a number JavaScript would print differently. Throws as JSON.parse. */
export function parseExact(text: string): ExactParse {
  const json: unknown = JSON.parse(text)
  if (!LONG_DIGITS.test(text)) return {json, exact: json}
  const marked = markLongNumbers(text)
  return {json, exact: marked === null ? json : JSON.parse(marked)}
}

/** The exact tree alone (reading back what sp wrote). Throws as JSON.parse. */
export function parseExactOnly(text: string): unknown {
  if (!LONG_DIGITS.test(text)) return JSON.parse(text)
  return JSON.parse(markLongNumbers(text) ?? text)
}

/** JSON.stringify that writes marked numbers back as their digits. */
export function stringifyExact(value: unknown): string {
  const text = JSON.stringify(value)
  return text !== undefined && text.includes(MARK) ? text.replace(MARKED, '$1') : text
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
  return from === 0 ? null : out + text.slice(from)
}
