import type {NameValuePair} from './raw-event.js'

/**
 * Querystring handling as enrich does it: `URI.create("http://localhost/?" + qs)` first (which
 * rejects illegal raw characters), then Apache URLEncodedUtils (`&` and `;` separate pairs, `+` is a
 * space, a name without `=` has a null value, empty names are dropped).
 */
const URI_PREFIX = 'http://localhost/?'

// java.net.URI's allowed query characters: unreserved, reserved (incl. [ ]), '%' escapes and any
// non-ASCII character that is neither a control nor a space character.
const ALLOWED_ASCII = new Uint8Array(128)
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'();/?:@&=+$,[]") {
  ALLOWED_ASCII[c.charCodeAt(0)] = 1
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)
}

/** Java's URISyntaxException text for the first problem in `qs`, or null when URI.create accepts it. */
export function checkQuerystring(qs: string): string | null {
  let component = 'query'
  for (let i = 0; i < qs.length; i++) {
    const c = qs.charCodeAt(i)
    if (c === 35 /* # */ && component === 'query') {
      component = 'fragment'
      continue
    }
    if (c < 128) {
      if (ALLOWED_ASCII[c] === 1) continue
      if (c === 37 /* % */) {
        if (i + 2 < qs.length + 0 && isHex(qs.charCodeAt(i + 1)) && isHex(qs.charCodeAt(i + 2))) {
          i += 2
          continue
        }
        return `Malformed escape pair at index ${URI_PREFIX.length + i}: ${URI_PREFIX}${qs}`
      }
      return `Illegal character in ${component} at index ${URI_PREFIX.length + i}: ${URI_PREFIX}${qs}`
    }
    // Non-ASCII: Java rejects ISO control and space-separator characters only.
    if ((c >= 0x80 && c <= 0x9f) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000) {
      return `Illegal character in ${component} at index ${URI_PREFIX.length + i}: ${URI_PREFIX}${qs}`
    }
  }
  return null
}

const PCT_OR_PLUS = /[%+]/

/** application/x-www-form-urlencoded decoding with UTF-8; malformed bytes become U+FFFD. */
export function formDecode(text: string): string {
  if (!PCT_OR_PLUS.test(text)) return text
  const plus = text.includes('+') ? text.replace(/\+/g, ' ') : text
  try {
    return decodeURIComponent(plus)
  } catch {
    return slowDecode(plus)
  }
}

function slowDecode(text: string): string {
  const bytes: number[] = []
  let out = ''
  const flush = () => {
    if (bytes.length) {
      out += Buffer.from(bytes).toString('utf8')
      bytes.length = 0
    }
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 37 && i + 2 < text.length + 0 && isHex(text.charCodeAt(i + 1)) && isHex(text.charCodeAt(i + 2))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16))
      i += 2
    } else {
      flush()
      out += text[i]
    }
  }
  flush()
  return out
}

/** Splits an already-checked querystring into decoded pairs (the query part only, before `#`). */
export function parsePairs(qs: string): NameValuePair[] {
  const hash = qs.indexOf('#')
  const query = hash >= 0 ? qs.slice(0, hash) : qs
  const pairs: NameValuePair[] = []
  if (query === '') return pairs
  let start = 0
  for (let i = 0; i <= query.length; i++) {
    const c = i === query.length ? 38 : query.charCodeAt(i)
    if (c !== 38 && c !== 59) continue
    const token = query.slice(start, i)
    start = i + 1
    const eq = token.indexOf('=')
    const name = formDecode((eq < 0 ? token : token.slice(0, eq)).trim())
    if (name === '') continue
    pairs.push({name, value: eq < 0 ? null : formDecode(token.slice(eq + 1).trim())})
  }
  return pairs
}

/**
 * Pairs to event parameters (null-prototype object), as Enrich's `toMap`: the last duplicate wins,
 * a name without `=` is kept with a null value (it makes a querystring non-empty; Transform skips it).
 */
export function pairsToParams(pairs: NameValuePair[]): Record<string, string | null> {
  const params: Record<string, string | null> = Object.create(null)
  for (const {name, value} of pairs) params[name] = value
  return params
}

/** A Map of parameters to event parameters, keeping the order. */
export function mapToParams(map: Map<string, string | null>): Record<string, string | null> {
  const params: Record<string, string | null> = Object.create(null)
  for (const [k, v] of map) params[k] = v
  return params
}
