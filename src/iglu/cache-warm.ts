import {existsSync} from 'node:fs'
import path from 'node:path'
import type {FullIgluClient} from './client.js'
import {parseSchemaKey, schemaKeyToPath} from './schema-key.js'
import {TRACKER_DEFAULT_SCHEMAS} from './tracker-schemas.js'
import {SYNC_COMMAND} from './offline-cache.js'

export interface WarmReport {
  /** resolved now (fetched over HTTP into the cache, or found in a local folder or the registry) */
  resolved: string[]
  /** already in the cache folder: nothing fetched */
  cached: string[]
  failed: {uri: string; message: string}[]
}

const inCache = (cacheDir: string, uri: string) => existsSync(path.join(cacheDir, `${schemaKeyToPath(parseSchemaKey(uri))}.json`))

export interface WarmOptions {
  /** default: the schemas Snowplow's trackers attach by default */
  uris?: readonly string[]
  /** lookups at a time (default 4) */
  concurrency?: number
  /** stops taking new lookups (a stopping micro does not wait for the rest) */
  signal?: AbortSignal
}

/**
 * Resolves each schema the cache folder lacks, a few at a time, so the client's HTTP repositories
 * write it to the persistent cache: the next offline run has it. Never throws.
 */
export async function warmCache(client: FullIgluClient, {uris = TRACKER_DEFAULT_SCHEMAS, concurrency = 4, signal}: WarmOptions = {}): Promise<WarmReport> {
  const report: WarmReport = {resolved: [], cached: [], failed: []}
  if (client.offline || client.cacheDir === undefined) return report
  const cacheDir = client.cacheDir
  const todo = uris.filter((uri) => {
    if (!inCache(cacheDir, uri)) return true
    report.cached.push(uri)
    return false
  })
  const worker = async () => {
    for (let uri = todo.shift(); uri !== undefined && signal?.aborted !== true; uri = todo.shift()) {
      try {
        const r = await client.resolve(parseSchemaKey(uri))
        if (r.ok) report.resolved.push(uri)
        else report.failed.push({uri, message: r.error.lookupHistory.map((h) => `${h.repository}: ${h.errors.map((e) => e.error).join(', ')}`).join('; ')})
      } catch (error) {
        report.failed.push({uri, message: (error as Error).message})
      }
    }
  }
  await Promise.all(Array.from({length: concurrency}, worker))
  return report
}

/** The schemas of `uris` this client cannot resolve now (fresh lookups: nothing is cached by asking). */
export async function unresolvable(client: FullIgluClient, uris: readonly string[] = TRACKER_DEFAULT_SCHEMAS): Promise<string[]> {
  const missing: string[] = []
  for (const uri of uris) {
    const {result} = await client.resolveWithTrace(parseSchemaKey(uri))
    if (!result.ok) missing.push(uri)
  }
  return missing
}

/** The start-up line of `sp micro --offline` when tracker schemas are missing. */
export function offlineMissingMessage(missing: readonly string[], cacheDir: string | undefined): string {
  const names = missing.map((uri) => uri.replace(/^iglu:/, '').replace(/\/jsonschema\//, ' '))
  return `Offline: ${missing.length} of the ${TRACKER_DEFAULT_SCHEMAS.length} schemas Snowplow's trackers attach by default are not in the schema cache${cacheDir ? ` (${cacheDir})` : ''}, so events using them will be incomplete: ${names.join(', ')}. Fix: ${SYNC_COMMAND}`
}
