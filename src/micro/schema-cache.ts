import type {FullIgluClient} from '../iglu/client.js'
import {offlineMissingMessage, unresolvable, warmCache} from '../iglu/cache-warm.js'

/**
 * Start-up work on the persistent schema cache, in the background after the ready line. Online:
 * fetch the schemas Snowplow's trackers attach by default into the cache, so a later `--offline` run
 * has them. Offline: say which of them are missing and the one command that fixes it. `signal`
 * stops the warming (a stopping micro does not wait for it). Never throws.
 */
export async function startupSchemaCache(iglu: FullIgluClient, log: (line: string) => void, signal: AbortSignal): Promise<void> {
  try {
    if (iglu.offline) {
      const missing = await unresolvable(iglu)
      if (missing.length > 0 && !signal.aborted) log(offlineMissingMessage(missing, iglu.cacheDir))
      return
    }
    const report = await warmCache(iglu, {signal})
    if (report.resolved.length > 0 && !signal.aborted) {
      log(`Schema cache: ${report.resolved.length} tracker schemas now in ${iglu.cacheDir} for offline runs (${report.cached.length} were already there)`)
    }
  } catch (error) {
    log(`Schema cache: start-up check failed: ${(error as Error).message}`)
  }
}
