import {readFileSync} from 'node:fs'
import {formatJsonError} from '../errors/json-position.js'
import path from 'node:path'
import type {SchemaVer} from './types.js'
import {IgluErrorCode, igluError} from './errors.js'
import {schemaVerToString, tryParseSchemaKey} from './schema-key.js'

/** An `http` connection: a static repository root or an Iglu Server API (`…/api`). */
export interface HttpConnection {
  http: {uri: string; apikey?: string | null}
}

/** An `embedded` connection. For us it is a folder on disk (see README: classpath mapping). */
export interface EmbeddedConnection {
  embedded: {path: string}
}

export interface RepositoryConfig {
  name: string
  priority: number
  vendorPrefixes: string[]
  connection: HttpConnection | EmbeddedConnection
}

/** A parsed `iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-*` document. */
export interface ResolverConfig {
  /** The resolver-config version the document declared (1-0-0 … 1-0-3). */
  schemaVersion: SchemaVer
  cacheSize: number
  /** Seconds; null = cache forever (the reference's behaviour when cacheTtl is absent). */
  cacheTtl: number | null
  repositories: RepositoryConfig[]
  /** File the config came from; relative embedded paths resolve against its folder. */
  source?: string
}

export const RESOLVER_CONFIG_CRITERION = 'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-*'
export const IGLU_CENTRAL_URI = 'http://iglucentral.com'
export const IGLU_CENTRAL_MIRROR_URI = 'http://mirror01.iglucentral.com'

type Json = Record<string, unknown>

function fail(field: string, problem: string, source?: string): never {
  const where = source === undefined ? '' : ` in ${source}`
  throw igluError(IgluErrorCode.InvalidResolverConfig, `Invalid resolver config${where}: ${field} ${problem}`, {field})
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const describe = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`)

function checkKeys(obj: Json, allowed: string[], field: string, source: string | undefined, version: string): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k) && obj[k] !== undefined) {
      const hint =
        k === 'cacheTtl' || k === 'apikey'
          ? ` (${k} needs resolver-config ${k === 'apikey' ? '1-0-1' : '1-0-2'} or later; this file declares ${version}: change "schema" to iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-3)`
          : ` (allowed: ${allowed.join(', ')})`
      fail(`${field}.${k}`, `is not allowed${hint}`, source)
    }
  }
}

function integer(v: unknown, field: string, source: string | undefined, min: number): number {
  // resolver-config 1-0-2+ says "number", but iglu-scala-client decodes cacheSize/priority as Int.
  if (typeof v !== 'number' || !Number.isInteger(v)) fail(field, `must be an integer, got ${describe(v)}`, source)
  if (v < min) fail(field, `must be >= ${min}, got ${v}`, source)
  return v
}

function parseConnection(v: unknown, field: string, source: string | undefined, version: SchemaVer): HttpConnection | EmbeddedConnection {
  const ver = schemaVerToString(version)
  if (!isObject(v)) fail(field, `must be an object with exactly one of "embedded" or "http", got ${describe(v)}`, source)
  const keys = Object.keys(v)
  if (keys.length !== 1 || (keys[0] !== 'embedded' && keys[0] !== 'http')) {
    fail(field, `must have exactly one of "embedded" or "http", got ${keys.length === 0 ? 'none' : keys.map((k) => `"${k}"`).join(', ')}`, source)
  }
  if (keys[0] === 'embedded') {
    const e = v.embedded
    if (!isObject(e)) fail(`${field}.embedded`, `must be an object {"path": …}, got ${describe(e)}`, source)
    checkKeys(e, ['path'], `${field}.embedded`, source, ver)
    if (typeof e.path !== 'string' || e.path === '') fail(`${field}.embedded.path`, `must be a non-empty string, got ${describe(e.path)}`, source)
    return {embedded: {path: e.path}}
  }
  const h = v.http
  if (!isObject(h)) fail(`${field}.http`, `must be an object {"uri": …}, got ${describe(h)}`, source)
  checkKeys(h, version.addition >= 1 ? ['uri', 'apikey'] : ['uri'], `${field}.http`, source, ver)
  checkHttpUri(h.uri, `${field}.http.uri`, source)
  if (h.apikey !== undefined && h.apikey !== null && typeof h.apikey !== 'string') {
    fail(`${field}.http.apikey`, `must be a string or null, got ${describe(h.apikey)}`, source)
  }
  return {http: {uri: h.uri, ...(h.apikey === undefined ? {} : {apikey: h.apikey as string | null})}}
}

function checkHttpUri(uri: unknown, field: string, source: string | undefined): asserts uri is string {
  if (typeof uri !== 'string') fail(field, `must be a string, got ${describe(uri)}`, source)
  let url: URL
  try {
    url = new URL(uri)
  } catch {
    fail(field, `must be an absolute http(s) URI, got ${JSON.stringify(uri)}`, source)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(field, `must be an absolute http(s) URI, got ${JSON.stringify(uri)}`, source)
}

/**
 * Checks a resolver config (self-describing JSON) against resolver-config 1-0-0 … 1-0-3 and the
 * decoder's extra rules (Int sizes, unique names), naming the offending field in every message.
 */
export function parseResolverConfig(json: unknown, source?: string): ResolverConfig {
  if (!isObject(json)) fail('the document', `must be a self-describing JSON object {"schema": "${RESOLVER_CONFIG_CRITERION}", "data": {…}}, got ${describe(json)}`, source)
  if (typeof json.schema !== 'string') fail('"schema"', `must be the string iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-3 (or 1-0-0 … 1-0-2), got ${describe(json.schema)}`, source)
  const key = tryParseSchemaKey(json.schema)
  if (key === undefined) fail('"schema"', `is not a valid Iglu URI: ${JSON.stringify(json.schema)}`, source)
  if (key.vendor !== 'com.snowplowanalytics.iglu' || key.name !== 'resolver-config' || key.format !== 'jsonschema' || key.version.model !== 1 || key.version.revision !== 0 || key.version.addition > 3) {
    fail('"schema"', `Schema ${json.schema} does not match criterion ${RESOLVER_CONFIG_CRITERION} (1-0-0 … 1-0-3 are known)`, source)
  }
  const version = key.version
  const ver = schemaVerToString(version)
  checkKeys(json, ['schema', 'data'], 'the document', source, ver)
  const data = json.data
  if (!isObject(data)) fail('"data"', `must be an object, got ${describe(data)}`, source)
  checkKeys(data, version.addition >= 2 ? ['cacheSize', 'cacheTtl', 'repositories'] : ['cacheSize', 'repositories'], 'data', source, ver)
  if (data.cacheSize === undefined) fail('data.cacheSize', 'is missing but it is required', source)
  const cacheSize = integer(data.cacheSize, 'data.cacheSize', source, 0)
  let cacheTtl: number | null = null
  if (data.cacheTtl !== undefined && data.cacheTtl !== null) {
    cacheTtl = integer(data.cacheTtl, 'data.cacheTtl', source, version.addition >= 3 ? 0 : 1)
  }
  if (data.repositories === undefined) fail('data.repositories', 'is missing but it is required', source)
  if (!Array.isArray(data.repositories)) fail('data.repositories', `must be an array, got ${describe(data.repositories)}`, source)
  const repositories = data.repositories.map((r: unknown, i: number): RepositoryConfig => {
    const field = `data.repositories[${i}]`
    if (!isObject(r)) fail(field, `must be an object, got ${describe(r)}`, source)
    checkKeys(r, ['name', 'priority', 'vendorPrefixes', 'connection'], field, source, ver)
    for (const k of ['name', 'priority', 'vendorPrefixes', 'connection']) {
      if (r[k] === undefined) fail(`${field}.${k}`, 'is missing but it is required', source)
    }
    if (typeof r.name !== 'string') fail(`${field}.name`, `must be a string, got ${describe(r.name)}`, source)
    const priority = integer(r.priority, `${field}.priority`, source, Number.MIN_SAFE_INTEGER)
    if (!Array.isArray(r.vendorPrefixes) || !r.vendorPrefixes.every((p) => typeof p === 'string')) {
      fail(`${field}.vendorPrefixes`, `must be an array of strings, got ${describe(r.vendorPrefixes)}`, source)
    }
    const connection = parseConnection(r.connection, `${field}.connection`, source, version)
    return {name: r.name, priority, vendorPrefixes: [...(r.vendorPrefixes as string[])], connection}
  })
  const counts = new Map<string, number>()
  for (const r of repositories) counts.set(r.name, (counts.get(r.name) ?? 0) + 1)
  for (const [name, n] of counts) {
    if (n > 1) fail('data.repositories', `Repository names must be unique, ${name} encountered ${n} times`, source)
  }
  return {schemaVersion: version, cacheSize, cacheTtl, repositories, ...(source === undefined ? {} : {source})}
}

/** Reads and checks a resolver config file (`--iglu FILE`). */
export function loadResolverConfig(file: string): ResolverConfig {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    throw igluError(IgluErrorCode.ResolverConfigUnreadable, `Cannot read resolver config ${file}: ${(e as Error).message}`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw igluError(IgluErrorCode.InvalidResolverConfig, `Invalid resolver config in ${file}: not valid JSON:\n${formatJsonError(file, text, e)}`)
  }
  return parseResolverConfig(json, path.resolve(file))
}

export interface DefaultResolverOptions {
  /** Local schema folders (`--schemas DIR`), consulted before any HTTP repository. */
  schemaDirs?: string[]
}

/**
 * Micro's `default-iglu-resolver`: Iglu Central and its mirror (priority 1, cacheSize 500,
 * cacheTtl 60), plus local folders. The client adds the env registries to it, as to any config
 * (withEnvRepositories).
 */
export function defaultResolverConfig(options: DefaultResolverOptions = {}): ResolverConfig {
  const repositories: RepositoryConfig[] = [
    {name: 'Iglu Central', priority: 1, vendorPrefixes: [], connection: {http: {uri: IGLU_CENTRAL_URI}}},
    {name: 'Iglu Central - Mirror 01', priority: 1, vendorPrefixes: [], connection: {http: {uri: IGLU_CENTRAL_MIRROR_URI}}},
  ]
  repositories.push(...localRepositories(options.schemaDirs ?? []))
  return {schemaVersion: {model: 1, revision: 0, addition: 3}, cacheSize: 500, cacheTtl: 60, repositories}
}

/** Schema folders (`--schemas`) as static repositories, ahead of the rest (priority 0). */
function localRepositories(schemaDirs: string[]): RepositoryConfig[] {
  return schemaDirs.map((dir) => {
    const abs = path.resolve(dir)
    return {name: `Local (${abs})`, priority: 0, vendorPrefixes: [], connection: {embedded: {path: abs}}}
  })
}

/**
 * What `--iglu FILE` and `--schemas DIR...` make together, for every command that resolves: the
 * resolver file's config (else the default resolver), with the folders consulted first either way.
 */
export function resolverConfigFor(options: {resolverFile?: string; schemaDirs?: string[]}): ResolverConfig {
  const schemaDirs = options.schemaDirs ?? []
  if (options.resolverFile === undefined) return defaultResolverConfig({schemaDirs})
  const config = loadResolverConfig(options.resolverFile)
  return {...config, repositories: [...localRepositories(schemaDirs), ...config.repositories]}
}

/**
 * An Iglu Server's resolver URI from its root: `/api` added unless it is there. One variable then
 * serves `sp schema push` (which wants the root, as igluctl) and resolution (which wants `/api`).
 */
export function igluServerApiUri(uri: string): string {
  const trimmed = uri.replace(/\/+$/, '')
  return /\/api$/i.test(trimmed) ? trimmed : `${trimmed}/api`
}

/**
 * `MICRO_IGLU_REGISTRY_URL` / `MICRO_IGLU_API_KEY` and our `SP_IGLU_REGISTRY_URL` / `SP_IGLU_API_KEY`:
 * "an additional custom Iglu registry" named `Custom (<url>)`, priority 0, as Micro adds it. With an
 * API key the URL is an Iglu Server's, and its root is accepted (`/api` added): Micro's docs ask for
 * `/api`, `sp schema push --help` for the root, and without `/api` every lookup was "not found".
 */
export function envRepositories(env: NodeJS.ProcessEnv): RepositoryConfig[] {
  const custom = new Map<string, string | undefined>()
  for (const prefix of ['MICRO', 'SP']) {
    const uri = env[`${prefix}_IGLU_REGISTRY_URL`]?.trim()
    if (!uri) continue
    checkHttpUri(uri, `${prefix}_IGLU_REGISTRY_URL`, undefined)
    const apikey = env[`${prefix}_IGLU_API_KEY`]?.trim() || undefined
    const server = apikey === undefined ? uri : igluServerApiUri(uri)
    custom.set(server, apikey ?? custom.get(server))
  }
  return [...custom].map(([uri, apikey]) => ({name: `Custom (${uri})`, priority: 0, vendorPrefixes: [], connection: {http: {uri, apikey: apikey ?? null}}}))
}

/** `config` plus the env registries (Micro adds them to any resolver, default or `--iglu`), once each. */
export function withEnvRepositories(config: ResolverConfig, env: NodeJS.ProcessEnv): ResolverConfig {
  const names = new Set(config.repositories.map((r) => r.name))
  const extra = envRepositories(env).filter((r) => !names.has(r.name))
  return extra.length === 0 ? config : {...config, repositories: [...config.repositories, ...extra]}
}
