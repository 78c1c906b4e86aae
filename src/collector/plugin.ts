import {randomUUID} from 'node:crypto'
import type {FastifyInstance, FastifyReply, FastifyRequest} from 'fastify'
import type {Store} from '../store/store.js'
import type {ProcessedEvent} from '../store/types.js'
import type {Pipeline} from '../pipeline/types.js'
import {COLLECTOR_PAYLOAD_SCHEMA, type CollectorPayload} from '../thrift/collector-payload.js'
import {encodeCollectorPayload} from '../thrift/codec.js'
import {isSpError} from '../errors/sp-error.js'
import {SP_VERSION} from '../version.js'
import type {CollectorConfig} from './config.js'
import {cookieDomain, findCookie, renderSetCookie} from './cookies.js'
import {clientIp, readRequestFacts, type RequestFacts} from './request-facts.js'
import {allowOrigin, CORS_ALLOW_HEADERS, CORS_MAX_AGE_SECONDS, PIXEL, PIXEL_CACHE_CONTROL, ROBOTS_TXT} from './responses.js'
import {oversizedPayloadEvent} from './oversized.js'
import {STORE_ERROR_CODES} from '../store/errors.js'

/** CollectorPayload.collector: `ssc-<version>-<sink>`, as the Scala Stream Collector names itself. */
export const COLLECTOR_NAME = `ssc-sp-${SP_VERSION}-stdout`

export const ANONYMOUS_NUID = '00000000-0000-0000-0000-000000000000'

export interface CollectorPluginOptions {
  store: Store
  config: CollectorConfig
  /** enrich; without one, payloads are stored with no events */
  pipeline?: Pipeline
  /** called for failures the client only sees as a 5xx */
  onError?: (message: string, error: unknown) => void
}

type Kind = 'pixel' | 'post' | 'redirect'

/**
 * The Snowplow collector's HTTP surface (Routes.scala): tracking routes, CORS preflight, health and
 * robots. Every tracking request becomes a Thrift CollectorPayload, is run through the pipeline and
 * committed before it is answered, so a 200 means "durable and queryable".
 */
export async function collectorPlugin(instance: FastifyInstance, options: CollectorPluginOptions): Promise<void> {
  const {store, config, pipeline} = options
  const onError = options.onError ?? (() => {})
  const dnt = config.doNotTrackCookie ? {name: config.doNotTrackCookie.name, value: new RegExp(`^(?:${config.doNotTrackCookie.value})$`)} : null
  const paths = new Map(Object.entries(config.paths))
  const routeOptions = {bodyLimit: config.dropPayloadSize}

  // Trackers send JSON, text, form bodies or none at all: keep every body as the text it is.
  instance.removeAllContentTypeParsers()
  instance.addContentTypeParser('*', {parseAs: 'string'}, (_request, body, done) => done(null, body))

  instance.setErrorHandler((error: Error & {statusCode?: number}, request, reply) => {
    const status = error.statusCode ?? 500
    if (status === 413) return reply.code(413).type('text/plain; charset=utf-8').send('Request entity too large')
    if (status < 500) return reply.code(status).type('text/plain; charset=utf-8').send(error.message)
    onError(`${request.method} ${request.url} failed: ${error.message}`, error)
    const unavailable = isSpError(error) && error.code === STORE_ERROR_CODES.writeFailed
    return reply.code(unavailable ? 503 : 500).type('text/plain; charset=utf-8').send(unavailable ? 'Service Unavailable' : 'Internal Server Error')
  })

  const track = async (request: FastifyRequest, reply: FastifyReply, kind: Kind, requestPath: string) => {
    const now = Date.now()
    const storedPath = paths.get(requestPath) ?? requestPath
    // a custom path mapped to /r/... redirects, whatever the method (Service.cookie: path starts with /r/)
    const effectiveKind: Kind = storedPath.startsWith('/r/') ? 'redirect' : kind
    const raw = request.raw
    const url = raw.url ?? '/'
    const q = url.indexOf('?')
    const querystring = q < 0 ? '' : url.slice(q + 1)
    const facts = readRequestFacts(raw.rawHeaders)
    const query = request.query as Record<string, string | string[] | undefined>
    const requestCookie = findCookie(facts.cookie, config.cookie.name)
    // an empty cookie value is no id
    const nuid = facts.anonymous ? ANONYMOUS_NUID : (first(query.nuid) ?? (requestCookie || undefined) ?? randomUUID())
    const dntValue = dnt === null ? undefined : findCookie(facts.cookie, dnt.name)
    const doNotTrack = dnt !== null && dntValue !== undefined && dnt.value.test(dntValue)

    if (!doNotTrack) {
      const payload = buildPayload(facts, now, clientIp(facts, raw.socket.remoteAddress), storedPath, querystring, nuid, request.method === 'POST' ? ((request.body as string | undefined) ?? '') : undefined)
      await ingest(payload, now)
    }

    reply.header('access-control-allow-origin', allowOrigin(facts.origin))
    reply.header('access-control-allow-credentials', 'true')
    const setCookie = doNotTrack ? undefined : cookieHeader(facts, nuid, requestCookie, now)
    if (setCookie) reply.header('set-cookie', setCookie)

    if (effectiveKind === 'redirect') return redirect(reply, first(query.u))
    if (effectiveKind === 'pixel') {
      return reply.header('cache-control', PIXEL_CACHE_CONTROL).type('image/gif').send(PIXEL)
    }
    return reply.type('text/plain; charset=utf-8').send('ok')
  }

  async function ingest(payload: CollectorPayload, now: number): Promise<void> {
    const thrift = encodeCollectorPayload(payload)
    let events: ProcessedEvent[] = []
    if (thrift.length > config.maxPayloadSize) {
      events = [oversizedPayloadEvent(payload, thrift.length, config.maxPayloadSize, now)]
    } else if (pipeline) {
      try {
        events = await pipeline.process(thrift, payload)
      } catch (error) {
        // the pipeline reports bad input as bad events; a throw is our bug: keep the raw payload anyway
        onError(`enrich failed on a payload for ${payload.path}; stored it without events: ${(error as Error).message}`, error)
      }
    }
    await store.commit({receivedAt: now, ipAddress: payload.ipAddress, path: payload.path ?? '', thrift}, events)
  }

  function cookieHeader(facts: RequestFacts, nuid: string, requestCookie: string | undefined, now: number): string | undefined {
    const cookie = config.cookie
    if (!cookie.enabled) return undefined
    const domain = cookieDomain(cookie, facts.origin)
    if (facts.anonymous) {
      // only to expire a cookie the client still holds
      return requestCookie === undefined ? undefined : renderSetCookie(cookie, '', new Date(0), domain)
    }
    return renderSetCookie(cookie, nuid, new Date(now + cookie.expiration), domain)
  }

  function redirect(reply: FastifyReply, target: string | undefined) {
    let host: string | undefined
    try {
      host = target === undefined ? undefined : new URL(target).hostname
    } catch {
      host = undefined
    }
    const allowed = host !== undefined && (config.redirects.domains.length === 0 || config.redirects.domains.includes(host))
    if (!allowed || target === undefined) return reply.code(400).send()
    // the parsed form is plain ASCII: the raw text may hold characters Node refuses in a header
    return reply.code(302).header('location', /^[\x21-\x7e]*$/.test(target) ? target : new URL(target).href).send()
  }

  const pathOf = (request: FastifyRequest) => {
    const url = request.raw.url ?? '/'
    const q = url.indexOf('?')
    return q < 0 ? url : url.slice(0, q)
  }

  // GET also answers HEAD (fastify's exposeHeadRoutes), which the collector treats the same way
  for (const route of ['/i', '/ice.png', '/:vendor/:version']) {
    instance.get(route, routeOptions, (request, reply) => track(request, reply, 'pixel', pathOf(request)))
  }
  instance.post('/:vendor/:version', routeOptions, (request, reply) => track(request, reply, 'post', pathOf(request)))
  // two-segment sources are already served by /:vendor/:version (which applies the mapping)
  const reserved = new Set(['/i', '/ice.png', '/health', '/sink-health', '/robots.txt'])
  for (const from of paths.keys()) {
    if (reserved.has(from) || from.startsWith('/r/') || /^\/[^/]+\/[^/]+$/.test(from)) continue
    instance.get(from, routeOptions, (request, reply) => track(request, reply, 'pixel', pathOf(request)))
    instance.post(from, routeOptions, (request, reply) => track(request, reply, 'post', pathOf(request)))
  }

  instance.all('/r/*', routeOptions, (request, reply) => {
    if (!config.redirects.enabled || !['GET', 'HEAD', 'POST'].includes(request.method)) {
      return reply.code(404).type('text/plain; charset=utf-8').send('redirects disabled')
    }
    return track(request, reply, 'redirect', pathOf(request))
  })

  instance.options('/*', (request, reply) => {
    reply.header('access-control-allow-origin', allowOrigin(request.headers.origin))
    reply.header('access-control-allow-credentials', 'true')
    reply.header('access-control-allow-headers', CORS_ALLOW_HEADERS)
    reply.header('access-control-max-age', String(CORS_MAX_AGE_SECONDS))
    return reply.code(200).send()
  })

  instance.get('/health', (_request, reply) => reply.type('text/plain; charset=utf-8').send('ok'))
  instance.get('/sink-health', (_request, reply) => reply.type('text/plain; charset=utf-8').send('ok'))
  instance.get('/robots.txt', (_request, reply) => reply.type('text/plain; charset=utf-8').send(ROBOTS_TXT))
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

function buildPayload(
  facts: RequestFacts,
  now: number,
  ipAddress: string,
  path: string,
  querystring: string,
  networkUserId: string,
  body: string | undefined,
): CollectorPayload {
  const payload: CollectorPayload = {
    schema: COLLECTOR_PAYLOAD_SCHEMA,
    ipAddress,
    timestamp: now,
    encoding: 'UTF-8',
    collector: COLLECTOR_NAME,
    path,
    querystring,
    headers: facts.headers,
    networkUserId,
  }
  if (facts.userAgent !== undefined) payload.userAgent = facts.userAgent
  if (facts.referer !== undefined) payload.refererUri = facts.referer
  if (body !== undefined) {
    payload.body = body
    if (facts.contentType !== undefined) payload.contentType = facts.contentType.toLowerCase()
  }
  if (facts.hostname !== undefined) payload.hostname = facts.hostname
  return payload
}
