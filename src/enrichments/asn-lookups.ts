import {readFile} from 'node:fs/promises'
import {F} from '../event/fields.js'
import {ASN_CONTEXT} from './ip-lookups.js'
import {assetRef, resolveAsset} from './assets.js'
import {configError} from './errors.js'
import {STEP, type BuildContext, type Enrichment, type EnrichmentConfig, type EnrichmentState} from './types.js'

/**
 * asn_lookups (Enrich `AsnLookupsEnrichment`): marks each `asn` context ip_lookups made with
 * `likelyBot` (its number in the user's bot-ASN CSV or the config's `botAsns`), except for events
 * of the `bypassPlatforms`. Never fails.
 */
export class AsnLookupsEnrichment implements Enrichment {
  readonly className = 'AsnLookupsEnrichment'
  readonly step = STEP.asnLookups

  constructor(
    readonly botAsns: Set<number>,
    private readonly bypassPlatforms: Set<string>,
  ) {}

  static async fromConfig(config: EnrichmentConfig, ctx: BuildContext): Promise<AsnLookupsEnrichment> {
    const params = (config.data.parameters ?? {}) as Record<string, unknown>
    const asns = new Set<number>()
    const ref = assetRef(params.botAsnsFile)
    if (ref !== null) {
      const text = await readFile(await resolveAsset(config.file, ref.uri, ref.database, ctx), 'utf8')
      for (const line of text.split(/\r?\n/).slice(1)) {
        if (line === '') continue
        const first = line.split(',')[0]!.trim()
        if (!/^[+-]?\d+$/.test(first)) throw configError(config.file, `Failed to parse CSV file with ASNs. Error: For input string: "${first}"`, 'parameters.botAsnsFile')
        asns.add(Number(first))
      }
    }
    for (const {asn} of (params.botAsns ?? []) as Array<{asn: number}>) asns.add(asn)
    return new AsnLookupsEnrichment(asns, new Set((params.bypassPlatforms ?? []) as string[]))
  }

  run(state: EnrichmentState): void {
    const platform = state.event[F.platform] as string | null
    if (platform !== null && this.bypassPlatforms.has(platform)) return
    state.derived = state.derived.map((c) => {
      if (c.schema !== ASN_CONTEXT) return c
      const d = c.data as {number?: unknown; organization?: unknown}
      if (typeof d.number !== 'number') return c
      const data: Record<string, unknown> = {number: d.number}
      if (typeof d.organization === 'string') data.organization = d.organization
      data.likelyBot = this.botAsns.has(d.number)
      return {schema: c.schema, data}
    })
  }
}
