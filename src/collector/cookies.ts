import type {CookieConfig} from './config.js'

const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
// RFC 6265 cookie-octet, optionally inside double quotes
const COOKIE_VALUE = /^(?:"[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*"|[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*)$/

/** The value of the first cookie called `name` in a Cookie header, if any. */
export function findCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim()
  }
  return undefined
}

/**
 * The Cookie header as the collector stores it (http4s' RFC 6265 parse, re-rendered): pairs joined
 * by `;` without spaces, parts that are not valid `name=value` pairs dropped.
 */
export function normalizeCookieHeader(header: string): string {
  const kept: string[] = []
  for (const raw of header.split(';')) {
    const part = raw.trim()
    const eq = part.indexOf('=')
    if (eq <= 0) continue
    const name = part.slice(0, eq)
    const value = part.slice(eq + 1)
    if (COOKIE_NAME.test(name) && COOKIE_VALUE.test(value)) kept.push(`${name}=${value}`)
  }
  return kept.join(';')
}

/** Hosts named by an Origin header (`http://a.com https://b.com:8443`), lower-cased, without port. */
export function originHosts(origin: string | undefined): string[] {
  if (!origin) return []
  const hosts: string[] = []
  for (const token of origin.split(' ')) {
    const match = /^[a-z][a-z0-9+.-]*:\/\/(\[[^\]]*\]|[^:/]+)/i.exec(token)
    if (match) hosts.push(match[1].toLowerCase())
  }
  return hosts
}

/** The first configured domain equal to, or a parent of, an Origin host; else the fallback. */
export function cookieDomain(config: CookieConfig, origin: string | undefined): string | undefined {
  if (config.domains.length > 0) {
    const hosts = originHosts(origin)
    for (const domain of config.domains) {
      const d = domain.toLowerCase().replace(/^\./, '')
      if (hosts.some((host) => host === d || host.endsWith(`.${d}`))) return domain
    }
  }
  return config.fallbackDomain
}

/**
 * A value that can stand in a Set-Cookie header: as it is when every character is a cookie-octet
 * (a UUID always is), else its UTF-8 bytes percent-encoded. A `nuid` parameter is the client's
 * text: unescaped it could add attributes (`x; Domain=evil`) or make Node refuse the header after
 * the event was committed (a 500 the tracker retries, storing the event twice).
 */
export function cookieSafeValue(value: string): string {
  if (COOKIE_VALUE.test(value) && !value.startsWith('"')) return value
  let out = ''
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte)
    out += byte > 0x20 && byte < 0x7f && c !== '%' && COOKIE_VALUE.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

/** A Set-Cookie value in http4s' attribute order. */
export function renderSetCookie(
  config: CookieConfig,
  value: string,
  expires: Date,
  domain: string | undefined,
): string {
  let cookie = `${config.name}=${cookieSafeValue(value)}; Expires=${expires.toUTCString()}`
  if (domain) cookie += `; Domain=${domain}`
  cookie += '; Path=/'
  cookie += `; SameSite=${config.sameSite}`
  if (config.secure) cookie += '; Secure'
  if (config.httpOnly) cookie += '; HttpOnly'
  return cookie
}
