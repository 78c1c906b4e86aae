import {existsSync} from 'node:fs'
import path from 'node:path'
import type {
  ClientError, IgluClient, LookupError, Repository, RepositoryLookup, ResolutionError, ResolveResult, SchemaKey, SchemaVer,
  SelfDescribingSchema, ValidateResult, ValidationError,
} from './types.js'
import {withEnvRepositories, type ResolverConfig, type RepositoryConfig} from './resolver-config.js'
import {compareSchemaVer, isValidSchemaVer, parseSchemaVer, schemaKeyToUri, schemaVerToString, tryParseSchemaKey} from './schema-key.js'
import {LookupHistories} from './resolution-error.js'
import {LruCache} from './lru-cache.js'
import {DiskCache, defaultCacheDir} from './disk-cache.js'
import {createSchemaValidator, type SchemaValidator} from './validator.js'
import {HttpRepository, missingApiWarning} from './repositories/http.js'
import {LocalRepository, CLASS_PRIORITY} from './repositories/local.js'
import {bundledSchemasDir, embeddedRepository} from './repositories/embedded.js'
import {prioritize} from './repositories/ordering.js'
import {offlineCacheRepository} from './offline-cache.js'

export interface HttpOptions {
  /** Per-attempt timeout, ms (default 5000). */
  timeoutMs?: number
  /** Retries after 5xx / network errors (default 2). */
  retries?: number
  /** Backoff before retry n, ms. */
  backoffMs?: (attempt: number) => number
}

export interface IgluClientOptions {
  config: ResolverConfig
  /** Consulted before every configured repository (the registry inside `sp micro`). */
  extraRepositories?: Repository[]
  /** Persistent cache folder; false disables it. Default: SP_IGLU_CACHE_DIR / XDG cache / ~/.cache/sp/iglu. */
  cacheDir?: string | false
  /** Only local folders, extra repositories and the disk cache; no HTTP. */
  offline?: boolean
  fetch?: typeof fetch
  http?: HttpOptions
  /** Shared validator (one ajv per process); a new one by default. */
  validator?: SchemaValidator
  /** Clock in epoch ms (tests move time instead of sleeping). */
  now?: () => number
  /** Environment for the cache folder and the MICRO_/SP_IGLU_REGISTRY_URL registries (default process.env). */
  env?: NodeJS.ProcessEnv
  /** Add MICRO_/SP_IGLU_REGISTRY_URL registries to `config` as Micro does (default true). */
  envRepositories?: boolean
}

/** One repository's answer during a traced resolution (`sp schema resolve --trace`). */
export interface TraceStep {
  repository: string
  /** `cache`: the persistent schema cache answered (offline, or when the repositories could not) */
  kind: 'http' | 'local' | 'extra' | 'cache'
  location?: string
  classPriority: number
  priority: number
  vendorPrefixMatch: boolean
  answer: {found: true; supersededBy?: string} | {found: false; error: LookupError}
  ms: number
}

export interface ListResult {
  ok: true
  uris: string[]
  repository: string
}

export type ListSchemasResult = ListResult | {ok: false; error: ResolutionError}

/** Self-describing data that is not even `{schema: "iglu:…", data}`. */
export interface SelfDescribingParseError {
  ok: false
  key?: undefined
  error: {error: 'ParseError'; code: 'INVALID_DATA_PAYLOAD' | 'INVALID_IGLUURI' | 'INVALID_SCHEMAVER'; message: string}
}

export interface FullIgluClient extends IgluClient {
  /** Repositories in configuration order (extra ones first); per-key order via `orderFor`. */
  readonly repositories: readonly Repository[]
  /** Configuration warnings (e.g. an Iglu Server URI without /api). */
  readonly warnings: string[]
  readonly cacheDir: string | undefined
  readonly validator: SchemaValidator
  readonly offline: boolean
  /** The order repositories are consulted for a key. */
  orderFor(key: SchemaKey): Repository[]
  /** Fresh resolution (no cache) that records every repository tried and its answer. */
  resolveWithTrace(key: SchemaKey): Promise<{result: ResolveResult; trace: TraceStep[]}>
  /** Synchronous hot path: the result when the schema is cached and compiled, else undefined. */
  validateCached(key: SchemaKey, data: unknown): ValidateResult | undefined
  /** `{schema: "iglu:…", data}` in one call: parse, resolve, validate. */
  validateSelfDescribing(json: unknown): Promise<ValidateResult | SelfDescribingParseError>
  /** Schema list of vendor/name/model (sorted URIs) from the first repository that has one. */
  listSchemas(vendor: string, name: string, model: number): Promise<ListSchemasResult>
  /** Highest version of vendor/name/jsonschema/model, via schema lists. */
  latestSchemaKey(vendor: string, name: string, model: number): Promise<SchemaKey | undefined>
}

interface Found {
  schema: SelfDescribingSchema
  repository: string
  supersededBy?: SchemaVer
  /** Iglu URI of the schema actually used (the superseding one when superseded). */
  usedUri: string
  /** The schema looked up, when it was superseded (kept for the disk cache). */
  original?: SelfDescribingSchema
}

type CacheEntry =
  | {kind: 'ok'; found: Found; storedAt: number; retryAt?: number; hits: number}
  | {kind: 'fail'; histories: LookupHistories; retryAt: number}

const MAX_SUPERSEDING_HOPS = 10

function toRepository(r: RepositoryConfig, config: ResolverConfig, options: IgluClientOptions, warnings: string[]): Repository {
  if ('http' in r.connection) {
    const w = missingApiWarning(r.name, r.connection.http.uri, r.connection.http.apikey)
    if (w !== undefined) warnings.push(w)
    return new HttpRepository({
      name: r.name, uri: r.connection.http.uri, apikey: r.connection.http.apikey ?? null, priority: r.priority,
      vendorPrefixes: r.vendorPrefixes, fetch: options.fetch, ...options.http,
      onWarning: (message) => {
        if (!warnings.includes(message)) warnings.push(message)
      },
    })
  }
  return new LocalRepository({name: r.name, dir: embeddedDir(r.connection.embedded.path, config, r.name, warnings), priority: r.priority, vendorPrefixes: r.vendorPrefixes})
}

/**
 * An `embedded` path is a classpath resource in iglu-scala-client. We read it as a folder: as
 * given if it exists, else relative to the config file's folder (Micro's `/config` classpath
 * root: `/iglu-client-embedded` → `<config dir>/iglu-client-embedded`). A classpath-looking path
 * found nowhere means sp's bundled schemas (Snowplow's own embedded ones); anything else is a
 * folder that does not exist, which is worth a warning.
 */
function embeddedDir(p: string, config: ResolverConfig, name: string, warnings: string[]): string {
  const base = config.source === undefined ? process.cwd() : path.dirname(config.source)
  const candidates = path.isAbsolute(p) ? [p, path.join(base, p)] : [path.resolve(base, p)]
  for (const c of candidates) if (existsSync(c)) return c
  if (/^\/?iglu-client-embedded\/?$/.test(p)) return bundledSchemasDir()
  warnings.push(`Repository "${name}": schema folder ${candidates[0]} does not exist`)
  return candidates[0]!
}

function repositoryKind(r: Repository, extra: ReadonlySet<Repository>, cache: Repository | undefined): TraceStep['kind'] {
  if (extra.has(r)) return 'extra'
  if (r === cache) return 'cache'
  return r instanceof HttpRepository ? 'http' : 'local'
}

export function createIgluClient(options: IgluClientOptions): FullIgluClient {
  const config = options.envRepositories === false ? options.config : withEnvRepositories(options.config, options.env ?? process.env)
  const now = options.now ?? Date.now
  const offline = options.offline ?? false
  const validator = options.validator ?? createSchemaValidator()
  const warnings: string[] = []
  const extra = options.extraRepositories ?? []
  const extraSet = new Set<Repository>(extra)
  const configured: Repository[] = [embeddedRepository(), ...config.repositories.map((r) => toRepository(r, config, options, warnings))]
  const cacheDirPath = options.cacheDir === false ? undefined : options.cacheDir ?? defaultCacheDir(options.env)
  const disk = cacheDirPath === undefined ? undefined : new DiskCache(cacheDirPath)
  // offline, the cache is a repository; online it answers only when the repositories cannot
  const cacheRepo = disk === undefined ? undefined : offline ? offlineCacheRepository(disk.repository) : disk.repository
  const usable = offline
    ? [...configured.filter((r) => !(r instanceof HttpRepository)), ...(cacheRepo ? [cacheRepo] : [])]
    : configured
  if (offline && configured.some((r) => r instanceof HttpRepository)) {
    warnings.push(`Offline: HTTP repositories are skipped (${configured.filter((r) => r instanceof HttpRepository).map((r) => r.name).join(', ')}); using local folders${disk ? ` and the disk cache ${disk.dir}` : ''}`)
  }

  const ttlMs = config.cacheTtl === null ? null : config.cacheTtl * 1000
  const cacheOn = config.cacheSize > 0 && (ttlMs === null || ttlMs > 0)
  const cache = new LruCache<string, CacheEntry>(cacheOn ? config.cacheSize : 0)
  const lists = new LruCache<string, {result: ListResult; storedAt: number}>(cacheOn ? config.cacheSize : 0)
  const inflight = new Map<string, Promise<ResolveResult>>()
  const orderCache = new Map<string, Repository[]>()

  function orderFor(key: SchemaKey): Repository[] {
    let order = orderCache.get(key.vendor)
    if (order === undefined) {
      order = [...extra, ...prioritize(usable, key.vendor)]
      // vendors come from tracker input: keep the memo bounded
      if (orderCache.size >= 1000) orderCache.clear()
      orderCache.set(key.vendor, order)
    }
    return order
  }

  const fresh = (storedAt: number, t: number) => ttlMs === null || t - storedAt < ttlMs

  /** One repository, following `$supersededBy` within it. */
  async function lookupIn(repo: Repository, key: SchemaKey): Promise<{ok: true; found: Found} | {ok: false; error: LookupError}> {
    let answer: RepositoryLookup
    try {
      answer = await repo.lookup(key)
    } catch (e) {
      answer = {ok: false, error: {error: 'ClientFailure', message: (e as Error).message}}
    }
    if (!answer.ok) return answer
    const original = answer.schema
    let schema = original
    let current = key
    let supersededBy: SchemaVer | undefined
    for (let hop = 0; hop < MAX_SUPERSEDING_HOPS; hop++) {
      const by = schema.$supersededBy
      if (typeof by !== 'string') break
      if (!isValidSchemaVer(by)) {
        return {ok: false, error: {error: 'ClientFailure', message: `Schema ${schemaKeyToUri(current)} has an invalid $supersededBy ${JSON.stringify(by)}`}}
      }
      const target = parseSchemaVer(by)
      if (compareSchemaVer(target, current.version) <= 0) {
        return {ok: false, error: {error: 'ClientFailure', message: `Superseding version ${by} isn't greater than the version of schema ${schemaKeyToUri(current)}`}}
      }
      const next: SchemaKey = {...current, version: target}
      let nextAnswer: RepositoryLookup
      try {
        nextAnswer = await repo.lookup(next)
      } catch (e) {
        nextAnswer = {ok: false, error: {error: 'ClientFailure', message: (e as Error).message}}
      }
      if (!nextAnswer.ok) return nextAnswer
      schema = nextAnswer.schema
      current = next
      supersededBy = target
    }
    const found: Found = {schema, repository: repo.name, supersededBy, usedUri: schemaKeyToUri(current)}
    if (supersededBy !== undefined) found.original = original
    return {ok: true, found}
  }

  function okResult(f: Found): ResolveResult {
    return f.supersededBy === undefined
      ? {ok: true, schema: f.schema, repository: f.repository}
      : {ok: true, schema: f.schema, repository: f.repository, supersededBy: f.supersededBy}
  }

  async function lookupAll(key: SchemaKey, uri: string, histories: LookupHistories, stale: Found | undefined): Promise<ResolveResult> {
    for (const repo of orderFor(key)) {
      const r = await lookupIn(repo, key)
      if (r.ok) {
        cache.set(uri, {kind: 'ok', found: r.found, storedAt: now(), hits: 0})
        if (disk !== undefined && repo instanceof HttpRepository) {
          void disk.store(key, r.found.original ?? r.found.schema)
          if (r.found.supersededBy !== undefined) void disk.store({...key, version: r.found.supersededBy}, r.found.schema)
        }
        return okResult(r.found)
      }
      histories.record(repo.name, r.error, now())
    }
    const t = now()
    if (stale !== undefined) {
      // A new failure never replaces a cached success: keep serving it, ask again after a backoff.
      cache.set(uri, {kind: 'ok', found: stale, storedAt: t - (ttlMs ?? 0), retryAt: t + backoff(histories.maxAttempts()), hits: 0})
      return okResult(stale)
    }
    if (!offline && disk !== undefined && !histories.onlyNotFound()) {
      // Repositories could not answer (network down): a schema fetched before still works.
      const r = await lookupIn(disk.repository, key)
      if (r.ok) {
        cache.set(uri, {kind: 'ok', found: r.found, storedAt: t, hits: 0})
        return okResult(r.found)
      }
    }
    const retryAt = histories.onlyNotFound() ? (ttlMs === null ? Number.POSITIVE_INFINITY : t + ttlMs) : t + backoff(histories.maxAttempts())
    cache.set(uri, {kind: 'fail', histories, retryAt})
    return {ok: false, error: histories.toError()}
  }

  function resolve(key: SchemaKey): Promise<ResolveResult> {
    const uri = schemaKeyToUri(key)
    const entry = cache.get(uri)
    const t = now()
    let stale: Found | undefined
    let histories: LookupHistories | undefined
    if (entry !== undefined) {
      if (entry.kind === 'ok') {
        if (fresh(entry.storedAt, t) || (entry.retryAt !== undefined && t < entry.retryAt)) return Promise.resolve(okResult(entry.found))
        stale = entry.found
      } else {
        if (t < entry.retryAt) return Promise.resolve({ok: false, error: entry.histories.toError()})
        histories = entry.histories
      }
    }
    const running = inflight.get(uri)
    if (running !== undefined) return running
    const p = lookupAll(key, uri, histories ?? new LookupHistories(), stale).finally(() => inflight.delete(uri))
    inflight.set(uri, p)
    return p
  }

  function validationError(found: Found, error: ValidationError): ClientError {
    return found.supersededBy === undefined ? error : {...error, supersededBy: schemaVerToString(found.supersededBy)}
  }

  function check(key: SchemaKey, found: Found, data: unknown): ValidateResult {
    const compiled = validator.compile(found.usedUri, found.schema as Record<string, unknown>)
    if (!compiled.ok) return {ok: false, key, error: validationError(found, {error: 'ValidationError', schemaIssues: compiled.schemaIssues})}
    const reports = compiled.check(data)
    if (reports === null) return found.supersededBy === undefined ? {ok: true, key} : {ok: true, key, supersededBy: found.supersededBy}
    return {ok: false, key, error: validationError(found, {error: 'ValidationError', dataReports: reports})}
  }

  // Enrich parses each distinct schema URI once and reuses its key object (adapters/self-describing):
  // remembering the key's URI skips building and hashing a new string per validation.
  const uriByKey = new WeakMap<SchemaKey, string>()
  function cacheUri(key: SchemaKey): string {
    let uri = uriByKey.get(key)
    if (uri === undefined) {
      uri = schemaKeyToUri(key)
      if (Object.isFrozen(key) && Object.isFrozen(key.version)) uriByKey.set(key, uri)
    }
    return uri
  }

  function validateCached(key: SchemaKey, data: unknown): ValidateResult | undefined {
    const uri = cacheUri(key)
    const entry = cache.peek(uri)
    if (entry === undefined || entry.kind !== 'ok') return undefined
    // Refresh LRU recency on every 64th use only: hot schemas stay recent, the hot path stays cheap.
    if ((++entry.hits & 63) === 0) cache.get(uri)
    const t = now()
    if (!fresh(entry.storedAt, t) && !(entry.retryAt !== undefined && t < entry.retryAt)) return undefined
    return check(key, entry.found, data)
  }

  async function validate(key: SchemaKey, data: unknown): Promise<ValidateResult> {
    const hot = validateCached(key, data)
    if (hot !== undefined) return hot
    const r = await resolve(key)
    if (!r.ok) return {ok: false, key, error: r.error}
    const uri = r.supersededBy === undefined ? schemaKeyToUri(key) : schemaKeyToUri({...key, version: r.supersededBy})
    return check(key, {schema: r.schema, repository: r.repository, supersededBy: r.supersededBy, usedUri: uri}, data)
  }

  async function resolveWithTrace(key: SchemaKey): Promise<{result: ResolveResult; trace: TraceStep[]}> {
    const trace: TraceStep[] = []
    const histories = new LookupHistories()
    const order = orderFor(key)
    // as resolve does: when the repositories fail (not merely miss), a schema fetched before answers
    const fallback = cacheRepo !== undefined && !order.includes(cacheRepo) ? [cacheRepo] : []
    for (const repo of [...order, ...fallback]) {
      if (repo === fallback[0] && histories.onlyNotFound()) break
      const started = performance.now()
      const r = await lookupIn(repo, key)
      const step: Omit<TraceStep, 'answer'> = {
        repository: repo.name, kind: repositoryKind(repo, extraSet, cacheRepo),
        ...(repo instanceof HttpRepository ? {location: repo.schemaUrl(key)} : repo instanceof LocalRepository ? {location: repo.dir} : repo === cacheRepo ? {location: disk?.dir} : {}),
        classPriority: repo.classPriority, priority: repo.priority,
        vendorPrefixMatch: repo.vendorPrefixes.some((p) => key.vendor.startsWith(p)), ms: Math.round((performance.now() - started) * 10) / 10,
      }
      if (r.ok) {
        trace.push({...step, answer: r.found.supersededBy === undefined ? {found: true} : {found: true, supersededBy: schemaVerToString(r.found.supersededBy)}})
        return {result: okResult(r.found), trace}
      }
      trace.push({...step, answer: {found: false, error: r.error}})
      // resolve's fallback to the cache leaves no history either
      if (repo !== fallback[0]) histories.record(repo.name, r.error, now())
    }
    return {result: {ok: false, error: histories.toError()}, trace}
  }

  async function listSchemas(vendor: string, name: string, model: number): Promise<ListSchemasResult> {
    const id = `${vendor}/${name}/${model}`
    const cached = lists.get(id)
    if (cached !== undefined && fresh(cached.storedAt, now())) return cached.result
    const histories = new LookupHistories()
    for (const repo of orderFor({vendor, name, format: 'jsonschema', version: {model, revision: 0, addition: 0}})) {
      if (repo.list === undefined) continue
      let r: Awaited<ReturnType<NonNullable<Repository['list']>>>
      try {
        r = await repo.list(vendor, name, model)
      } catch (e) {
        r = {ok: false, error: {error: 'ClientFailure', message: (e as Error).message}}
      }
      if (r.ok) {
        const result: ListResult = {ok: true, uris: r.uris, repository: repo.name}
        lists.set(id, {result, storedAt: now()})
        return result
      }
      histories.record(repo.name, r.error, now())
    }
    return {ok: false, error: histories.toError()}
  }

  async function latestSchemaKey(vendor: string, name: string, model: number): Promise<SchemaKey | undefined> {
    const r = await listSchemas(vendor, name, model)
    if (!r.ok || r.uris.length === 0) return undefined
    return tryParseSchemaKey(r.uris[r.uris.length - 1]!)
  }

  async function validateSelfDescribing(json: unknown): Promise<ValidateResult | SelfDescribingParseError> {
    const parseError = (code: SelfDescribingParseError['error']['code'], message: string): SelfDescribingParseError =>
      ({ok: false, error: {error: 'ParseError', code, message}})
    if (json === null || typeof json !== 'object' || Array.isArray(json) || typeof (json as {schema?: unknown}).schema !== 'string' || !('data' in json)) {
      return parseError('INVALID_DATA_PAYLOAD', 'Not self-describing data: expected {"schema": "iglu:vendor/name/format/M-R-A", "data": …}')
    }
    const uri = (json as unknown as {schema: string}).schema
    const key = tryParseSchemaKey(uri)
    if (key === undefined) {
      const m = /^iglu:[^/]+\/[^/]+\/[^/]+\/([^/]+)$/.exec(uri)
      return m ? parseError('INVALID_SCHEMAVER', `Cannot parse version part '${m[1]}' of ${uri} as SchemaVer`) : parseError('INVALID_IGLUURI', `Cannot parse ${JSON.stringify(uri)} as an Iglu URI`)
    }
    return validate(key, (json as {data: unknown}).data)
  }

  function invalidate(key?: SchemaKey): void {
    if (key === undefined) {
      cache.clear()
      lists.clear()
      validator.forget()
      return
    }
    const uri = schemaKeyToUri(key)
    const entry = cache.peek(uri)
    cache.delete(uri)
    lists.delete(`${key.vendor}/${key.name}/${key.version.model}`)
    validator.forget(uri)
    if (entry?.kind === 'ok' && entry.found.usedUri !== uri) validator.forget(entry.found.usedUri)
  }

  return {
    resolve, validate, invalidate, validateCached, resolveWithTrace, listSchemas, latestSchemaKey, validateSelfDescribing, orderFor,
    repositories: [...extra, ...usable], warnings, cacheDir: disk?.dir, validator, offline,
  }
}

/** iglu-scala-client's retry backoff for failures other than NotFound: min(60 s, 500 ms + 4^n ms). */
export function backoff(attempts: number): number {
  return Math.min(60_000, 500 + 4 ** attempts)
}

export {CLASS_PRIORITY}
