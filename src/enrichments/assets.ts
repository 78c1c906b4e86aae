import {createHash} from 'node:crypto'
import {existsSync} from 'node:fs'
import {mkdir, rename, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {assetError} from './errors.js'
import type {BuildContext} from './types.js'

/** One asset download, body included. */
const ASSET_DOWNLOAD_TIMEOUT_MS = 5 * 60_000

/** Default download cache: `$SP_ENRICHMENT_CACHE_DIR`, else `~/.cache/sp/enrichment-assets`. */
export function defaultAssetCacheDir(): string {
  return process.env.SP_ENRICHMENT_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'sp', 'enrichment-assets')
}

/**
 * The local file behind an asset `{uri, database}` as Enrich names it (`uri` + `/` + `database`):
 * a local folder (`file:///abs/folder`, or `file:folder` relative to the config's folder) is read
 * in place; an
 * http(s) file is downloaded once into the cache and read from there afterwards, offline. Cloud
 * buckets are refused with what to do instead. A file that cannot be had fails startup, naming it.
 */
export async function resolveAsset(configFile: string, uri: string, database: string, ctx: BuildContext): Promise<string> {
  const url = uri.endsWith('/') ? uri + database : `${uri}/${database}`
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(uri)?.[1]?.toLowerCase()
  if (scheme === undefined || scheme === 'file') {
    // file:///abs/folder, or file:relative/folder (relative to the config's folder), or a plain path
    const local =
      scheme === undefined ? path.resolve(ctx.baseDir, uri, database) : uri.startsWith('file://') ? fileURLToPath(url) : path.resolve(ctx.baseDir, uri.slice(5), database)
    if (!existsSync(local)) throw assetError(configFile, local, 'no such file')
    return local
  }
  if (scheme !== 'http' && scheme !== 'https') {
    throw assetError(configFile, url, `${scheme}:// assets are not downloaded by sp: copy the file to a local folder and set "uri" to that folder`)
  }
  const cached = path.join(ctx.cacheDir, createHash('sha256').update(url).digest('hex').slice(0, 16), database)
  if (existsSync(cached)) return cached
  let body: Buffer
  try {
    // a stalled server must not hang sp micro's start-up (GeoLite2-City is ~70 MB: minutes, not hours)
    const response = await fetch(url, {signal: AbortSignal.timeout(ASSET_DOWNLOAD_TIMEOUT_MS)})
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    body = Buffer.from(await response.arrayBuffer())
  } catch (e) {
    const err = e as Error & {cause?: Error}
    throw assetError(configFile, url, `download failed (${err.cause?.message ?? err.message})`)
  }
  await mkdir(path.dirname(cached), {recursive: true})
  const partial = `${cached}.${process.pid}.part`
  await writeFile(partial, body)
  await rename(partial, cached)
  ctx.log(`Downloaded ${url} to ${cached}`)
  return cached
}

/** `{uri, database}` of a config's parameters, when present. */
export function assetRef(value: unknown): {uri: string; database: string} | null {
  if (typeof value !== 'object' || value === null) return null
  const v = value as Record<string, unknown>
  return typeof v.uri === 'string' && typeof v.database === 'string' ? {uri: v.uri, database: v.database} : null
}
