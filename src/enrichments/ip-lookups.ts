import {readFile} from 'node:fs/promises'
import {isIP} from 'node:net'
import {Reader, type Response} from 'maxmind'
import {fieldIndex, type SelfDescribing} from '../event/enriched-event.js'
import {F} from '../event/fields.js'
import {LruCache} from '../iglu/lru-cache.js'
import {assetRef, resolveAsset} from './assets.js'
import {assetError} from './errors.js'
import {prepend, STEP, type BuildContext, type Enrichment, type EnrichmentConfig, type EnrichmentState} from './types.js'

export const ASN_CONTEXT = 'iglu:com.snowplowanalytics.snowplow/asn/jsonschema/1-0-1'

type Record_ = Record<string, unknown>
type Db = Reader<Response> | null

const GEO = ['geo_country', 'geo_region', 'geo_city', 'geo_zipcode', 'geo_latitude', 'geo_longitude', 'geo_region_name', 'geo_timezone'].map(fieldIndex)
const IP_ISP = fieldIndex('ip_isp')
const IP_ORGANIZATION = fieldIndex('ip_organization')
const IP_DOMAIN = fieldIndex('ip_domain')
const IP_NETSPEED = fieldIndex('ip_netspeed')

/** What one address looks up to; cached per address as Enrich does (20,000). */
interface Lookup {
  geo: Array<string | number | null> | null
  isp: string | null
  organization: string | null
  domain: string | null
  netspeed: string | null
  asn: {number: number; organization?: string} | null
}

/**
 * ip_lookups (Enrich `IpLookupsEnrichment`, scala-maxmind-iplookups): the user's MaxMind databases
 * (GeoLite2/GeoIP2 City, ISP, Domain, Connection-Type, ASN) read with the `maxmind` package into
 * geo_*, ip_isp/organization/domain/netspeed and an `asn` context. It never fails: an address not
 * found, private or invalid leaves the fields null.
 */
export class IpLookupsEnrichment implements Enrichment {
  readonly className = 'IpLookupsEnrichment'
  readonly step = STEP.ipLookups
  private readonly cache = new LruCache<string, Lookup>(20000)

  constructor(private readonly dbs: {geo: Db; isp: Db; domain: Db; connectionType: Db; asn: Db}) {}

  static async fromConfig(config: EnrichmentConfig, ctx: BuildContext): Promise<IpLookupsEnrichment> {
    const params = config.data.parameters as Record<string, unknown>
    const open = async (key: string): Promise<Db> => {
      const ref = assetRef(params[key])
      if (ref === null) return null
      const file = await resolveAsset(config.file, ref.uri, ref.database, ctx)
      try {
        return new Reader(await readFile(file))
      } catch (e) {
        throw assetError(config.file, file, `not a MaxMind database (${(e as Error).message})`)
      }
    }
    return new IpLookupsEnrichment({geo: await open('geo'), isp: await open('isp'), domain: await open('domain'), connectionType: await open('connectionType'), asn: await open('asn')})
  }

  run(state: EnrichmentState): void {
    const raw = state.event[F.user_ipaddress] as string | null
    if (raw === null) return
    const ip = hostOnly(raw)
    if (ip === null) return
    let found = this.cache.get(ip)
    if (found === undefined) {
      found = this.lookup(ip)
      this.cache.set(ip, found)
    }
    const ev = state.event
    if (found.geo !== null) for (let i = 0; i < GEO.length; i++) ev[GEO[i]!] = found.geo[i]!
    if (found.isp !== null) ev[IP_ISP] = found.isp
    if (found.organization !== null) ev[IP_ORGANIZATION] = found.organization
    if (found.domain !== null) ev[IP_DOMAIN] = found.domain
    if (found.netspeed !== null) ev[IP_NETSPEED] = found.netspeed
    if (found.asn !== null) prepend(state, [{schema: ASN_CONTEXT, data: {...found.asn}} as SelfDescribing])
  }

  lookup(ip: string): Lookup {
    const get = (db: Db): Record_ | null => {
      if (db === null) return null
      try {
        return db.get(ip) as Record_ | null
      } catch {
        return null
      }
    }
    const city = get(this.dbs.geo)
    const isp = get(this.dbs.isp)
    const asnDb = get(this.dbs.asn)
    const asnNumber = (asnDb?.autonomous_system_number ?? isp?.autonomous_system_number) as number | undefined
    const asnOrganization = (asnDb !== null ? asnDb.autonomous_system_organization : isp?.autonomous_system_organization) as string | undefined
    return {
      geo: city === null ? null : geoFields(city),
      isp: str(isp?.isp),
      organization: str(isp?.organization),
      domain: str(get(this.dbs.domain)?.domain),
      netspeed: str(get(this.dbs.connectionType)?.connection_type),
      asn: asnNumber === undefined ? null : asnOrganization === undefined ? {number: asnNumber} : {number: asnNumber, organization: asnOrganization},
    }
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)
const en = (v: unknown): string | null => str((v as {names?: Record<string, unknown>} | undefined)?.names?.en)

/** A GeoIP2 City record as scala-maxmind-iplookups reads it: the most specific subdivision, 0 for a missing location. */
function geoFields(r: Record_): Array<string | number | null> {
  const subdivisions = (r.subdivisions ?? []) as Array<Record_>
  const region = subdivisions.length > 0 ? subdivisions[subdivisions.length - 1]! : undefined
  const location = (r.location ?? {}) as Record_
  return [
    str((r.country as Record_ | undefined)?.iso_code),
    str(region?.iso_code),
    en(r.city),
    str((r.postal as Record_ | undefined)?.code),
    javaFloat(location.latitude),
    javaFloat(location.longitude),
    en(region),
    str(location.time_zone),
  ]
}

/**
 * A double as Java's Float prints it (`43.88f` → `43.88`, where float32 arithmetic would give
 * 43.880001068115234): the shortest decimal that rounds to the same float.
 */
export function javaFloat(v: unknown): number {
  if (typeof v !== 'number') return 0
  const f = Math.fround(v)
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(f.toPrecision(p))
    if (Math.fround(candidate) === f) return candidate
  }
  return f
}

/** The address part of `host`, `host:port`, `[v6]:port`; null for anything that is not an IP literal. */
function hostOnly(value: string): string | null {
  if (isIP(value) !== 0) return value
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(value)
  if (bracket && isIP(bracket[1]!) === 6) return bracket[1]!
  const colon = value.lastIndexOf(':')
  if (colon > 0 && /^\d+$/.test(value.slice(colon + 1)) && isIP(value.slice(0, colon)) === 4) return value.slice(0, colon)
  return null
}
