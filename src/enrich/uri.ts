/** The parts of a page or referrer URL enrich stores (`ConversionUtils.explodeUri`). */
export interface UriParts {
  /** the URI as enrich re-stringifies it (`stringToUri`: spaces → %20, or fixed up, see below) */
  uri: string
  scheme: string | null
  host: string | null
  port: number
  path: string | null
  query: string | null
  fragment: string | null
}

// RFC 3986 appendix B, the same split java.net.URI makes for the hierarchical URIs trackers send.
const SPLIT = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/s

const orNull = (s: string | undefined): string | null => (s === undefined || s === '' ? null : s)

/**
 * enrich `stringToUri` then `explodeUri`: scheme, host, port (80/443 when absent), raw path, query
 * and fragment, with "" → null (`http://x.com` has a null path). A URL java.net.URI refuses (`|`,
 * `{}`, a second `#`, a stray `%`, `[]` in the path) is re-encoded first as Enrich's fallback
 * parser (scala-uri) does. A host that is not a valid server name (`ex_ample.com`) is null, as
 * Java's registry-based authority gives. Returns null when the text is not a URI at all.
 */
export function explodeUri(text: string): UriParts | null {
  const spaced = text.includes(' ') ? text.replace(/ /g, '%20') : text
  let uri = spaced
  let m = SPLIT.exec(spaced)
  if (m === null || !javaAccepts(spaced, m)) {
    uri = scalaUriFixUp(text)
    m = SPLIT.exec(uri)
    if (m === null) return null
  }
  const scheme = orNull(m[1])
  const server = m[2] === undefined ? null : serverAuthority(m[2])
  const port = server === null || server.port === -1 ? (scheme === 'https' ? 443 : 80) : server.port
  return {uri, scheme, host: server?.host ?? null, port, path: orNull(m[3]), query: orNull(m[4]), fragment: orNull(m[5])}
}

const HOSTNAME = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?\.)*[a-zA-Z](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?\.?$/
const IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/

/** java.net.URI's server-based authority: `[userinfo@]host[:port]`; host null when it does not parse as one. */
function serverAuthority(authority: string): {host: string | null; port: number} {
  const at = authority.lastIndexOf('@')
  let hostPort = at >= 0 ? authority.slice(at + 1) : authority
  let port = -1
  if (hostPort.startsWith('[')) {
    const end = hostPort.indexOf(']')
    if (end < 0) return {host: null, port: -1}
    const rest = hostPort.slice(end + 1)
    if (rest.startsWith(':') && /^\d+$/.test(rest.slice(1))) port = Number(rest.slice(1))
    else if (rest !== '' && rest !== ':') return {host: null, port: -1}
    return {host: hostPort.slice(0, end + 1), port}
  }
  const colon = hostPort.lastIndexOf(':')
  if (colon >= 0) {
    const digits = hostPort.slice(colon + 1)
    if (digits !== '' && !/^\d+$/.test(digits)) return {host: null, port: -1}
    if (digits !== '') port = Number(digits)
    hostPort = hostPort.slice(0, colon)
  }
  if (hostPort === '') return {host: null, port: -1}
  if (IPV4.test(hostPort) || HOSTNAME.test(hostPort)) return {host: hostPort, port}
  return {host: null, port: -1}
}

// java.net.URI's legal ASCII characters: path (unreserved, punct, `/`, `@`) and query/fragment
// (the same plus `?`, `[`, `]`); `%` only as an escape; non-ASCII except controls and spaces.
const PATH_OK = new Uint8Array(128)
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'(),;:$&+=/@") PATH_OK[c.charCodeAt(0)] = 1
const QUERY_OK = PATH_OK.slice()
for (const c of '?[]') QUERY_OK[c.charCodeAt(0)] = 1

const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)

function legal(text: string, from: number, to: number, table: Uint8Array): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i)
    if (c < 128) {
      if (table[c] === 1) continue
      if (c === 37 && i + 2 < to && isHex(text.charCodeAt(i + 1)) && isHex(text.charCodeAt(i + 2))) {
        i += 2
        continue
      }
      return false
    }
    if ((c >= 0x80 && c <= 0xa0) || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000) return false
  }
  return true
}

/** Whether `URI.create` takes the text (as far as page and referrer URLs go); `m` is its SPLIT. */
function javaAccepts(text: string, m: RegExpExecArray): boolean {
  const hash = text.indexOf('#')
  const beforeFragment = hash < 0 ? text.length : hash
  if (hash >= 0 && !legal(text, hash + 1, text.length, QUERY_OK)) return false
  if (hash >= 0 && text.indexOf('#', hash + 1) >= 0) return false
  const q = text.indexOf('?')
  const queryStart = q >= 0 && q < beforeFragment ? q : beforeFragment
  if (queryStart < beforeFragment && !legal(text, queryStart + 1, beforeFragment, QUERY_OK)) return false
  const schemeEnd = m[1] === undefined ? 0 : m[1].length + 1
  const authority = m[2]
  if (authority !== undefined) {
    const start = schemeEnd + 2
    const end = start + authority.length
    const bracketed = authority.includes('[') && BRACKETED.test(authority)
    if (!bracketed && !legal(text, start, end, PATH_OK)) return false
    return legal(text, end, queryStart, PATH_OK)
  }
  return legal(text, schemeEnd, queryStart, PATH_OK)
}

const BRACKETED = /^(?:[^@]*@)?\[[0-9a-fA-F:.]+\](?::\d*)?$/

// scala-uri's default set (reserved, path, query, `"`), without `+`, as Enrich configures it
const ENCODE = new Uint8Array(128)
for (const c of ':/?#[]@!$&\'()*,;= %<>{}^`|\\"') ENCODE[c.charCodeAt(0)] = 1

/** Percent-decode what is a valid escape, keep any other `%` as a character, then encode with ENCODE. */
function recode(part: string): string {
  const chunks: Buffer[] = []
  let run = ''
  for (let i = 0; i < part.length; i++) {
    if (part.charCodeAt(i) === 37 && i + 2 < part.length && isHex(part.charCodeAt(i + 1)) && isHex(part.charCodeAt(i + 2))) {
      if (run !== '') chunks.push(Buffer.from(run, 'utf8'))
      run = ''
      chunks.push(Buffer.from([parseInt(part.slice(i + 1, i + 3), 16)]))
      i += 2
    } else run += part[i]
  }
  if (run !== '') chunks.push(Buffer.from(run, 'utf8'))
  let out = ''
  for (const ch of Buffer.concat(chunks).toString('utf8')) {
    const c = ch.charCodeAt(0)
    if (c > 31 && c < 127 && ENCODE[c] !== 1) out += ch
    else for (const b of Buffer.from(ch, 'utf8')) out += '%' + b.toString(16).toUpperCase().padStart(2, '0')
  }
  return out
}

/**
 * Enrich's fallback when java.net.URI refuses a URL: scala-uri parses it leniently (invalid percent
 * escapes kept) and prints it back with path segments, query keys and values, and the fragment
 * (everything after the first `#`) percent-encoded.
 */
function scalaUriFixUp(text: string): string {
  const m = SPLIT.exec(text)
  if (!m) return text
  const [, scheme, authority, path, query, fragment] = m
  let out = scheme === undefined ? '' : scheme + ':'
  if (authority !== undefined) out += '//' + authority
  out += path!.split('/').map(recode).join('/')
  if (query !== undefined) {
    out += '?' + query.split('&').map((kv) => {
      const eq = kv.indexOf('=')
      return eq < 0 ? recode(kv) : recode(kv.slice(0, eq)) + '=' + recode(kv.slice(eq + 1))
    }).join('&')
  }
  if (fragment !== undefined) out += '#' + recode(fragment)
  return out
}
