import {createHash} from 'node:crypto'
import {F} from '../event/fields.js'
import type {Params} from '../adapters/raw-event.js'
import {STEP, type Enrichment, type EnrichmentConfig, type EnrichmentState} from './types.js'

const ALGORITHMS: Record<string, string> = {MD5: 'md5', SHA1: 'sha1', SHA256: 'sha256', SHA384: 'sha384', SHA512: 'sha512'}
const UNIT_SEPARATOR = '\u001f'

/**
 * event_fingerprint (Enrich `EventFingerprintEnrichment`): a hash of the raw tracker parameters
 * (sorted by name, excluded ones and empty values left out, `name␟value␟` each) in event_fingerprint.
 */
export class EventFingerprintEnrichment implements Enrichment {
  readonly className = 'EventFingerprintEnrichment'
  readonly step = STEP.fingerprint
  private readonly excluded: Set<string>

  constructor(
    readonly algorithm: (text: string) => string,
    excluded: string[],
  ) {
    this.excluded = new Set(excluded)
  }

  static fromConfig(config: EnrichmentConfig): EventFingerprintEnrichment {
    const params = config.data.parameters as Record<string, unknown>
    const algorithm = ALGORITHMS[params.hashAlgorithm as string]!
    return new EventFingerprintEnrichment((text) => createHash(algorithm).update(text, 'utf8').digest('hex'), (params.excludeParameters ?? []) as string[])
  }

  run(state: EnrichmentState): void {
    state.event[F.event_fingerprint] = this.fingerprint(state.raw.parameters)
  }

  fingerprint(parameters: Params): string {
    const keys = Object.keys(parameters).filter((k) => parameters[k] !== null && parameters[k] !== undefined && !this.excluded.has(k))
    keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    let text = ''
    for (const k of keys) text += k + UNIT_SEPARATOR + parameters[k] + UNIT_SEPARATOR
    return this.algorithm(text)
  }
}
