import {F} from '../event/fields.js'
import {fieldIndex} from '../event/enriched-event.js'
import {formatTsvTimestamp} from '../event/timestamps.js'
import {ConversionError, toCleanString, toTimestamp} from '../enrich/converters.js'
import {decodeBase64Lenient} from '../adapters/base64.js'
import type {EnrichmentFailureMessage} from '../enrich/failures.js'
import {queryMap} from './campaign-attribution.js'
import {prepend, STEP, type Enrichment, type EnrichmentConfig, type EnrichmentRef, type EnrichmentState} from './types.js'

export const CROSS_NAVIGATION_CONTEXT = 'iglu:com.snowplowanalytics.snowplow/cross_navigation/jsonschema/1-0-0'

const REFR_DOMAIN_USERID = fieldIndex('refr_domain_userid')
const REFR_DVCE_TSTAMP = fieldIndex('refr_dvce_tstamp')

/** The `_sp` parts, in order, with what each becomes. */
const PARTS = ['domain_user_id', 'timestamp', 'session_id', 'user_id', 'source_id', 'source_platform', 'reason'] as const
type Part = (typeof PARTS)[number]
/**
 * The context's key order: Enrich builds it from a 7-entry Scala 2.12 immutable Map, which
 * iterates in its hash-trie order (String.hashCode, improved, low 5 bits first).
 */
const CONTEXT_KEY_ORDER: readonly Part[] = ['session_id', 'timestamp', 'reason', 'user_id', 'source_id', 'domain_user_id', 'source_platform']

export type CrossDomain = {ok: true; values: Partial<Record<Part, string | null>>; tstamp: number | null} | {ok: false; failure: EnrichmentFailureMessage['message']}

/**
 * Enrich's `CrossDomainMap.makeCrossDomainMap`: `_sp` split on `.` keeping empty parts; more than
 * 7 parts is ignored (no error); fewer are padded.
 */
export function parseCrossDomain(sp: string): CrossDomain {
  const values = sp.split('.')
  if (values.length > PARTS.length) return {ok: true, values: {}, tstamp: null}
  while (values.length < PARTS.length) values.push('')
  const blankToNull = (s: string) => (s.trim() === '' ? null : s)
  const decoded = (s: string) => blankToNull(decodeBase64Lenient(s))
  let tstamp: number | null = null
  if (values[1] !== '') {
    const t = toTimestamp(values[1]!)
    if (t instanceof ConversionError) return {ok: false, failure: {field: 'sp_dtm', value: values[1]!, expectation: t.message}}
    tstamp = t
  }
  return {
    ok: true,
    tstamp,
    values: {
      domain_user_id: toCleanString(values[0]!),
      timestamp: tstamp === null ? null : formatTsvTimestamp(tstamp),
      session_id: blankToNull(values[2]!),
      user_id: decoded(values[3]!),
      source_id: decoded(values[4]!),
      source_platform: blankToNull(values[5]!),
      reason: decoded(values[6]!),
    },
  }
}

/** `2023-10-13 05:44:03.762` → `2023-10-13T05:44:03.762Z` (java.time ISO: trailing fraction zeros dropped). */
function isoTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString()
  const fraction = iso.slice(20, 23).replace(/0+$/, '')
  return iso.slice(0, 19) + (fraction === '' ? '' : `.${fraction}`) + 'Z'
}

/**
 * cross_navigation (Enrich `CrossNavigationEnrichment`): the page URL's `_sp` (domain user id,
 * timestamp, and the extended format's session, user, source and reason) as a `cross_navigation`
 * context. The atomic refr_domain_userid / refr_dvce_tstamp are enrich's own `_sp` step; this
 * enrichment fills them only when that step has not, and its failures carry the enrichment's name.
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
    const query = ev[F.page_urlquery] as string | null
    if (ev[F.page_url] === null || query === null) return
    const sp = queryMap(query).get('_sp')
    if (sp === undefined || sp === '') return
    const parsed = parseCrossDomain(sp)
    if (!parsed.ok) {
      // enrich's own `_sp` step may have reported it already (without an enrichment): name it
      const core = state.coreFailures.find((f) => f.enrichment === null && JSON.stringify(f.message) === JSON.stringify(parsed.failure))
      if (core !== undefined) core.enrichment = this.ref
      else state.failures.push({enrichment: this.ref, message: parsed.failure})
      return
    }
    const v = parsed.values
    if (v.domain_user_id != null && ev[REFR_DOMAIN_USERID] === null) ev[REFR_DOMAIN_USERID] = v.domain_user_id
    if (parsed.tstamp !== null && ev[REFR_DVCE_TSTAMP] === null) ev[REFR_DVCE_TSTAMP] = parsed.tstamp
    if (v.domain_user_id == null || parsed.tstamp === null) return
    const data: Record<string, string | null> = {}
    for (const key of CONTEXT_KEY_ORDER) data[key] = key === 'timestamp' ? isoTimestamp(parsed.tstamp) : (v[key] ?? null)
    prepend(state, [{schema: CROSS_NAVIGATION_CONTEXT, data}])
  }
}
