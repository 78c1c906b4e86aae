import {invalidOption} from './errors.js'

export type SameSite = 'None' | 'Lax' | 'Strict'

/** The collector's `cookie` block (reference.conf defaults). */
export interface CookieConfig {
  enabled: boolean
  name: string
  /** milliseconds */
  expiration: number
  /** the first one equal to, or a parent of, the request's Origin host is used */
  domains: string[]
  fallbackDomain?: string
  secure: boolean
  httpOnly: boolean
  sameSite: SameSite
}

export interface DoNotTrackCookie {
  name: string
  /** a regular expression the whole cookie value must match */
  value: string
}

export interface CollectorConfig {
  /** custom path mappings: request path → stored path, e.g. `/com.acme/track` → `/com.snowplowanalytics.snowplow/tp2` */
  paths: Record<string, string>
  cookie: CookieConfig
  doNotTrackCookie: DoNotTrackCookie | null
  /** `/r/*` (off by default, as `enableDefaultRedirect`); `domains` empty = any host */
  redirects: {enabled: boolean; domains: string[]}
  /** bytes of serialized Thrift above which a payload becomes a size_violation bad row */
  maxPayloadSize: number
  /** bytes of request body above which the request is refused with 413 and nothing is kept */
  dropPayloadSize: number
}

export const DAY_MS = 24 * 60 * 60 * 1000

export function defaultCollectorConfig(): CollectorConfig {
  return {
    paths: {},
    cookie: {
      enabled: true,
      name: 'sp',
      expiration: 365 * DAY_MS,
      domains: [],
      secure: true,
      httpOnly: true,
      sameSite: 'None',
    },
    doNotTrackCookie: null,
    redirects: {enabled: false, domains: []},
    maxPayloadSize: 1_048_576,
    dropPayloadSize: 2_097_152,
  }
}

/** `FROM=TO`, both absolute paths, e.g. `/com.acme/track=/com.snowplowanalytics.snowplow/tp2`. */
export function parsePathMapping(spec: string): [from: string, to: string] {
  const eq = spec.indexOf('=')
  const from = eq < 0 ? '' : spec.slice(0, eq).trim()
  const to = eq < 0 ? '' : spec.slice(eq + 1).trim()
  if (!from.startsWith('/') || !to.startsWith('/') || from.length < 2 || to.length < 2) {
    throw invalidOption(`Invalid path mapping "${spec}": expected FROM=TO with two absolute paths, e.g. /com.acme/track=/com.snowplowanalytics.snowplow/tp2`)
  }
  return [from, to]
}

const DURATION_UNITS: Record<string, number> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: DAY_MS}

/** A cookie lifetime: a number of days (`365`) or a number with a unit (`365d`, `12h`, `30m`, `90s`). */
export function parseDuration(spec: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|days?)?\s*$/i.exec(spec)
  if (!match) throw invalidOption(`Invalid duration "${spec}": use days (365) or a number with a unit (365d, 12h, 30m)`)
  const unit = (match[2] ?? 'd').toLowerCase().replace(/^days?$/, 'd')
  return Math.round(Number(match[1]) * DURATION_UNITS[unit])
}

const SIZE_UNITS: Record<string, number> = {'': 1, b: 1, kb: 1024, k: 1024, mb: 1024 * 1024, m: 1024 * 1024}

/** A byte size: `1048576`, `512kb`, `1mb` (binary units, as the collector's defaults are). */
export function parseByteSize(spec: string): number {
  const match = /^\s*(\d+)\s*(b|kb|k|mb|m)?\s*$/i.exec(spec)
  if (!match) throw invalidOption(`Invalid size "${spec}": use bytes (1048576) or kb/mb (1mb)`)
  const bytes = Number(match[1]) * SIZE_UNITS[(match[2] ?? '').toLowerCase()]
  if (bytes <= 0) throw invalidOption(`Invalid size "${spec}": must be greater than 0`)
  return bytes
}

export function parseSameSite(spec: string): SameSite {
  const value = spec.trim().toLowerCase()
  if (value === 'none') return 'None'
  if (value === 'lax') return 'Lax'
  if (value === 'strict') return 'Strict'
  throw invalidOption(`Invalid SameSite "${spec}": use None, Lax or Strict`)
}

/** Checks the combination of settings; returns the config for chaining. */
export function validateCollectorConfig(config: CollectorConfig): CollectorConfig {
  if (config.dropPayloadSize < config.maxPayloadSize) {
    throw invalidOption(
      `--drop-payload-size (${config.dropPayloadSize}) must not be smaller than --max-payload-size (${config.maxPayloadSize})`,
    )
  }
  if (config.doNotTrackCookie) {
    try {
      new RegExp(config.doNotTrackCookie.value)
    } catch {
      throw invalidOption(`Invalid --dnt-cookie-value "${config.doNotTrackCookie.value}": not a regular expression`)
    }
  }
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(config.cookie.name)) {
    throw invalidOption(`Invalid cookie name "${config.cookie.name}"`)
  }
  return config
}
