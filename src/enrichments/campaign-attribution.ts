import {F} from '../event/fields.js'
import {fieldIndex} from '../event/enriched-event.js'
import {parsePairs} from '../adapters/querystring.js'
import {tsvSafe} from './tsv-safe.js'
import {STEP, type Enrichment, type EnrichmentConfig, type EnrichmentState} from './types.js'

const MKT = ['mkt_medium', 'mkt_source', 'mkt_term', 'mkt_content', 'mkt_campaign', 'mkt_clickid', 'mkt_network'].map(fieldIndex)

/** The click-id parameters Enrich always knows; `mktClickId` entries are merged over them. */
export const DEFAULT_CLICK_IDS: ReadonlyArray<readonly [string, string]> = [
  ['gclid', 'Google'],
  ['msclkid', 'Microsoft'],
  ['dclid', 'DoubleClick'],
]

interface CampaignFields {
  medium: string[]
  source: string[]
  term: string[]
  content: string[]
  campaign: string[]
  clickIds: Array<readonly [string, string]>
}

/**
 * campaign_attribution (Enrich `CampaignAttributionEnrichment`): each mkt_* field takes the value of
 * the first configured parameter present in the page URL's query; the first click-id parameter
 * present sets mkt_clickid and mkt_network. All seven fields are written on every event with a page URL.
 */
export class CampaignAttributionEnrichment implements Enrichment {
  readonly className = 'CampaignAttributionEnrichment'
  readonly step = STEP.campaign

  constructor(readonly fields: CampaignFields) {}

  static fromConfig(config: EnrichmentConfig): CampaignAttributionEnrichment {
    const f = ((config.data.parameters as Record<string, unknown>).fields ?? {}) as Record<string, unknown>
    const list = (k: string) => (f[k] ?? []) as string[]
    // Scala merges `defaults ++ custom` into a Map: a custom entry replaces a default in place
    const clickIds = new Map<string, string>(DEFAULT_CLICK_IDS)
    for (const [param, network] of Object.entries((f.mktClickId ?? {}) as Record<string, string>)) clickIds.set(param, network)
    return new CampaignAttributionEnrichment({
      medium: list('mktMedium'),
      source: list('mktSource'),
      term: list('mktTerm'),
      content: list('mktContent'),
      campaign: list('mktCampaign'),
      clickIds: [...clickIds],
    })
  }

  run(state: EnrichmentState): void {
    const ev = state.event
    if (ev[F.page_url] === null) return
    const query = ev[F.page_urlquery] as string | null
    const m = this.extract(query === null ? new Map() : queryMap(query))
    const values = [m.medium, m.source, m.term, m.content, m.campaign, m.clickId, m.network]
    for (let i = 0; i < MKT.length; i++) ev[MKT[i]!] = tsvSafe(values[i])
  }

  /** Enrich's `extractMarketingFields` over a decoded query (last duplicate wins). */
  extract(query: Map<string, string>): Record<'medium' | 'source' | 'term' | 'content' | 'campaign' | 'clickId' | 'network', string | null> {
    const first = (names: string[]) => {
      const name = names.find((n) => query.has(n))
      return name === undefined ? null : query.get(name)!
    }
    const click = this.fields.clickIds.find(([param]) => query.has(param))
    return {
      medium: first(this.fields.medium),
      source: first(this.fields.source),
      term: first(this.fields.term),
      content: first(this.fields.content),
      campaign: first(this.fields.campaign),
      clickId: click ? query.get(click[0])! : null,
      network: click ? click[1] : null,
    }
  }
}

/** Apache URLEncodedUtils over a raw query: `+` and `%XX` decoded, a name without `=` gets "". */
export function queryMap(query: string): Map<string, string> {
  const map = new Map<string, string>()
  for (const {name, value} of parsePairs(query)) map.set(name, value ?? '')
  return map
}
