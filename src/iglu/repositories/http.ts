import type {LookupError, Repository, RepositoryLookup, SchemaKey, SelfDescribingSchema} from '../types.js'
import {isSafeSchemaKey, isSafeVendor, NAME_PATTERN, schemaKeyToPath, tryParseSchemaKey} from '../schema-key.js'
import {selfDescribingProblem} from '../self-describing.js'
import {CLASS_PRIORITY} from './local.js'
import {guardedFetch, readTextCapped} from '../../http-client/guarded-fetch.js'

/** A schema (or a list of schema URIs) is kilobytes; a larger answer is a broken or hostile server. */
const MAX_SCHEMA_RESPONSE_BYTES = 16 * 1024 * 1024

export interface HttpRepositoryOptions {
  name: string
  /** Static repository root (`http://iglucentral.com`) or Iglu Server API (`https://host/api`). */
  uri: string
  apikey?: string | null
  priority?: number
  vendorPrefixes?: string[]
  fetch?: typeof fetch
  /** Per-attempt timeout (connect + read), ms. Default 5000. */
  timeoutMs?: number
  /** Extra attempts after a 5xx or network failure. Default 2. */
  retries?: number
  /** Backoff before retry n (1-based), ms. Default 100·2^(n-1), capped at 1000. */
  backoffMs?: (attempt: number) => number
  /** Called (once per repository) with advice found while talking to it, e.g. a missing /api. */
  onWarning?: (message: string) => void
}

type Answer = {kind: 'json'; json: unknown} | {kind: 'error'; error: LookupError}

const defaultBackoff = (n: number) => Math.min(1000, 100 * 2 ** (n - 1))
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref?.())

/** A static Iglu repository or Iglu Server API over HTTP (`apikey` header when configured). */
export class HttpRepository implements Repository {
  readonly name: string
  readonly uri: string
  readonly priority: number
  readonly vendorPrefixes: string[]
  readonly classPriority = CLASS_PRIORITY.http
  private readonly root: string
  private readonly apikey: string | null
  private readonly fetchFn: typeof fetch
  private readonly timeoutMs: number
  private readonly retries: number
  private readonly backoffMs: (attempt: number) => number
  private readonly onWarning: ((message: string) => void) | undefined
  private warnedApi = false

  constructor(options: HttpRepositoryOptions) {
    this.name = options.name
    this.uri = options.uri
    this.root = options.uri.replace(/\/+$/, '')
    this.apikey = options.apikey ?? null
    this.priority = options.priority ?? 0
    this.vendorPrefixes = options.vendorPrefixes ?? []
    this.fetchFn = options.fetch ?? globalThis.fetch
    this.timeoutMs = options.timeoutMs ?? 5000
    this.retries = options.retries ?? 2
    this.backoffMs = options.backoffMs ?? defaultBackoff
    this.onWarning = options.onWarning
  }

  /** The URL a schema is fetched from (`<uri>/schemas/<vendor>/<name>/<format>/<version>`). */
  schemaUrl(key: SchemaKey): string {
    return `${this.root}/schemas/${schemaKeyToPath(key)}`
  }

  async lookup(key: SchemaKey): Promise<RepositoryLookup> {
    if (!isSafeSchemaKey(key)) return {ok: false, error: {error: 'NotFound'}}
    const url = this.schemaUrl(key)
    const answer = await this.get(url)
    if (answer.kind === 'error') return {ok: false, error: answer.error}
    const problem = selfDescribingProblem(answer.json, key, `The response of ${url}`)
    if (problem !== undefined) return {ok: false, error: {error: 'ClientFailure', message: problem}}
    return {ok: true, schema: answer.json as SelfDescribingSchema}
  }

  /** Schema list `<uri>/schemas/<vendor>/<name>/jsonschema/<model>` (for "latest version" queries). */
  async list(vendor: string, name: string, model: number): Promise<{ok: true; uris: string[]} | {ok: false; error: LookupError}> {
    if (!isSafeVendor(vendor) || !NAME_PATTERN.test(name) || !Number.isSafeInteger(model) || model < 1) {
      return {ok: false, error: {error: 'NotFound'}}
    }
    const answer = await this.get(`${this.root}/schemas/${vendor}/${name}/jsonschema/${model}`)
    if (answer.kind === 'error') return {ok: false, error: answer.error}
    const problem = schemaListProblem(answer.json, vendor, name, model)
    if (problem !== undefined) return {ok: false, error: {error: 'ClientFailure', message: problem}}
    return {ok: true, uris: answer.json as string[]}
  }

  private checkIgluServerWithoutApi(body: string): void {
    if (this.warnedApi || this.onWarning === undefined || this.root.endsWith('/api') || !isIgluServerUnknownRoute(body)) return
    this.warnedApi = true
    this.onWarning(`Repository "${this.name}" (${this.uri}) answered like an Iglu Server ("The endpoint does not exist"): an Iglu Server resolver URI must end in /api (use ${this.root}/api); without it every lookup is "not found".`)
  }

  private async get(url: string): Promise<Answer> {
    let last: Answer | undefined
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (attempt > 0) await sleep(this.backoffMs(attempt))
      const {answer, retry} = await this.once(url)
      if (!retry) return answer
      last = answer
    }
    return last!
  }

  private async once(url: string): Promise<{answer: Answer; retry: boolean}> {
    const headers: Record<string, string> = {accept: 'application/json'}
    if (this.apikey) headers.apikey = this.apikey
    let response: Response
    try {
      // redirects are followed, but the apikey never goes to another origin
      response = await guardedFetch(url, {headers, signal: AbortSignal.timeout(this.timeoutMs)}, {secretHeaders: ['apikey'], fetch: this.fetchFn})
    } catch (e) {
      const err = e as Error & {cause?: {code?: string; message?: string}}
      const message = err.name === 'TimeoutError'
        ? `Timed out after ${this.timeoutMs} ms fetching ${url}`
        : `${err.message}${err.cause?.code ? ` (${err.cause.code})` : ''} fetching ${url}`
      return {answer: {kind: 'error', error: {error: 'ClientFailure', message}}, retry: true}
    }
    let body: string
    try {
      body = await readTextCapped(response, url, MAX_SCHEMA_RESPONSE_BYTES)
    } catch (e) {
      return {answer: {kind: 'error', error: {error: 'ClientFailure', message: `${(e as Error).message} reading ${url}`}}, retry: true}
    }
    const status = response.status
    if (status >= 200 && status < 300) {
      try {
        return {answer: {kind: 'json', json: JSON.parse(body)}, retry: false}
      } catch (e) {
        return {answer: {kind: 'error', error: {error: 'ClientFailure', message: `Could not decode server response. ${(e as Error).message}`}}, retry: false}
      }
    }
    if (status === 404) {
      this.checkIgluServerWithoutApi(body)
      return {answer: {kind: 'error', error: {error: 'NotFound'}}, retry: false}
    }
    if (status >= 500) {
      return {answer: {kind: 'error', error: {error: 'RepoFailure', message: `Unexpected server response: ${body.slice(0, 500)}`}}, retry: true}
    }
    return {answer: {kind: 'error', error: {error: 'ClientFailure', message: `Unexpected response code ${status}`}}, retry: false}
  }
}

/** Iglu Server's answer for an unknown route: the resolver URI is a server root without /api. */
function isIgluServerUnknownRoute(body: string): boolean {
  return body.includes('"The endpoint does not exist"')
}

/** iglu-scala-client's SchemaList checks: URIs of one vendor/name/model, unique, starting at M-0-0. */
function schemaListProblem(json: unknown, vendor: string, name: string, model: number): string | undefined {
  if (!Array.isArray(json) || !json.every((u) => typeof u === 'string')) return 'Could not decode server response. Expected an array of Iglu URIs'
  const keys = json.map((u) => tryParseSchemaKey(u as string))
  const bad = keys.findIndex((k) => k === undefined || k.vendor !== vendor || k.name !== name || k.version.model !== model)
  if (bad >= 0) return `Schema list contains ${JSON.stringify(json[bad])}, not a version of iglu:${vendor}/${name}/jsonschema/${model}-*-*`
  if (new Set(json).size !== json.length) return 'Schema list contains duplicate URIs'
  const first = keys[0]
  if (first !== undefined && (first.version.revision !== 0 || first.version.addition !== 0)) {
    return `Init schema ${json[0]} is not ${model}-0-0`
  }
  return undefined
}

/**
 * The most common Snowplow support question: an Iglu Server resolver URI without `/api` answers
 * 404 for everything. We cannot ask the server, but a URI with an API key that does not end in
 * `/api` is almost always this mistake.
 */
export function missingApiWarning(name: string, uri: string, apikey: string | null | undefined): string | undefined {
  let url: URL
  try {
    url = new URL(uri)
  } catch {
    return undefined
  }
  const p = url.pathname.replace(/\/+$/, '')
  if (p.endsWith('/api')) return undefined
  if (p.endsWith('/schemas')) {
    return `Repository "${name}" (${uri}) ends in /schemas: resolvers add /schemas/<vendor>/... themselves, so use ${uri.replace(/\/schemas\/*$/, '')}`
  }
  if (apikey) {
    return `Repository "${name}" (${uri}) has an apikey but its URI does not end in /api. An Iglu Server answers schema lookups under /api (use ${url.origin}${p}/api); without it every lookup is "not found".`
  }
  return undefined
}
