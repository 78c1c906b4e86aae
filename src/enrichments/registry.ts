import type {IgluClient} from '../iglu/types.js'
import {loadEnrichmentConfigs} from './config.js'
import {configError, refusedError} from './errors.js'
import {defaultAssetCacheDir} from './assets.js'
import type {BuildContext, Enrichment, EnrichmentConfig} from './types.js'
import {AnonIpEnrichment} from './anon-ip.js'
import {CampaignAttributionEnrichment} from './campaign-attribution.js'
import {CookieExtractorEnrichment} from './cookie-extractor.js'
import {HttpHeaderExtractorEnrichment} from './http-header-extractor.js'
import {EventFingerprintEnrichment} from './event-fingerprint.js'
import {RefererParserEnrichment} from './referer-parser.js'
import {UaParserEnrichment} from './ua-parser.js'
import {JavascriptScriptEnrichment} from './javascript-script.js'
import {PiiPseudonymizationEnrichment} from './pii-pseudonymization.js'
import {IabEnrichment} from './iab.js'
import {IpLookupsEnrichment} from './ip-lookups.js'
import {AsnLookupsEnrichment} from './asn-lookups.js'
import {CrossNavigationEnrichment} from './cross-navigation.js'
import {BotDetectionEnrichment} from './bot-detection.js'
import {ApiRequestEnrichment} from './api-request.js'
import {CurrencyConversionEnrichment} from './currency-conversion.js'
import {SqlQueryEnrichment} from './sql-query.js'

const SP = 'com.snowplowanalytics.snowplow'
const SPE = 'com.snowplowanalytics.snowplow.enrichments'

interface Factory {
  vendor: string
  model: number
  build(config: EnrichmentConfig, ctx: BuildContext): Enrichment | Promise<Enrichment>
}

/** Enrich's parsers, by config schema name (Enrich dispatches on the name, then checks vendor and model). */
const FACTORIES: Record<string, Factory> = {
  anon_ip: {vendor: SP, model: 1, build: AnonIpEnrichment.fromConfig},
  campaign_attribution: {vendor: SP, model: 1, build: CampaignAttributionEnrichment.fromConfig},
  cookie_extractor_config: {vendor: SP, model: 1, build: CookieExtractorEnrichment.fromConfig},
  http_header_extractor_config: {vendor: SPE, model: 1, build: HttpHeaderExtractorEnrichment.fromConfig},
  event_fingerprint_config: {vendor: SP, model: 1, build: EventFingerprintEnrichment.fromConfig},
  referer_parser: {vendor: SP, model: 2, build: RefererParserEnrichment.fromConfig},
  ua_parser_config: {vendor: SP, model: 1, build: UaParserEnrichment.fromConfig},
  javascript_script_config: {vendor: SP, model: 1, build: JavascriptScriptEnrichment.fromConfig},
  pii_enrichment_config: {vendor: SPE, model: 2, build: PiiPseudonymizationEnrichment.fromConfig},
  iab_spiders_and_robots_enrichment: {vendor: SPE, model: 1, build: IabEnrichment.fromConfig},
  ip_lookups: {vendor: SP, model: 2, build: IpLookupsEnrichment.fromConfig},
  asn_lookups: {vendor: SPE, model: 1, build: AsnLookupsEnrichment.fromConfig},
  cross_navigation_config: {vendor: SPE, model: 1, build: CrossNavigationEnrichment.fromConfig},
  bot_detection_enrichment_config: {vendor: SPE, model: 1, build: BotDetectionEnrichment.fromConfig},
  api_request_enrichment_config: {vendor: SPE, model: 1, build: ApiRequestEnrichment.fromConfig},
  currency_conversion_config: {vendor: SP, model: 1, build: CurrencyConversionEnrichment.fromConfig},
  sql_query_enrichment_config: {vendor: SPE, model: 1, build: SqlQueryEnrichment.fromConfig},
}

/** Enrichments sp will not pretend to run: each says why and what to use instead. */
const REFUSED: Readonly<Record<string, string>> = {
  yauaa_enrichment_config:
    'the YAUAA enrichment is not supported: YAUAA is a Java library with no exact Node port, and its output cannot be reproduced. Use the ua_parser enrichment (ua_parser_config) instead.',
  user_agent_utils_config:
    'the user_agent_utils enrichment is not supported: it is deprecated in Enrich and its Java library (UserAgentUtils) has no Node port. Use the ua_parser enrichment (ua_parser_config) instead.',
  weather_enrichment_config:
    'the weather enrichment is not supported: OpenWeatherMap\'s history API is paid and, as Enrich orders it (before ip_lookups sets geo_*), it fails every event. Remove this config.',
  event_spec_enrichment_config: 'the event_spec enrichment (managed by Snowplow Console) is not supported yet by sp.',
}

/** Micro's startup line lists enrichments in the order of Enrich's `EnrichmentRegistry` fields. */
const MICRO_LOG_ORDER = [
  'ApiRequestEnrichment',
  'PiiPseudonymizerEnrichment',
  'SqlQueryEnrichment',
  'AnonIpEnrichment',
  'CampaignAttributionEnrichment',
  'CookieExtractorEnrichment',
  'CurrencyConversionEnrichment',
  'EventFingerprintEnrichment',
  'HttpHeaderExtractorEnrichment',
  'IabEnrichment',
  'IpLookupsEnrichment',
  'AsnLookupsEnrichment',
  'JavascriptScriptEnrichment',
  'RefererParserEnrichment',
  'UaParserEnrichment',
  'CrossNavigationEnrichment',
  'BotDetectionEnrichment',
]

export interface EnrichmentsSetup {
  /** ready to run, in Enrich's run order */
  enrichments: Enrichment[]
  /** files skipped because their config says `enabled: false` */
  disabled: string[]
  /** configs Enrich would ignore (unknown names) */
  ignored: string[]
}

export interface LoadEnrichmentsOptions {
  iglu: IgluClient
  /** where http(s) assets are downloaded once (default: defaultAssetCacheDir()) */
  cacheDir?: string
  log?: (line: string) => void
  /** `sp enrichments check`: scripts must compile */
  strict?: boolean
  /** per-event time limit of JavaScript enrichments */
  scriptTimeoutMs?: number
  /** Open Exchange Rates API root (default $SP_OPEN_EXCHANGE_RATES_URL, else openexchangerates.org) */
  currencyApiUrl?: string
}

/** Reads, validates and builds a folder of enrichment configs; throws an SpError naming the file. */
export async function loadEnrichments(dir: string, options: LoadEnrichmentsOptions): Promise<EnrichmentsSetup> {
  const {enabled, disabled} = await loadEnrichmentConfigs(dir, options.iglu)
  const ctx: BuildContext = {
    cacheDir: options.cacheDir ?? defaultAssetCacheDir(),
    baseDir: dir,
    log: options.log ?? (() => {}),
    strict: options.strict,
    scriptTimeoutMs: options.scriptTimeoutMs,
    currencyApiUrl: options.currencyApiUrl,
  }
  const built: Enrichment[] = []
  const ignored: string[] = []
  const seen = new Map<string, string>()
  for (const config of enabled) {
    const refusal = REFUSED[config.name]
    if (refusal !== undefined) throw refusedError(config.file, refusal)
    const factory = FACTORIES[config.name]
    if (factory === undefined) {
      ignored.push(config.file)
      continue
    }
    if (config.vendor !== factory.vendor || config.model !== factory.model) {
      const criterion = `iglu:${factory.vendor}/${config.name}/jsonschema/${factory.model}-*-*`
      throw configError(config.file, `Schema key ${config.schema} is not supported. A '${config.name}' enrichment must have schema ${criterion}.`, 'schema')
    }
    const enrichment = await factory.build(config, ctx)
    if (enrichment.className !== 'JavascriptScriptEnrichment') {
      const other = seen.get(enrichment.className)
      if (other !== undefined) throw configError(config.file, `a second ${config.name} config (the first is ${other}): Enrich runs one of each`)
      seen.set(enrichment.className, config.file)
    }
    built.push(enrichment)
  }
  // stable: scripts keep their file order
  built.sort((a, b) => a.step - b.step)
  return {enrichments: built, disabled, ignored}
}

/** The enrichments' names (Enrich's class names), once each, in the order Micro lists them. */
export function enabledEnrichmentNames(enrichments: readonly Enrichment[]): string[] {
  const names = [...new Set(enrichments.map((e) => e.className))]
  return names.sort((a, b) => MICRO_LOG_ORDER.indexOf(a) - MICRO_LOG_ORDER.indexOf(b))
}

/** Micro's startup line: `Enabled enrichments: AnonIpEnrichment, …` or `No enrichments enabled`. */
export function enabledEnrichmentsLine(enrichments: readonly Enrichment[]): string {
  return enrichments.length === 0 ? 'No enrichments enabled' : `Enabled enrichments: ${enabledEnrichmentNames(enrichments).join(', ')}`
}
