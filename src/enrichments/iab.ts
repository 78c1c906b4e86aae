import {readFile} from 'node:fs/promises'
import {F} from '../event/fields.js'
import {assetRef, resolveAsset} from './assets.js'
import {javaHostAddress, parseIp, ipv6Groups} from './ip-address.js'
import {prepend, STEP, type BuildContext, type Enrichment, type EnrichmentConfig, type EnrichmentRef, type EnrichmentState} from './types.js'

export const IAB_CONTEXT = 'iglu:com.iab.snowplow/spiders_and_robots/jsonschema/1-0-0'

interface ExcludeRecord {
  pattern: string
  active: boolean
  exceptions: string[]
  impact: string
  startOfString: boolean
  inactiveDate: number | null
}

interface IncludeRecord {
  pattern: string
  active: boolean
  startOfString: boolean
  inactiveDate: number | null
}

interface Cidr {
  bytes: Uint8Array
  prefix: number
}

export interface IabResult {
  spiderOrRobot: boolean
  category: string
  reason: string
  primaryImpact: string
}

const BROWSER: IabResult = {spiderOrRobot: false, category: 'BROWSER', reason: 'PASSED_ALL', primaryImpact: 'NONE'}
const robot = (reason: string, primaryImpact = 'UNKNOWN', category = 'SPIDER_OR_ROBOT'): IabResult => ({spiderOrRobot: true, category, reason, primaryImpact})
const IMPACTS: Record<string, string> = {'0': 'PAGE_IMPRESSIONS', '1': 'AD_IMPRESSIONS', '2': 'PAGE_AND_AD_IMPRESSIONS'}

/**
 * iab_spiders_and_robots (Enrich `IabEnrichment`, Snowplow's IAB client): the user agent and IP
 * against the user's IAB/ABC lists (IP exclusions, UA include and exclude lists; sp ships none, as
 * they are licensed to IAB members) and the config's own include/exclude patterns, into a
 * `spiders_and_robots` context.
 */
export class IabEnrichment implements Enrichment {
  readonly className = 'IabEnrichment'
  readonly step = STEP.iab

  constructor(
    private readonly ips: {plain: Set<string>; cidrs: Cidr[]},
    private readonly include: IncludeRecord[],
    private readonly exclude: ExcludeRecord[],
    private readonly customInclude: string[],
    private readonly customExclude: string[],
    private readonly ref: EnrichmentRef,
  ) {}

  static async fromConfig(config: EnrichmentConfig, ctx: BuildContext): Promise<IabEnrichment> {
    const p = config.data.parameters as Record<string, unknown>
    const read = async (key: string) => {
      const ref = assetRef(p[key])!
      return (await readFile(await resolveAsset(config.file, ref.uri, ref.database, ctx))).toString('latin1')
    }
    const [ipText, excludeText, includeText] = [await read('ipFile'), await read('excludeUseragentFile'), await read('includeUseragentFile')]
    const lower = (list: unknown) => ((list ?? []) as string[]).map(lowerEnglish)
    return new IabEnrichment(parseIps(ipText), parseInclude(includeText), parseExclude(excludeText), lower(p.includeUseragents), lower(p.excludeUseragents), {
      schemaKey: config.schema,
      identifier: 'iab-spiders-and-robots',
    })
  }

  run(state: EnrichmentState): void {
    const ev = state.event
    const tstamp = ev[F.derived_tstamp] as number | null
    if (tstamp === null) return
    const rawUa = ev[F.useragent] as string | null
    const ua = rawUa === null || rawUa.trim() === '' ? null : rawUa
    const rawIp = ev[F.user_ipaddress] as string | null
    const ip = rawIp === null ? null : parseIp(rawIp) === null ? null : rawIp
    if (ua === null && ip === null) return
    let result: IabResult
    try {
      result = this.check(ua, ip, tstamp)
    } catch (e) {
      state.failures.push({enrichment: this.ref, message: {error: (e as Error).message}})
      return
    }
    prepend(state, [{schema: IAB_CONTEXT, data: result}])
  }

  /** The IAB client's `checkAt`: first match wins (custom include, custom exclude, IP, include list, exclude list). */
  check(userAgent: string | null, ip: string | null, at: number): IabResult {
    const ua = userAgent === null ? null : lowerEnglish(userAgent)
    if (ua !== null && this.customInclude.some((p) => ua.includes(p))) return BROWSER
    if (ua !== null && this.customExclude.some((p) => ua.includes(p))) return robot('FAILED_UA_EXCLUDE')
    if (ip !== null && this.ipExcluded(ip)) return robot('FAILED_IP_EXCLUDE')
    if (ua === null) return BROWSER
    const included = this.include.some((r) => matches(ua, r.pattern, r.startOfString) && (r.active || (r.inactiveDate !== null && at < r.inactiveDate)))
    if (!included) return robot('FAILED_UA_INCLUDE')
    for (const r of this.exclude) {
      if (!r.active && r.inactiveDate === null) continue
      if (!matches(ua, r.pattern, r.startOfString) || r.exceptions.some((x) => ua.includes(x))) continue
      const impact = IMPACTS[r.impact]
      if (impact === undefined) throw new Error(`Invalid value of impression flag: '${r.impact}'`)
      const active = r.inactiveDate === null || at < r.inactiveDate
      return robot('FAILED_UA_EXCLUDE', impact, active ? 'ACTIVE_SPIDER_OR_ROBOT' : 'INACTIVE_SPIDER_OR_ROBOT')
    }
    return BROWSER
  }

  private ipExcluded(ip: string): boolean {
    const parsed = parseIp(ip)!
    const bytes = ipBytes(ip)
    const host = parsed.kind === 'v6' ? javaHostAddress(parsed.groups) : ip
    if (this.ips.plain.has(host)) return true
    return this.ips.cidrs.some((c) => c.bytes.length === bytes.length && inPrefix(bytes, c))
  }
}

/** Java's `toLowerCase(Locale.ENGLISH)` (no Turkish dotless i). */
const lowerEnglish = (s: string) => s.toLowerCase()
const matches = (ua: string, pattern: string, startOfString: boolean) => (startOfString ? ua.startsWith(pattern) : ua.includes(pattern))

/** The records of a `|`-separated IAB file (`#` comments, blank lines skipped), fields trimmed. */
function records(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.split('|').map((f) => f.trim()))
}

const flag = (v: string | undefined) => v === '1'
/** `MM/dd/yyyy` (UTC); null when blank or unreadable, as the client reads it quietly. */
function date(v: string | undefined): number | null {
  const m = v === undefined ? null : /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v)
  return m === null ? null : Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]))
}

function parseExclude(text: string): ExcludeRecord[] {
  return records(text).map((f) => ({
    pattern: lowerEnglish(f[0] ?? ''),
    active: flag(f[1]),
    exceptions: lowerEnglish(f[2] ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== ''),
    impact: f[4] ?? '',
    startOfString: flag(f[5]),
    inactiveDate: date(f[6]),
  }))
}

function parseInclude(text: string): IncludeRecord[] {
  return records(text).map((f) => ({pattern: lowerEnglish(f[0] ?? ''), active: flag(f[1]), startOfString: flag(f[2]), inactiveDate: date(f[3])}))
}

function parseIps(text: string): {plain: Set<string>; cidrs: Cidr[]} {
  const plain = new Set<string>()
  const cidrs: Cidr[] = []
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (line === '') continue
    if (!line.includes('/')) {
      plain.add(line)
      continue
    }
    const [address, prefix] = line.split('/')
    if (parseIp(address!) === null) continue
    cidrs.push({bytes: ipBytes(address!), prefix: Number(prefix)})
  }
  return {plain, cidrs}
}

/** 4 bytes for IPv4 (and IPv4-mapped) literals, 16 for IPv6. */
export function ipBytes(ip: string): Uint8Array {
  const parsed = parseIp(ip)
  if (parsed?.kind === 'v4') {
    const dotted = ip.slice(ip.lastIndexOf(':') + 1)
    if (dotted.includes('.')) return Uint8Array.from(dotted.split('.').map(Number))
    const g = ipv6Groups(ip)
    return Uint8Array.from([g[6]! >> 8, g[6]! & 255, g[7]! >> 8, g[7]! & 255])
  }
  const groups = parsed?.kind === 'v6' ? parsed.groups : ipv6Groups(ip)
  return Uint8Array.from(groups.flatMap((g) => [g >> 8, g & 255]))
}

function inPrefix(bytes: Uint8Array, c: Cidr): boolean {
  for (let bit = 0; bit < c.prefix; bit++) {
    const mask = 0x80 >> bit % 8
    if ((bytes[bit >> 3]! & mask) !== (c.bytes[bit >> 3]! & mask)) return false
  }
  return true
}
