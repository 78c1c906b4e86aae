import type {FastifyReply, FastifyRequest} from 'fastify'

/**
 * Who may use `/micro/*` and `/api/*` from a browser (docs/security.md). Servers and tools (Node
 * fetch, curl, Cypress's cy.request, Playwright's request API) send no Origin, or their own
 * page's, and are never affected. A page on another site must not read events, wipe them or reach
 * the registry:
 * - CORS answers only loopback origins (any port), the server's own origin and `--cors-origin`;
 * - a browser's cross-site state change (`Sec-Fetch-Site: cross-site`, or an Origin not allowed)
 *   is refused: any method but GET/HEAD/OPTIONS, and GET /micro/reset;
 * - a body a browser sends cross-origin must be JSON (a form or text/plain needs no preflight);
 * - the Host header must name this server (loopback names, `--host`, `--allowed-host`, the hosts
 *   of `--cors-origin`), which stops DNS rebinding. Bound to every interface (`--host 0.0.0.0`),
 *   any Host is accepted unless `--allowed-host` names them.
 * The collector's own CORS (any origin, as Snowplow's) is not concerned: trackers post from anywhere.
 */
export interface OriginPolicyOptions {
  /** the --host value sp micro binds */
  bindHost?: string
  /** `--cors-origin`: extra origins (`https://app.example:8443`), or `*` for any */
  corsOrigins?: string[]
  /** `--allowed-host`: extra Host names (without port) */
  allowedHosts?: string[]
}

const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]', '::1']
const WILDCARD_BINDS = new Set(['0.0.0.0', '::', '[::]', ''])
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export type GuardRefusal = {status: number; message: string}

export class OriginPolicy {
  private readonly origins: Set<string>
  private readonly anyOrigin: boolean
  private readonly hosts: Set<string> | null

  constructor(options: OriginPolicyOptions = {}) {
    const corsOrigins = options.corsOrigins ?? []
    this.anyOrigin = corsOrigins.includes('*')
    this.origins = new Set(corsOrigins.filter((o) => o !== '*').map(normalizeOrigin))
    const bind = (options.bindHost ?? '127.0.0.1').toLowerCase()
    const extra = (options.allowedHosts ?? []).map((h) => h.toLowerCase())
    if (WILDCARD_BINDS.has(bind) && extra.length === 0) {
      this.hosts = null
    } else {
      // the bind address itself is a name of this server, the wildcard too (`sp micro --host 0.0.0.0
      // --tail` and the printed hints use it); no DNS name resolves to it, so rebinding cannot
      const hosts = [...LOOPBACK_HOSTS, ...extra, bind, bracketed(bind)]
      for (const origin of this.origins) {
        const host = hostOfOrigin(origin)
        if (host !== undefined) hosts.push(host)
      }
      this.hosts = new Set(hosts)
    }
  }

  /** May a page of `origin` read answers (CORS)? `host` is the request's Host header. */
  allowsOrigin(origin: string | undefined, host: string | undefined): boolean {
    if (origin === undefined || origin === '' || origin === 'null') return false
    if (this.anyOrigin) return true
    const normalized = normalizeOrigin(origin)
    if (this.origins.has(normalized)) return true
    const originHost = hostOfOrigin(normalized)
    if (originHost === undefined) return false
    if (LOOPBACK_HOSTS.includes(originHost)) return true
    // the server's own origin: a page it serves (the UI under /micro/ui)
    // (the Host header has no scheme: compare ports as the Origin's scheme reads them, so an HTTPS
    // page on :443 behind a TLS proxy is its own origin)
    return host !== undefined && hostOfOrigin(`http://${host.toLowerCase()}`) === originHost && portOf(normalized) === portOf(`${new URL(normalized).protocol}//${host}`)
  }

  /** Whether a Host header names this server. */
  allowsHost(host: string | undefined): boolean {
    if (this.hosts === null || host === undefined) return true
    const name = hostOfOrigin(`http://${host.toLowerCase()}`)
    return name !== undefined && this.hosts.has(name)
  }

  /** Why this request is refused, if it is. */
  check(request: FastifyRequest): GuardRefusal | undefined {
    const host = header(request, 'host')
    if (!this.allowsHost(host)) {
      return {status: 403, message: `Host ${JSON.stringify(host)} is not a name of this server (DNS rebinding?); start sp micro with --allowed-host to accept it`}
    }
    const origin = header(request, 'origin')
    const site = header(request, 'sec-fetch-site')
    const allowed = this.allowsOrigin(origin, host)
    const crossOrigin = (origin !== undefined && !allowed) || (site === 'cross-site' && !allowed)
    const changesState = !SAFE_METHODS.has(request.method) || pathOf(request.url) === '/micro/reset'
    if (crossOrigin && changesState) {
      return {status: 403, message: `Cross-site request refused: ${origin ?? 'a page on another site'} may not change this server's data; start sp micro with --cors-origin to allow an origin`}
    }
    // a browser sends a form or text/plain body cross-origin without asking first (no preflight)
    const browserCrossOrigin = site === 'cross-site' || site === 'same-site' || (origin !== undefined && site === undefined && !this.isSameOrigin(origin, host))
    if (browserCrossOrigin && !SAFE_METHODS.has(request.method) && hasBody(request) && !isJson(header(request, 'content-type'))) {
      return {status: 415, message: 'A request from a web page must send its body as application/json'}
    }
    return undefined
  }

  private isSameOrigin(origin: string, host: string | undefined): boolean {
    return host !== undefined && (normalizeOrigin(origin) === `http://${host.toLowerCase()}` || normalizeOrigin(origin) === `https://${host.toLowerCase()}`)
  }
}

/** The onRequest hook guarding `/micro/*` and `/api/*` (the collector's routes are left alone). */
export function originGuardHook(policy: OriginPolicy) {
  return (request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    const url = request.url
    if (!isGuardedPath(url)) return done()
    const refusal = policy.check(request)
    if (refusal === undefined) return done()
    reply.code(refusal.status).type('application/json; charset=utf-8').send(JSON.stringify({message: refusal.message}))
  }
}

export function isGuardedPath(url: string): boolean {
  const p = pathOf(url)
  return p === '/micro' || p.startsWith('/micro/') || p === '/api' || p.startsWith('/api/')
}

/**
 * The path as the router will match it: percent-decoded (`/%6Dicro/reset` is routed to
 * `/micro/reset`), without trailing slashes.
 */
function pathOf(url: string): string {
  const q = url.indexOf('?')
  const raw = q < 0 ? url : url.slice(0, q)
  let decoded = raw
  try {
    decoded = decodeURIComponent(raw)
  } catch {
    // not valid percent-encoding: the router will not decode it either
  }
  return decoded.length > 1 ? decoded.replace(/\/+$/, '') : decoded
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value[0] : value
}

function hasBody(request: FastifyRequest): boolean {
  return request.headers['content-length'] !== undefined && request.headers['content-length'] !== '0' || request.headers['transfer-encoding'] !== undefined
}

function isJson(contentType: string | undefined): boolean {
  if (contentType === undefined) return false
  const type = contentType.split(';')[0]!.trim().toLowerCase()
  return type === 'application/json' || type.endsWith('+json')
}

function normalizeOrigin(origin: string): string {
  try {
    const url = new URL(origin)
    return url.origin.toLowerCase()
  } catch {
    return origin.toLowerCase()
  }
}

function hostOfOrigin(origin: string): string | undefined {
  try {
    return new URL(origin).hostname.toLowerCase()
  } catch {
    return undefined
  }
}

function portOf(origin: string): string {
  try {
    const url = new URL(origin)
    return url.port || (url.protocol === 'https:' ? '443' : '80')
  } catch {
    return ''
  }
}

function bracketed(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
}
