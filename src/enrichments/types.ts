import type {EnrichedEvent, SelfDescribing} from '../event/enriched-event.js'
import type {RawEvent} from '../adapters/raw-event.js'
import type {EnrichmentFailureMessage} from '../enrich/failures.js'
import type {Validating} from '../iglu/validating.js'

/** Enrich's run order (`EnrichmentManager.accState`): the step each enrichment runs at. */
export const STEP = {
  iab: 4,
  uaParser: 6,
  currency: 7,
  referer: 8,
  campaign: 10,
  crossNavigation: 11,
  fingerprint: 12,
  cookie: 13,
  header: 14,
  /** enrich sets event_vendor/name/format/version here; the core does it before our hook */
  eventSchema: 17,
  ipLookups: 18,
  asnLookups: 19,
  botDetection: 20,
  javascript: 21,
  sqlQuery: 22,
  apiRequest: 23,
  anonIp: 24,
  pii: 25,
} as const

/** `{schemaKey, identifier}` of enrichment_failures messages. */
export interface EnrichmentRef {
  schemaKey: string
  identifier: string
}

/** What the configured enrichments work on for one event. */
export interface EnrichmentState {
  readonly event: EnrichedEvent
  readonly raw: RawEvent
  /** contexts the enrichments added so far, most recent first (Enrich prepends each step's list) */
  derived: SelfDescribing[]
  /** contexts to validate with Iglu in phase 3 (from scripts and lookups, not made by sp itself) */
  readonly unchecked: Set<SelfDescribing>
  /** `contexts` / `unstruct` changed by a script: validated again in phase 3 */
  readonly revalidate: {contexts: boolean; unstruct: boolean}
  readonly failures: EnrichmentFailureMessage[]
  /** failures of enrich's own steps so far (cross_navigation names its `_sp` failure in them) */
  readonly coreFailures: EnrichmentFailureMessage[]
  /** set by a script's `drop()`: later enrichments are skipped and the event vanishes */
  dropped: boolean
}

/** One configured enrichment, ready to run. */
export interface Enrichment {
  /** the name Micro's startup line gives it (the Scala class), e.g. `AnonIpEnrichment` */
  readonly className: string
  /** Enrich's run-order step (STEP) */
  readonly step: number
  run(state: EnrichmentState): void | Validating<void>
}

/** A validated enrichment config, as read from its file. */
export interface EnrichmentConfig {
  /** the file it came from (messages name it) */
  file: string
  /** the config's schema URI */
  schema: string
  vendor: string
  name: string
  model: number
  revision: number
  addition: number
  data: Record<string, unknown>
}

/** What a factory needs beyond the config: where assets are cached, a log for warnings. */
export interface BuildContext {
  /** asset download cache folder */
  cacheDir: string
  /** the folder relative asset paths resolve against (the config's folder) */
  baseDir: string
  log: (line: string) => void
  /** `sp enrichments check`: a script that does not compile is an error, not a per-event failure */
  strict?: boolean
  /** per-event time limit of JavaScript enrichments (default 1000 ms) */
  scriptTimeoutMs?: number
  /** Open Exchange Rates API root for currency_conversion (tests: a loopback stub) */
  currencyApiUrl?: string
}

export const prepend = (state: EnrichmentState, contexts: SelfDescribing[]): void => {
  if (contexts.length > 0) state.derived = contexts.length === 1 ? [contexts[0]!, ...state.derived] : [...contexts, ...state.derived]
}
