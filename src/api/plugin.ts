import type {FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest, HTTPMethods} from 'fastify'
import type {IgluClient, SchemaKey} from '../iglu/types.js'
import type {Store} from '../store/index.js'
import {corsHook, preflightHeaders} from './cors.js'
import {OriginPolicy} from './origin-guard.js'
import {compressPayload} from './compression.js'
import {LiveStream, DEFAULT_PING_MS} from './live-stream.js'
import {registerMicroRoutes, SUPPORTED_ENDPOINTS} from './routes/micro-compat.js'
import {registerExplorerRoutes} from './routes/explorer.js'
import {registerBeyondMicroRoutes} from './routes/beyond-micro.js'
import {registerUiRoutes} from './routes/ui.js'
import {ResetNotifier} from './wait.js'
import {WorkSlicer} from './work-slicer.js'
import {apiErrorHandler} from './error-handler.js'

export interface MicroApiOptions {
  store: Store
  /** false = Micro's `--no-storage`: every /micro/* answers an empty 404 (default true) */
  storage?: boolean
  /** answer /micro/reset with Micro ≤3.x's `{"total":0,"good":0,"bad":0}` instead of `Reset completed` */
  legacyReset?: boolean
  /** resolves /micro/iglu/...; the same client the pipeline validates with */
  iglu?: IgluClient
  /** the registry's read rule for private schemas under /micro/iglu */
  schemaAccess?: (apikey: string | undefined, key: SchemaKey) => boolean
  /** which browser origins may use the API (CORS); default: loopback pages and the server's own */
  origins?: OriginPolicy
  /** live-stream keep-alive comment interval (default 15 s) */
  pingIntervalMs?: number
  /** request body limit for the API's POST routes (default 10 MiB) */
  bodyLimit?: number
  /** `--schemas` folders, listed by /micro/schemas (the web UI's Schemas view) */
  schemaDirs?: string[]
}

const OTHER_METHODS: HTTPMethods[] = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']

function registerNoStorage(fastify: FastifyInstance): void {
  const notFound = async (_request: FastifyRequest, reply: FastifyReply) => reply.code(404).send()
  for (const url of ['/micro', '/micro/*']) fastify.route({method: [...OTHER_METHODS, 'OPTIONS'], url, handler: notFound})
}

/**
 * The Snowplow Micro REST API (`/micro/*`) over the SQLite store, plus what Micro lacks: CORS,
 * `/micro/wait`, `/micro/stream` (Server-Sent Events), `/micro/event/{id}`, friendlier filters and
 * gzip. Encapsulated: its body parsing, CORS and compression apply to `/micro/*` only.
 */
export const microApiPlugin: FastifyPluginAsync<MicroApiOptions> = async (fastify, options) => {
  if (options.storage === false) {
    registerNoStorage(fastify)
    return
  }
  const {store} = options
  // long reads run in steps between requests, so none can stop the collector (src/api/limits.ts)
  const slicer = new WorkSlicer()
  const live = new LiveStream(store, options.pingIntervalMs ?? DEFAULT_PING_MS, slicer)
  fastify.setErrorHandler(apiErrorHandler)

  // Micro decodes bodies whatever their Content-Type; the routes parse JSON themselves so that
  // errors name the field at fault
  fastify.removeAllContentTypeParsers()
  fastify.addContentTypeParser('*', {parseAs: 'string', bodyLimit: options.bodyLimit ?? 10 * 1024 * 1024}, (_request, body, done) =>
    done(null, body),
  )
  const origins = options.origins ?? new OriginPolicy()
  fastify.addHook('onRequest', corsHook(origins))
  fastify.addHook('onSend', compressPayload)
  const closing = new AbortController()
  fastify.addHook('preClose', async () => {
    closing.abort()
    live.closeAll()
  })

  const preflight = async (request: FastifyRequest, reply: FastifyReply) => reply.code(204).headers(preflightHeaders(request, origins)).send()
  fastify.options('/micro', preflight)
  fastify.options('/micro/*', preflight)

  const resets = new ResetNotifier()
  registerMicroRoutes(fastify, {store, iglu: options.iglu, schemaAccess: options.schemaAccess, legacyReset: options.legacyReset === true, onReset: () => resets.notify()})
  registerExplorerRoutes(fastify, store, slicer)
  registerBeyondMicroRoutes(fastify, store, live, closing.signal, resets, slicer)
  registerUiRoutes(fastify, {store, schemaDirs: options.schemaDirs, schemaAccess: options.schemaAccess})

  const unsupported = async (_request: FastifyRequest, reply: FastifyReply) =>
    reply.code(404).type('text/plain; charset=utf-8').send(SUPPORTED_ENDPOINTS)
  for (const url of ['/micro', '/micro/*']) fastify.route({method: OTHER_METHODS, url, handler: unsupported})
}
