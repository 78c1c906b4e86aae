import path from 'node:path'
import {parseHocon, parseHoconFile, type HoconDocument, type HoconValue} from './hocon.js'
import {configError} from './errors.js'
import {defaultCollectorConfig, parsePathMapping, parseSameSite, validateCollectorConfig, type SameSite} from '../collector/config.js'
import type {MicroFlagValues} from '../micro/flags.js'
import type {CollectorExtras} from '../collector/micro-routes.js'

/**
 * What a `--config` file says, as sp settings. A Micro file (`collector { … }` and
 * `enrich { … }`, or a flat collector file) is decoded as Micro 4.5 decodes it (namespace lift,
 * `-D` overrides, Typesafe value formats; unknown keys ignored); any other file is read as sp's own
 * options, keyed by flag name (`port`, `db`, `path-map`, …). Flags on the command line beat both.
 */
export interface MicroFileSettings {
  /** sp flag values the file sets */
  flags: Partial<MicroFlagValues>
  /** collector.cookie.httpOnly (no flag of its own) */
  cookieHttpOnly?: boolean
  /** collector.rootResponse, crossDomain, hsts (when enabled) */
  extras: CollectorExtras
  /** collector.ssl */
  ssl: {enable?: boolean; port?: number}
  /** -Dorg.slf4j.simpleLogger.log.EventLog=off */
  eventLogOff: boolean
  /** one line each: ignored keys, settings sp does not carry out */
  warnings: string[]
}

/** oclif's flag definitions, as far as the sp-options reader needs them. */
export type FlagShapes = Record<string, {type: 'boolean' | 'option'; multiple?: boolean; integer?: boolean}>

type Obj = {[key: string]: HoconValue}
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

export interface ReadConfigOptions {
  /** `-Dkey=value` system properties (Micro: they win over the file) */
  systemProperties?: Record<string, string>
  env?: NodeJS.ProcessEnv
  /** the sp flags, to read a file of sp options */
  flagShapes?: FlagShapes
}

export function readMicroConfig(file: string | undefined, options: ReadConfigOptions = {}): MicroFileSettings {
  const env = options.env ?? process.env
  const doc: HoconDocument = file === undefined ? parseHocon('', '(no --config)', env) : parseHoconFile(path.resolve(file), env)
  const props = options.systemProperties ?? {}
  const root = applySystemProperties(doc.root, props)
  const settings: MicroFileSettings = {flags: {}, extras: {}, ssl: {}, eventLogOff: isOff(props['org.slf4j.simpleLogger.log.EventLog']), warnings: []}
  const shapes = options.flagShapes
  const isMicro = 'collector' in root || 'enrich' in root || Object.keys(props).some((k) => k.startsWith('collector.') || k.startsWith('enrich.')) ||
    // a flat collector file (Micro lifts it too): a key only Micro has, or Micro's cookie { … }
    Object.entries(root).some(([k, v]) => (MICRO_TOP_LEVEL.has(k) && !(shapes && k in shapes)) || (k === 'cookie' && isObj(v)))
  if (isMicro || !shapes) {
    decodeMicro(root, doc, settings)
  } else {
    decodeSpOptions(root, doc, shapes, settings)
  }
  const ignoredProps = Object.keys(props).filter((k) => !k.startsWith('collector.') && !k.startsWith('enrich.') && !k.startsWith('org.slf4j.'))
  if (ignoredProps.length > 0) settings.warnings.push(`Ignoring -D properties sp does not use: ${ignoredProps.join(', ')}`)
  return settings
}

/** `-Dcollector.cookie.name=sp` sets that path (values are strings, decoded like the file's). */
function applySystemProperties(root: Obj, props: Record<string, string>): Obj {
  const out: Obj = structuredClone(root)
  for (const [key, value] of Object.entries(props)) {
    if (!key.startsWith('collector.') && !key.startsWith('enrich.')) continue
    const segments = key.split('.')
    let at = out
    for (const s of segments.slice(0, -1)) {
      if (!isObj(at[s])) at[s] = {}
      at = at[s] as Obj
    }
    at[segments[segments.length - 1]!] = value
  }
  return out
}

const isOff = (v: string | undefined) => v !== undefined && v.trim().toLowerCase() === 'off'

// ---------------------------------------------------------------------------------------------
// Micro's collector { … } and enrich { … }

/**
 * Keys Micro's collector decoder reads that sp carries out, those it decodes but does not use
 * (Micro ignores them too), and those sp does not carry out (warned about when switched on).
 * Anything else is unknown: ignored with one warning line, as circe ignores it.
 */
const IGNORED_AS_MICRO = ['interface', 'ssl.redirect', 'p3p', 'redirectMacro', 'streams', 'telemetry', 'license', 'preTerminationPeriod',
  'preTerminationUnhealthy', 'compression', 'enableStartupChecks', 'terminationDeadline', 'experimental', 'prometheusMetrics', 'akka', 'networking.maxConnections',
  'networking.idleTimeout', 'networking.responseHeaderTimeout', 'networking.maxRequestLineLength', 'networking.maxHeadersLength',
  'networking.bodyReadTimeout', 'monitoring', 'cors', 'enrich', 'cookie.clientCookieName', 'cookieBounce', 'rootResponse', 'crossDomain', 'hsts']
const MICRO_TOP_LEVEL = new Set(['interface', 'ssl', 'paths', 'p3p', 'crossDomain', 'cookie', 'doNotTrackCookie', 'cookieBounce', 'redirectMacro',
  'rootResponse', 'cors', 'enableDefaultRedirect', 'redirectDomains', 'hsts', 'networking', 'monitoring', 'streams', 'telemetry', 'license',
  'preTerminationPeriod', 'preTerminationUnhealthy', 'compression', 'enableStartupChecks', 'terminationDeadline', 'experimental', 'prometheusMetrics', 'akka'])
const NOT_CARRIED_OUT: [key: string, what: string, on: (f: Field) => boolean][] = [
  ['cookieBounce.enabled', 'cookie bounce', (f) => f.bool() === true],
  ['monitoring.metrics.statsd.enabled', 'StatsD metrics', (f) => f.bool() === true],
  ['cookie.clientCookieName', 'a client-readable copy of the cookie', (f) => f.str() !== undefined],
  // sp answers preflights with Access-Control-Max-Age 3600
  ['cors.accessControlMaxAge', 'a preflight max age other than 1 hour', (f) => f.duration() !== undefined && f.duration() !== 3_600_000],
]

function decodeMicro(root: Obj, doc: HoconDocument, settings: MicroFileSettings): void {
  const wrapped = isObj(root.collector)
  // Micro's namespace lift: the collector subtree, the rest of the file as fallback
  const view: Obj = wrapped ? {...withoutKey(root, 'collector'), ...(root.collector as Obj)} : root
  const at = (key: string) => new Field(doc, wrapped && getPath(root.collector as Obj, key) !== undefined ? `collector.${key}` : key, getPath(view, key))
  const f = settings.flags

  f.port = at('port').int()
  settings.ssl.enable = at('ssl.enable').bool()
  settings.ssl.port = at('ssl.port').int()
  const paths = at('paths').object()
  if (paths) {
    f['path-map'] = Object.keys(paths).map((from) => {
      const field = new Field(doc, `${wrapped && isObj((root.collector as Obj).paths) ? 'collector.' : ''}paths.${from}`, paths[from])
      const spec = `${from}=${field.str()}`
      field.check(() => parsePathMapping(spec))
      return spec
    })
  }
  f.cookie = at('cookie.enabled').bool()
  f['cookie-name'] = at('cookie.name').str()
  if (f['cookie-name'] !== undefined) at('cookie.name').check(() => validateCollectorConfig({...defaultCollectorConfig(), cookie: {...defaultCollectorConfig().cookie, name: f['cookie-name']!}}))
  const expiry = at('cookie.expiration').duration()
  if (expiry !== undefined) f['cookie-expiry'] = `${expiry}ms`
  f['cookie-domain'] = at('cookie.domains').strings()
  f['cookie-fallback-domain'] = at('cookie.fallbackDomain').str()
  f['cookie-secure'] = at('cookie.secure').bool()
  settings.cookieHttpOnly = at('cookie.httpOnly').bool()
  f['cookie-same-site'] = at('cookie.sameSite').sameSite()
  if (at('doNotTrackCookie.enabled').bool() === true) {
    f['dnt-cookie-name'] = at('doNotTrackCookie.name').str() ?? ''
    f['dnt-cookie-value'] = at('doNotTrackCookie.value').str() ?? ''
    at('doNotTrackCookie.value').check(() => new RegExp(f['dnt-cookie-value']!))
  }
  f.redirects = at('enableDefaultRedirect').bool()
  f['redirect-domain'] = at('redirectDomains').strings()
  const max = at('networking.maxPayloadSize').int()
  if (max !== undefined) f['max-payload-size'] = String(max)
  const drop = at('networking.dropPayloadSize').int()
  if (drop !== undefined) f['drop-payload-size'] = String(drop)
  for (const k of Object.keys(f) as (keyof MicroFlagValues)[]) if (f[k] === undefined) delete f[k]
  decodeExtras(at, settings.extras)

  const off = NOT_CARRIED_OUT.filter(([k, , on]) => on(at(k))).map(([k, what]) => `${k} (${what})`)
  if (off.length > 0) settings.warnings.push(`${doc.file}: sp micro does not carry out these Micro settings, they are ignored: ${off.join(', ')}`)
  const known = ['port', 'ssl.enable', 'ssl.port', 'paths', 'cookie.enabled', 'cookie.name', 'cookie.expiration', 'cookie.domains',
    'cookie.fallbackDomain', 'cookie.secure', 'cookie.httpOnly', 'cookie.sameSite', 'doNotTrackCookie', 'enableDefaultRedirect',
    'redirectDomains', 'networking.maxPayloadSize', 'networking.dropPayloadSize', ...IGNORED_AS_MICRO]
  const unknown = leafPaths(view).filter((p) => !known.some((k) => p === k || p.startsWith(`${k}.`)))
  if (unknown.length > 0) settings.warnings.push(`${doc.file}: ignoring keys Snowplow Micro does not read: ${unknown.join(', ')}`)
  decodeEnrich(root, doc, settings)
}

/** rootResponse, crossDomain and hsts, with the collector's reference.conf defaults. */
function decodeExtras(at: (key: string) => Field, extras: CollectorExtras): void {
  if (at('rootResponse.enabled').bool() === true) {
    const statusCode = at('rootResponse.statusCode').int() ?? 302
    if (statusCode < 100 || statusCode > 599) at('rootResponse.statusCode').fail(`invalid HTTP status ${statusCode}`)
    const headers = Object.fromEntries(Object.entries(at('rootResponse.headers').object() ?? {}).map(([k]) => [k, at(`rootResponse.headers.${k}`).str() ?? '']))
    extras.rootResponse = {statusCode, headers, body: at('rootResponse.body').str() ?? ''}
  }
  if (at('crossDomain.enabled').bool() === true) {
    extras.crossDomain = {domains: at('crossDomain.domains').strings() ?? ['*'], secure: at('crossDomain.secure').bool() ?? true}
  }
  if (at('hsts.enable').bool() === true) {
    extras.hsts = {maxAgeSeconds: Math.floor((at('hsts.maxAge').duration() ?? 365 * 86_400_000) / 1000)}
  }
}

/** enrich { … }: Micro's keys; sp's enrich has Micro's defaults and no switches for them yet. */
function decodeEnrich(root: Obj, doc: HoconDocument, settings: MicroFileSettings): void {
  if (!isObj(root.enrich)) return
  const set = leafPaths(root.enrich).map((p) => p.split('.')[0]!)
  const notUsed = [...new Set(set)].filter((k) => k !== 'jsAllowedJavaClasses' && k !== 'assetsUpdatePeriod')
  if (notUsed.length > 0) settings.warnings.push(`${doc.file}: sp micro keeps Snowplow's defaults for enrich.${notUsed.join(', enrich.')}; the values in the file are ignored`)
}

function withoutKey(obj: Obj, key: string): Obj {
  const {[key]: _drop, ...rest} = obj
  return rest
}

function getPath(obj: Obj, key: string): HoconValue | undefined {
  let at: HoconValue | undefined = obj
  for (const s of key.split('.')) at = isObj(at) ? at[s] : undefined
  return at
}

function leafPaths(obj: Obj, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (isObj(v) && Object.keys(v).length > 0 ? leafPaths(v, `${prefix}${k}.`) : [`${prefix}${k}`]))
}

const DURATION_UNITS: Record<string, number> = {
  ns: 1e-6, nanosecond: 1e-6, nanoseconds: 1e-6, us: 1e-3, microsecond: 1e-3, microseconds: 1e-3,
  ms: 1, millisecond: 1, milliseconds: 1, s: 1000, second: 1000, seconds: 1000,
  m: 60_000, minute: 60_000, minutes: 60_000, h: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
}

/** One value of the file, with what is needed to name it in an error. */
class Field {
  constructor(
    private readonly doc: HoconDocument,
    private readonly key: string,
    private readonly value: HoconValue | undefined,
  ) {}

  fail(problem: string): never {
    const line = this.doc.lineOf(this.key)
    throw configError(`${this.doc.file}${line === undefined ? '' : `:${line}`}: ${this.key}: ${problem}`, this.doc.file, line, this.key)
  }

  /** Runs a check of sp's; its message is reported against this key. */
  check(run: () => unknown): void {
    try {
      run()
    } catch (error) {
      this.fail((error as Error).message)
    }
  }

  str(): string | undefined {
    if (this.value === undefined || this.value === null) return undefined
    if (typeof this.value === 'object') this.fail(`expected a string, got ${Array.isArray(this.value) ? 'a list' : 'an object'}`)
    return String(this.value)
  }

  int(): number | undefined {
    if (this.value === undefined || this.value === null) return undefined
    const n = typeof this.value === 'string' && /^\s*-?\d+\s*$/.test(this.value) ? Number(this.value) : this.value
    if (typeof n !== 'number' || !Number.isInteger(n)) this.fail(`expected a whole number, got ${JSON.stringify(this.value)}`)
    return n
  }

  bool(): boolean | undefined {
    if (this.value === undefined || this.value === null) return undefined
    if (typeof this.value === 'boolean') return this.value
    const s = String(this.value).trim().toLowerCase()
    if (['true', 'yes', 'on'].includes(s)) return true
    if (['false', 'no', 'off'].includes(s)) return false
    return this.fail(`expected true or false, got ${JSON.stringify(this.value)}`)
  }

  /** Typesafe durations: a bare number is milliseconds; else a number and a unit (`365 days`). */
  duration(): number | undefined {
    if (this.value === undefined || this.value === null) return undefined
    if (typeof this.value === 'number') return this.value
    const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(String(this.value))
    const unit = m ? DURATION_UNITS[m[2]!.toLowerCase() || 'ms'] : undefined
    if (!m || unit === undefined) this.fail(`expected a duration such as "365 days" or "30 seconds", got ${JSON.stringify(this.value)}`)
    return Math.round(Number(m[1]) * unit)
  }

  strings(): string[] | undefined {
    if (this.value === undefined || this.value === null) return undefined
    if (!Array.isArray(this.value)) this.fail(`expected a list, got ${JSON.stringify(this.value)}`)
    return this.value.map((v, i) => new Field(this.doc, `${this.key}.${i}`, v).str() ?? 'null')
  }

  object(): Obj | undefined {
    if (this.value === undefined || this.value === null) return undefined
    if (!isObj(this.value)) this.fail(`expected an object, got ${JSON.stringify(this.value)}`)
    return this.value
  }

  sameSite(): SameSite | undefined {
    const s = this.str()
    if (s === undefined) return undefined
    try {
      return parseSameSite(s)
    } catch {
      return this.fail(`sameSite ${s} is not supported. Accepted values: None, Strict, Lax`)
    }
  }
}

// ---------------------------------------------------------------------------------------------
// sp's own options, keyed by flag name

const NOT_FROM_FILE = new Set(['config', 'config-dir'])

function decodeSpOptions(root: Obj, doc: HoconDocument, shapes: FlagShapes, settings: MicroFileSettings): void {
  const flags: Record<string, unknown> = {}
  const unknown: string[] = []
  for (const [key, value] of Object.entries(root)) {
    const shape = shapes[key]
    if (shape === undefined || NOT_FROM_FILE.has(key)) {
      unknown.push(key)
      continue
    }
    const field = new Field(doc, key, value)
    if (shape.type === 'boolean') flags[key] = field.bool()
    else if (shape.multiple) flags[key] = Array.isArray(value) ? field.strings() : [field.str()]
    else flags[key] = shape.integer ? field.int() : field.str()
  }
  if (unknown.length > 0) {
    throw configError(`${doc.file}: ${unknown.map((k) => `${k}${doc.lineOf(k) === undefined ? '' : ` (line ${doc.lineOf(k)})`}`).join(', ')}: not an sp micro option. A file of sp options uses flag names (port, db, path-map, …); a Snowplow Micro file has collector { … } and enrich { … } blocks`, doc.file, doc.lineOf(unknown[0]!), unknown[0])
  }
  settings.flags = flags as Partial<MicroFlagValues>
}
