import {apiKeyError, responseError, timeoutError, unreachableError} from './errors.js'
import {guardedFetch, readTextCapped, ResponseTooLargeError, DEFAULT_MAX_RESPONSE_BYTES} from '../http-client/guarded-fetch.js'
import {parseRegistryUrl} from './registry-url.js'

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export interface RegistryAnswer {
  status: number
  /** parsed JSON when the body is JSON, else the text */
  body: unknown
  text: string
}

export interface RegistryClientOptions {
  /** server root, with or without /api (see parseRegistryUrl) */
  registry: string
  apiKey?: string
  fetch?: typeof fetch
  /** per request, including reading the answer (default 30 s) */
  timeoutMs?: number
  /** largest answer read (default 64 MiB) */
  maxResponseBytes?: number
}

export const DEFAULT_REGISTRY_TIMEOUT_MS = 30_000

export interface RegistryClient {
  readonly root: string
  /** set when the URL was adjusted (trailing /api) */
  readonly note?: string
  putSchema(path: string, schema: unknown, isPublic: boolean): Promise<RegistryAnswer>
  getSchema(path: string): Promise<RegistryAnswer>
  listSchemas(repr: 'uri' | 'canonical' | 'meta'): Promise<RegistryAnswer>
  keygen(vendorPrefix: string): Promise<RegistryAnswer>
  serverInfo(): Promise<RegistryAnswer>
}

/** Checks an API key's shape before it leaves the machine; never echoes it. */
export function checkApiKey(key: string | undefined): string | undefined {
  if (key === undefined || key.trim() === '') return undefined
  if (!UUID_RE.test(key.trim())) throw apiKeyError()
  return key.trim()
}

/** A small client of the Iglu Server API (any Iglu Server, or sp micro's registry). */
export function createRegistryClient(options: RegistryClientOptions): RegistryClient {
  const {root, note} = parseRegistryUrl(options.registry)
  const apiKey = checkApiKey(options.apiKey)
  const doFetch = options.fetch ?? fetch

  const request = async (method: string, path: string, body?: unknown): Promise<RegistryAnswer> => {
    const url = `${root}/api${path}`
    const headers: Record<string, string> = {accept: 'application/json'}
    if (apiKey) headers.apikey = apiKey
    if (body !== undefined) headers['content-type'] = 'application/json'
    const timeoutMs = options.timeoutMs ?? DEFAULT_REGISTRY_TIMEOUT_MS
    const signal = AbortSignal.timeout(timeoutMs)
    let res: Response
    let text: string
    try {
      // the key goes to the registry's origin only, never along a redirect to another one
      res = await guardedFetch(url, {method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal}, {secretHeaders: ['apikey'], fetch: doFetch})
      text = await readTextCapped(res, url, options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES)
    } catch (error) {
      if (signal.aborted) throw timeoutError(root, timeoutMs)
      if (error instanceof ResponseTooLargeError) throw responseError(`The registry at ${root} answered more than ${error.limit} bytes for ${method} /api${path.split('?')[0]}; refusing to read it.`)
      throw unreachableError(root, error)
    }
    let parsed: unknown = text
    try {
      parsed = text === '' ? undefined : JSON.parse(text)
    } catch {
      // not JSON: keep the text
    }
    return {status: res.status, body: parsed, text}
  }

  return {
    root,
    ...(note ? {note} : {}),
    putSchema: (path, schema, isPublic) => request('PUT', `/schemas/${path}?isPublic=${isPublic}`, schema),
    getSchema: (path) => request('GET', `/schemas/${path}?repr=canonical`),
    listSchemas: (repr) => request('GET', `/schemas?repr=${repr}`),
    keygen: (vendorPrefix) => request('POST', '/auth/keygen', {vendorPrefix}),
    serverInfo: () => request('GET', '/meta/server'),
  }
}

export function messageOf(answer: RegistryAnswer): string {
  const body = answer.body
  if (typeof body === 'object' && body !== null && typeof (body as {message?: unknown}).message === 'string') {
    return (body as {message: string}).message
  }
  return answer.text.trim() === '' ? `HTTP ${answer.status}` : answer.text.trim()
}

export function unexpected(answer: RegistryAnswer, what: string): Error {
  return responseError(`Unexpected status code ${answer.status} from ${what}. Response body: ${answer.text}.`, answer.body)
}
