import {F} from '../event/fields.js'
import {configError} from './errors.js'
import {javaSplit} from './java-split.js'
import {javaHostAddress, parseIp} from './ip-address.js'
import {STEP, type Enrichment, type EnrichmentConfig, type EnrichmentState} from './types.js'

const MAPPED_PREFIX = '::FFFF:'
const MASK = 'x'

/**
 * anon_ip (Enrich `AnonIpEnrichment`): masks the last `anonOctets` IPv4 octets or `anonSegments`
 * IPv6 groups of user_ipaddress with `x`. Runs after every lookup that needs the real address.
 */
export class AnonIpEnrichment implements Enrichment {
  readonly className = 'AnonIpEnrichment'
  readonly step = STEP.anonIp

  constructor(
    readonly octets: number,
    readonly segments: number,
  ) {}

  static fromConfig(config: EnrichmentConfig): AnonIpEnrichment {
    const params = (config.data.parameters ?? {}) as Record<string, unknown>
    const octets = params.anonOctets as number
    const segments = (params.anonSegments ?? octets) as number
    if (![1, 2, 3, 4].includes(octets)) {
      throw configError(config.file, `IPv4 address octets to anonymize must be 1, 2, 3 or 4. Value: ${octets} was given.`, 'parameters.anonOctets')
    }
    if (!Number.isInteger(segments) || segments < 1 || segments > 8) {
      throw configError(config.file, `IPv6 address segments to anonymize must be 1, 2, 3, 4, 5, 6, 7 or 8. Value ${segments} was given.`, 'parameters.anonSegments')
    }
    return new AnonIpEnrichment(octets, segments)
  }

  run(state: EnrichmentState): void {
    const ip = state.event[F.user_ipaddress] as string | null
    if (ip !== null) state.event[F.user_ipaddress] = this.anonymize(ip)
  }

  anonymize(ip: string): string {
    const parsed = parseIp(ip)
    if (parsed?.kind === 'v4') return this.maskV4(ip)
    if (parsed?.kind === 'v6') return this.maskV6(javaHostAddress(parsed.groups))
    if (ip.includes('.') || ip === '') return this.maskV4(ip)
    if (ip.includes(':')) return this.maskV6(ip)
    return ip
  }

  private maskV4(ip: string): string {
    if (ip.startsWith(MAPPED_PREFIX)) return MAPPED_PREFIX + this.maskV4(ip.split(MAPPED_PREFIX).join(''))
    const parts = javaSplit(ip, '.')
    return pad(parts.slice(0, Math.max(0, 4 - this.octets)), parts.length).join('.')
  }

  private maskV6(ip: string): string {
    return pad(javaSplit(ip, ':').slice(0, 8 - this.segments), 8).join(':')
  }
}

function pad(parts: string[], length: number): string[] {
  while (parts.length < length) parts.push(MASK)
  return parts
}
