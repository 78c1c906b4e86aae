import {normalizeCookieHeader} from './cookies.js'

/** What the collector needs from one HTTP request, gathered in a single pass over its headers. */
export interface RequestFacts {
  /** `Name: value` for every header, as the CollectorPayload stores them (see `headerList`) */
  headers: string[]
  userAgent?: string
  referer?: string
  /** Host header without the port */
  hostname?: string
  cookie?: string
  origin?: string
  contentType?: string
  forwardedFor?: string
  anonymous: boolean
}

/**
 * Reads Node's `rawHeaders` (original case and order, duplicates kept). With `SP-Anonymous`, the
 * X-Forwarded-For, X-Real-Ip and Cookie headers are left out of the stored list, as the collector does.
 * `apikey`, `Authorization` and `Proxy-Authorization` are always left out (the collector keeps them).
 */
export function readRequestFacts(rawHeaders: string[]): RequestFacts {
  const facts: RequestFacts = {headers: [], anonymous: false}
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].length === 12 && rawHeaders[i].toLowerCase() === 'sp-anonymous') facts.anonymous = true
  }
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]
    const value = rawHeaders[i + 1]
    switch (name.toLowerCase()) {
      case 'user-agent':
        facts.userAgent ??= value
        break
      case 'referer':
        facts.referer ??= value
        break
      case 'host':
        facts.hostname ??= stripPort(value)
        break
      case 'origin':
        facts.origin ??= value
        break
      case 'content-type':
        facts.contentType ??= value
        break
      case 'x-forwarded-for':
        facts.forwardedFor ??= value
        if (facts.anonymous) continue
        break
      case 'x-real-ip':
        if (facts.anonymous) continue
        break
      // credentials are never stored (Snowplow's collector keeps every header): a registry or
      // proxy key sent to a collector path by mistake must not end up readable in /micro/bad
      case 'apikey':
      case 'authorization':
      case 'proxy-authorization':
        continue
      case 'cookie':
        facts.cookie = facts.cookie === undefined ? value : `${facts.cookie}; ${value}`
        if (facts.anonymous) continue
        facts.headers.push(`${name}: ${normalizeCookieHeader(value)}`)
        continue
    }
    facts.headers.push(`${name}: ${value}`)
  }
  // Snowplow quirk (ServiceSpec): the content type is repeated as the last element of the list
  if (facts.contentType !== undefined) facts.headers.push(facts.contentType)
  return facts
}

function stripPort(host: string): string {
  if (host.startsWith('[')) {
    const end = host.indexOf(']')
    return end < 0 ? host : host.slice(0, end + 1)
  }
  const colon = host.indexOf(':')
  return colon < 0 ? host : host.slice(0, colon)
}

/** The client IP as http4s' `req.from` gives it: the first X-Forwarded-For entry, else the peer. */
export function clientIp(facts: RequestFacts, remoteAddress: string | undefined): string {
  if (facts.anonymous) return 'unknown'
  if (facts.forwardedFor) {
    const first = facts.forwardedFor.split(',')[0].trim()
    if (first) return first
  }
  if (!remoteAddress) return 'unknown'
  return remoteAddress.startsWith('::ffff:') ? remoteAddress.slice(7) : remoteAddress
}
