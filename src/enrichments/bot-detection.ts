import {F} from '../event/fields.js'
import type {SelfDescribing} from '../event/enriched-event.js'
import {ASN_CONTEXT} from './ip-lookups.js'
import {IAB_CONTEXT} from './iab.js'
import {prepend, STEP, type Enrichment, type EnrichmentConfig, type EnrichmentState} from './types.js'

export const BOT_DETECTION_CONTEXT = 'iglu:com.snowplowanalytics.snowplow/bot_detection/jsonschema/1-0-1'
const YAUAA_CONTEXT = 'iglu:nl.basjes/yauaa_context/jsonschema/1-0-5'
const CLIENT_SIDE_CONTEXT = 'iglu:com.snowplowanalytics.snowplow/client_side_bot_detection/jsonschema/1-0-0'

interface Indicator {
  name: string
  isBot: (data: Record<string, unknown>) => boolean
}

const BOT_DEVICE_CLASSES = new Set(['Robot', 'Robot Mobile', 'Robot Imitator'])
const BOT_AGENT_CLASSES = new Set(['Robot', 'Robot Mobile'])
const YAUAA: Indicator = {name: 'yauaa', isBot: (d) => BOT_DEVICE_CLASSES.has(d.deviceClass as string) || BOT_AGENT_CLASSES.has(d.agentClass as string)}
const IAB: Indicator = {name: 'iab', isBot: (d) => d.spiderOrRobot === true}
const ASN: Indicator = {name: 'asnLookups', isBot: (d) => d.likelyBot === true}
const CLIENT_SIDE: Indicator = {name: 'clientSideDetection', isBot: (d) => d.bot === true}

/**
 * bot_detection (Enrich `BotDetectionEnrichment`): one `bot_detection` context from the signals of
 * the enabled sources (YAUAA, IAB and asn_lookups derived contexts; the tracker's client-side
 * detection entity). Indicators come out as Enrich folds them: client-side first, each list reversed.
 */
export class BotDetectionEnrichment implements Enrichment {
  readonly className = 'BotDetectionEnrichment'
  readonly step = STEP.botDetection
  private readonly derivedIndicators: Map<string, Indicator>
  private readonly inputIndicators: Map<string, Indicator>

  constructor(options: {useYauaa: boolean; useIab: boolean; useAsnLookups: boolean; useClientSideDetection: boolean}) {
    this.derivedIndicators = new Map()
    if (options.useYauaa) this.derivedIndicators.set(YAUAA_CONTEXT, YAUAA)
    if (options.useIab) this.derivedIndicators.set(IAB_CONTEXT, IAB)
    if (options.useAsnLookups) this.derivedIndicators.set(ASN_CONTEXT, ASN)
    this.inputIndicators = new Map(options.useClientSideDetection ? [[CLIENT_SIDE_CONTEXT, CLIENT_SIDE]] : [])
  }

  static fromConfig(config: EnrichmentConfig): BotDetectionEnrichment {
    const p = config.data.parameters as Record<string, boolean | undefined>
    return new BotDetectionEnrichment({useYauaa: p.useYauaa === true, useIab: p.useIab === true, useAsnLookups: p.useAsnLookups === true, useClientSideDetection: p.useClientSideDetection === true})
  }

  run(state: EnrichmentState): void {
    prepend(state, [this.context(state.derived, (state.event[F.contexts] as SelfDescribing[] | null) ?? [])])
  }

  context(derived: SelfDescribing[], input: SelfDescribing[]): SelfDescribing {
    const indicators = [...triggered(input, this.inputIndicators), ...triggered(derived, this.derivedIndicators)]
    return {schema: BOT_DETECTION_CONTEXT, data: {bot: indicators.length > 0, indicators}}
  }
}

/** Enrich's foldLeft that prepends: matching indicators in reverse context order. */
function triggered(contexts: SelfDescribing[], indicators: Map<string, Indicator>): string[] {
  const out: string[] = []
  if (indicators.size === 0) return out
  for (const c of contexts) {
    const ind = indicators.get(c.schema)
    if (ind !== undefined && ind.isBot((c.data ?? {}) as Record<string, unknown>)) out.unshift(ind.name)
  }
  return out
}
