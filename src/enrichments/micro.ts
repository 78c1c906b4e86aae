import type {IgluClient} from '../iglu/types.js'
import type {MicroOptions} from '../micro/options.js'
import type {Enrichment} from './types.js'

/**
 * `sp micro --enrichments DIR`: the enrichments to run, logged as Micro logs them. Undefined when
 * no folder is given, so the enrich hot path does no enrichment work at all.
 */
export async function loadMicroEnrichments(options: MicroOptions, iglu: IgluClient, log: (line: string) => void): Promise<Enrichment[] | undefined> {
  if (options.enrichmentsDir === undefined) return undefined
  // the enrichments (and pg, maxmind, js-yaml, uap-core behind them) load only when a folder is
  // given: they are no part of every sp micro's start-up
  const {enabledEnrichmentsLine, loadEnrichments} = await import('./registry.js')
  const timeout = process.env.SP_JS_TIMEOUT_MS
  const setup = await loadEnrichments(options.enrichmentsDir, {
    iglu,
    cacheDir: options.enrichmentAssetCacheDir,
    log,
    scriptTimeoutMs: timeout === undefined || timeout === '' ? undefined : Number(timeout),
  })
  for (const file of setup.disabled) log(`Enrichment config ${file} is disabled: skipped`)
  for (const file of setup.ignored) log(`[WARN] Enrichment config ${file} names no enrichment sp (or Enrich) knows: ignored`)
  log(enabledEnrichmentsLine(setup.enrichments))
  return setup.enrichments.length > 0 ? setup.enrichments : undefined
}
