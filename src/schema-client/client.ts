import {apiKeyError, responseError, unreachableError} from './errors.js'
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
}

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
    let res: Response
    try {
      res = await doFetch(url, {method, headers, body: body === undefined ? undefined : JSON.stringify(body), redirect: 'follow'})
    } catch (error) {
      throw unreachableError(root, error)
    }
    const text = await res.text()
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
