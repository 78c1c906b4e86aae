/**
 * fetch for the CLI's and the resolver's requests that carry a secret (the Iglu `apikey`): redirects
 * are followed by hand so the secret never reaches another origin (fetch itself only drops
 * `Authorization`), and answers are read with a size cap so a hostile or broken server cannot
 * make us buffer hundreds of megabytes.
 */
export interface GuardedFetchOptions {
  /** header names (lower case) sent to the first URL's origin only */
  secretHeaders?: string[]
  /** default globalThis.fetch */
  fetch?: typeof fetch
  /** redirects followed at most (default 5) */
  maxRedirects?: number
}

export const DEFAULT_MAX_REDIRECTS = 5
/** Default cap on an answer's body: far above any schema list a registry serves. */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024

export class ResponseTooLargeError extends Error {
  constructor(
    readonly url: string,
    readonly limit: number,
  ) {
    super(`the answer from ${url} is larger than ${limit} bytes`)
    this.name = 'ResponseTooLargeError'
  }
}

export class TooManyRedirectsError extends Error {
  constructor(readonly url: string, limit: number) {
    super(`more than ${limit} redirects starting at ${url}`)
    this.name = 'TooManyRedirectsError'
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])

/** Like fetch(url, init) with `redirect: 'follow'`, except that secret headers stay with their origin. */
export async function guardedFetch(url: string, init: RequestInit = {}, options: GuardedFetchOptions = {}): Promise<Response> {
  const doFetch = options.fetch ?? globalThis.fetch
  const secrets = new Set((options.secretHeaders ?? []).map((h) => h.toLowerCase()))
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS
  const origin = new URL(url).origin
  let current = url
  let method = (init.method ?? 'GET').toUpperCase()
  let body = init.body
  let headers = plainHeaders(init.headers)
  for (let hop = 0; ; hop++) {
    const response = await doFetch(current, {...init, method, body, headers, redirect: 'manual'})
    const location = response.headers.get('location')
    if (!REDIRECTS.has(response.status) || location === null) return response
    if (hop >= maxRedirects) throw new TooManyRedirectsError(url, maxRedirects)
    await response.body?.cancel().catch(() => undefined)
    const next = new URL(location, current)
    // as browsers: 303 always, and 301/302 after a POST, become a GET without a body
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      method = method === 'HEAD' ? 'HEAD' : 'GET'
      body = undefined
      headers = Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'content-type'))
    }
    // once the chain has left the origin the secret is gone for good, even if it comes back
    if (next.origin !== origin) headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !secrets.has(name)))
    current = next.href
  }
}

function plainHeaders(headers: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {}
  new Headers(headers).forEach((value, name) => {
    out[name] = value
  })
  return out
}

/** The body as text, refusing (and cancelling) it beyond `maxBytes`. */
export async function readTextCapped(response: Response, url: string, maxBytes: number = DEFAULT_MAX_RESPONSE_BYTES): Promise<string> {
  const declared = Number(response.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined)
    throw new ResponseTooLargeError(url, maxBytes)
  }
  if (response.body === null) return ''
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const {done, value} = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined)
      throw new ResponseTooLargeError(url, maxBytes)
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}
