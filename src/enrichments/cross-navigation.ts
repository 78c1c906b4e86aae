import {F} from '../event/fields.js'
import {parseCrossDomain, type CrossDomainFields} from '../enrich/cross-domain.js'
import {prepend, STEP, type Enrichment, type EnrichmentConfig, type EnrichmentRef, type EnrichmentState} from './types.js'

export const CROSS_NAVIGATION_CONTEXT = 'iglu:com.snowplowanalytics.snowplow/cross_navigation/jsonschema/1-0-0'

/**
 * The context's key order: Enrich builds it from a 7-entry Scala 2.12 immutable Map, which
 * iterates in its hash-trie order (String.hashCode, improved, low 5 bits first).
 */
const CONTEXT_KEY_ORDER: ReadonlyArray<keyof CrossDomainFields> = ['session_id', 'timestamp', 'reason', 'user_id', 'source_id', 'domain_user_id', 'source_platform']

/** `2023-10-13T05:44:03.762Z` (java.time ISO: trailing fraction zeros dropped, `.000` gone). */
function isoTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString()
  const fraction = iso.slice(20, 23).replace(/0+$/, '')
  return iso.slice(0, 19) + (fraction === '' ? '' : `.${fraction}`) + 'Z'
}

/**
 * cross_navigation (Enrich `CrossNavigationEnrichment`): the page URL's `_sp` (domain user id,
 * timestamp, and the extended format's session, user, source and reason) as a `cross_navigation`
 * context, with all seven keys. Enrich's own `_sp` step (src/enrich/cross-domain.ts) has already
 * set refr_domain_userid / refr_dvce_tstamp, or reported a bad `_sp`: this enrichment gives that
 * failure its name (`cross-navigation`), as Enrich does when the enrichment is enabled.
 */
export class CrossNavigationEnrichment implements Enrichment {
  readonly className = 'CrossNavigationEnrichment'
  readonly step = STEP.crossNavigation

  constructor(private readonly ref: EnrichmentRef) {}

  static fromConfig(config: EnrichmentConfig): CrossNavigationEnrichment {
    return new CrossNavigationEnrichment({schemaKey: config.schema, identifier: 'cross-navigation'})
  }

  run(state: EnrichmentState): void {
    const ev = state.event
    if (ev[F.page_url] === null) return
    const parsed = parseCrossDomain(ev[F.page_urlquery] as string | null)
    if (!parsed.ok) {
      const same = JSON.stringify(parsed.failure.message)
      const core = state.coreFailures.find((f) => f.enrichment === null && JSON.stringify(f.message) === same)
      if (core !== undefined) core.enrichment = this.ref
      return
    }
    const fields = parsed.fields
    if (fields === null || fields.domain_user_id === null || fields.timestamp === null) return
    const data: Record<string, string | null> = {}
    for (const key of CONTEXT_KEY_ORDER) data[key] = key === 'timestamp' ? isoTimestamp(fields.timestamp) : (fields[key] as string | null)
    prepend(state, [{schema: CROSS_NAVIGATION_CONTEXT, data}])
  }
}
