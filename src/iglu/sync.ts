import {readdir, readFile, stat} from 'node:fs/promises'
import path from 'node:path'
import type {SchemaKey, SelfDescribingSchema} from './types.js'
import {DiskCache} from './disk-cache.js'
import {parseSchemaFile} from './repositories/local.js'
import {HttpRepository} from './repositories/http.js'
import {isValidSchemaVer, schemaKeyToPath, schemaKeyToUri, tryParseSchemaKey} from './schema-key.js'
import {selfDescribingProblem} from './self-describing.js'
import {IGLU_CENTRAL_URI} from './resolver-config.js'
import {TRACKER_DEFAULT_SCHEMAS} from './tracker-schemas.js'
import {igluError, IgluErrorCode} from './errors.js'
import {guardedFetch, readTextCapped} from '../http-client/guarded-fetch.js'

export interface SyncOptions {
  /** a local Iglu repository folder (a clone of Iglu Central, `schemas/` or its parent), or an Iglu Server / static registry URL */
  from: string
  /** the persistent cache folder to fill */
  cacheDir: string
  /** Iglu Server API key (private schemas) */
  apiKey?: string
  fetch?: typeof fetch
}

export interface SyncResult {
  source: string
  /** how the source was read */
  via: 'folder' | 'iglu-server' | 'static-list' | 'tracker-defaults'
  cacheDir: string
  copied: string[]
  unchanged: string[]
  /** files or URIs that could not be copied, and why (nothing else is lost) */
  skipped: {what: string; reason: string}[]
}

export const DEFAULT_SYNC_SOURCE = IGLU_CENTRAL_URI

/** Copies a whole Iglu repository into the persistent schema cache, so offline runs have it. */
export async function syncSchemas(options: SyncOptions): Promise<SyncResult> {
  const cache = new DiskCache(options.cacheDir)
  const isUrl = /^https?:\/\//i.test(options.from)
  const result: SyncResult = {source: options.from, via: 'folder', cacheDir: cache.dir, copied: [], unchanged: [], skipped: []}
  const schemas = isUrl ? await fromUrl(options, result) : await fromFolder(path.resolve(options.from), result)
  for (const {key, schema} of schemas) {
    const uri = schemaKeyToUri(key)
    const file = path.join(cache.dir, `${schemaKeyToPath(key)}.json`)
    const text = JSON.stringify(schema, null, 2) + '\n'
    if ((await readFile(file, 'utf8').catch(() => undefined)) === text) result.unchanged.push(uri)
    else {
      await cache.store(key, schema)
      result.copied.push(uri)
    }
  }
  return result
}

interface Found {
  key: SchemaKey
  schema: SelfDescribingSchema
}

/** `DIR/vendor/name/format/version[.json]`, under DIR, DIR/schemas or Micro's iglu-client-embedded/schemas. */
async function fromFolder(dir: string, result: SyncResult): Promise<Found[]> {
  const info = await stat(dir).catch(() => undefined)
  if (!info?.isDirectory()) throw igluError(IgluErrorCode.SyncSourceUnreadable, `--from ${dir}: not a folder (expected a local Iglu repository, e.g. a clone of Iglu Central)`)
  const found: Found[] = []
  for (const entry of await readdir(dir, {recursive: true, withFileTypes: true})) {
    if (!entry.isFile()) continue
    const file = path.join(entry.parentPath, entry.name)
    const parts = path.relative(dir, file).split(path.sep)
    if (parts.length < 4) continue
    const [vendor, name, format, version] = parts.slice(-4) as [string, string, string, string]
    const v = version.replace(/\.json$/, '')
    if (!isValidSchemaVer(v)) continue
    const key = tryParseSchemaKey(`iglu:${vendor}/${name}/${format}/${v}`)
    if (key === undefined) {
      result.skipped.push({what: file, reason: 'not an Iglu schema path (vendor/name/format/M-R-A)'})
      continue
    }
    const answer = parseSchemaFile(await readFile(file, 'utf8'), file, key)
    if (answer.ok) found.push({key, schema: answer.schema})
    else result.skipped.push({what: file, reason: 'message' in answer.error ? answer.error.message : answer.error.error})
  }
  if (found.length === 0 && result.skipped.length === 0) {
    throw igluError(IgluErrorCode.SyncSourceUnreadable, `--from ${dir}: no schemas found (expected files like schemas/com.acme/checkout/jsonschema/1-0-0)`)
  }
  return found
}

/**
 * An Iglu Server lists everything (`/api/schemas?repr=canonical`); a static repository may have the
 * list igluctl writes (`/schemas`); a static one without it (Iglu Central's site) gets the schemas
 * Snowplow's trackers attach by default, one by one.
 */
async function fromUrl(options: SyncOptions, result: SyncResult): Promise<Found[]> {
  const doFetch = options.fetch ?? fetch
  const root = options.from.replace(/\/+$/, '').replace(/\/api$/i, '')
  const listed = await getJson(doFetch, `${root}/api/schemas?repr=canonical`, options.apiKey)
  if (listed.ok && Array.isArray(listed.json)) {
    result.via = 'iglu-server'
    return listed.json.flatMap((schema) => checked(schema, `${root}/api/schemas`, result))
  }
  if (listed.unreachable !== undefined) throw igluError(IgluErrorCode.SyncSourceUnreadable, `--from ${options.from}: cannot reach it (${listed.unreachable})`)
  const repo = new HttpRepository({name: root, uri: root, apikey: options.apiKey ?? null, fetch: doFetch, retries: 1})
  const list = (await getJson(doFetch, `${root}/schemas`, options.apiKey)).json
  const uris = Array.isArray(list) && list.every((u) => typeof u === 'string') ? (list as string[]) : undefined
  result.via = uris ? 'static-list' : 'tracker-defaults'
  const found: Found[] = []
  for (const uri of uris ?? TRACKER_DEFAULT_SCHEMAS) {
    const key = tryParseSchemaKey(uri)
    if (key === undefined) {
      result.skipped.push({what: uri, reason: 'not an Iglu URI'})
      continue
    }
    const answer = await repo.lookup(key)
    if (answer.ok) found.push({key, schema: answer.schema})
    else result.skipped.push({what: uri, reason: 'message' in answer.error ? answer.error.message : answer.error.error})
  }
  if (found.length === 0) {
    throw igluError(IgluErrorCode.SyncSourceUnreadable, `--from ${options.from}: no schemas could be read (${result.skipped[0]?.reason ?? 'empty list'})`)
  }
  return found
}

function checked(schema: unknown, where: string, result: SyncResult): Found[] {
  const self = (schema as {self?: {vendor?: string; name?: string; format?: string; version?: string}} | null)?.self
  const key = self ? tryParseSchemaKey(`iglu:${self.vendor}/${self.name}/${self.format}/${self.version}`) : undefined
  const problem = key === undefined ? 'no valid self' : selfDescribingProblem(schema, key, `A schema from ${where}`)
  if (key === undefined || problem !== undefined) {
    result.skipped.push({what: key ? schemaKeyToUri(key) : JSON.stringify(self ?? null), reason: problem ?? 'no valid self'})
    return []
  }
  const {$supersededBy: _by, $supersedes: _s, ...content} = schema as SelfDescribingSchema
  return [{key, schema: content as SelfDescribingSchema}]
}

async function getJson(doFetch: typeof fetch, url: string, apiKey: string | undefined): Promise<{ok: boolean; json?: unknown; unreachable?: string}> {
  let response: Response
  try {
    // the apikey stays with the --from origin across redirects (docs/security.md)
    const init = {headers: {accept: 'application/json', ...(apiKey ? {apikey: apiKey} : {})}, signal: AbortSignal.timeout(10_000)}
    response = await guardedFetch(url, init, {secretHeaders: ['apikey'], fetch: doFetch})
  } catch (error) {
    const cause = (error as {cause?: {code?: string}}).cause
    return {ok: false, unreachable: `${(error as Error).message}${cause?.code ? ` (${cause.code})` : ''}`}
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined)
    return {ok: false}
  }
  try {
    return {ok: true, json: JSON.parse(await readTextCapped(response, url))}
  } catch {
    return {ok: false}
  }
}
