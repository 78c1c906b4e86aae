import type {FastifyInstance, FastifyReply, FastifyRequest} from 'fastify'
import type {Store} from '../../store/index.js'
import type {IgluClient, SchemaKey} from '../../iglu/types.js'
import {REGISTRY_REPOSITORY_NAME} from '../../registry/repository.js'
import {apiKeyHeader} from '../../registry/access.js'
import {badEventChunks, goodEventChunks, microSummary, readStatusCounts} from '../../store/queries/index.js'
import {parseFilter, restrictStatuses, type FilterInput} from '../filter-params.js'
import {jsonObjectBody, sendBodyError, sendJsonError} from '../request-body.js'
import {jsonArrayBody} from '../json-stream.js'
import {invalidField} from '../errors.js'

/** Micro's 404 text, with sp's own routes (wait, stream, event lookup) after Micro's list. */
export const SUPPORTED_ENDPOINTS =
  'Supported endpoints: /micro/all, /micro/good, /micro/bad, /micro/events, /micro/reset, /micro/columns, /micro/columnStats, /micro/timeline, /micro/iglu, /micro/ui, /micro/wait, /micro/stream, /micro/event/{event_id}'

export const SCHEMA_LOOKUP_FORMAT =
  'Schema lookup should be in format iglu/{vendor}/{schemaName}/jsonschema/{model}-{revision}-{addition}'

// iglu-core's SchemaVer.parseFull
const SCHEMA_VER = /^([1-9][0-9]*|0)-([0-9]+)-([0-9]+)$/

export interface MicroRoutesContext {
  store: Store
  iglu?: IgluClient
  legacyReset: boolean
  /** the registry's read rule for /micro/iglu (private schemas need an `apikey` that can read them) */
  schemaAccess?: (apikey: string | undefined, key: SchemaKey) => boolean
  /** called once /micro/reset emptied the store */
  onReset(): void
}

/** Query parameters (our extension) merged under a POST body (Micro's filters). */
function filterInput(request: FastifyRequest): {input: FilterInput; fromBody: boolean} {
  const query = (request.query ?? {}) as FilterInput
  if (request.method !== 'POST') return {input: query, fromBody: false}
  return {input: {...query, ...jsonObjectBody(request.body)}, fromBody: true}
}

function sendListError(reply: FastifyReply, error: unknown, fromBody: boolean): FastifyReply {
  return fromBody ? sendBodyError(reply, error) : sendJsonError(reply, error)
}

export function registerMicroRoutes(fastify: FastifyInstance, ctx: MicroRoutesContext): void {
  const {store} = ctx

  const all = async (_request: FastifyRequest, reply: FastifyReply) =>
    reply.type('application/json').send(JSON.stringify(microSummary(readStatusCounts(store.db))))
  fastify.get('/micro/all', all)
  fastify.post('/micro/all', all)

  const good = async (request: FastifyRequest, reply: FastifyReply) => {
    let fromBody = request.method === 'POST'
    try {
      const parsed = filterInput(request)
      fromBody = parsed.fromBody
      // /micro/good never shows incomplete events (Micro: they appear in /micro/events only)
      const {filter, limit} = parseFilter(parsed.input, !parsed.fromBody)
      const body = jsonArrayBody(goodEventChunks(store.db, {filter: restrictStatuses(filter, ['good']), limit}))
      return reply.type('application/json').send(body)
    } catch (error) {
      return sendListError(reply, error, fromBody)
    }
  }
  fastify.get('/micro/good', good)
  fastify.post('/micro/good', good)

  const bad = async (request: FastifyRequest, reply: FastifyReply) => {
    let fromBody = request.method === 'POST'
    try {
      const parsed = filterInput(request)
      fromBody = parsed.fromBody
      const {filter, limit} = parseFilter(parsed.input, !parsed.fromBody)
      // Micro's FiltersBad: the payload's api vendor and version
      const api = parsed.input as {vendor?: unknown; version?: unknown}
      if (api.vendor !== undefined && api.vendor !== null) {
        if (typeof api.vendor !== 'string') throw invalidField('vendor', 'a string', api.vendor)
        filter.apiVendor = api.vendor
      }
      if (api.version !== undefined && api.version !== null) {
        if (typeof api.version !== 'string') throw invalidField('version', 'a string', api.version)
        filter.apiVersion = api.version
      }
      const body = jsonArrayBody(badEventChunks(store.db, {filter: restrictStatuses(filter, ['bad', 'incomplete']), limit}))
      return reply.type('application/json').send(body)
    } catch (error) {
      return sendListError(reply, error, fromBody)
    }
  }
  fastify.get('/micro/bad', bad)
  fastify.post('/micro/bad', bad)

  const reset = async (_request: FastifyRequest, reply: FastifyReply) => {
    // in chunks: a reset of half a million events must not stop the collector for seconds
    await store.resetInSteps()
    ctx.onReset()
    if (ctx.legacyReset) return reply.type('application/json').send('{"total":0,"good":0,"bad":0}')
    return reply.type('text/plain; charset=utf-8').send('Reset completed')
  }
  fastify.get('/micro/reset', reset)
  fastify.post('/micro/reset', reset)

  fastify.get('/micro/iglu/:vendor/:name/jsonschema/:version', async (request, reply) => {
    const {vendor, name, version} = request.params as {vendor: string; name: string; version: string}
    const ver = SCHEMA_VER.exec(version)
    if (ver === null) return reply.code(404).type('text/plain; charset=utf-8').send(SCHEMA_LOOKUP_FORMAT)
    if (ctx.iglu === undefined) return reply.code(404).type('text/plain; charset=utf-8').send('No Iglu resolver is configured')
    const key = {vendor, name, format: 'jsonschema', version: {model: Number(ver[1]), revision: Number(ver[2]), addition: Number(ver[3])}}
    if (ctx.schemaAccess?.(apiKeyHeader(request.headers.apikey), key) === false) {
      // as /api answers: a private schema the caller cannot read is not there
      const notFound = {errors: [{error: 'NotFound'}], attempts: 1, lastAttempt: new Date().toISOString()}
      return reply.code(404).type('application/json').send(JSON.stringify({value: {[REGISTRY_REPOSITORY_NAME]: notFound}}))
    }
    const result = await ctx.iglu.resolve(key)
    if (result.ok) return reply.type('application/json').send(JSON.stringify(result.schema))
    // iglu-scala-client's ResolutionError encoder: {"value": {repository: LookupHistory}}
    const value: Record<string, unknown> = {}
    for (const h of result.error.lookupHistory) value[h.repository] = {errors: h.errors, attempts: h.attempts, lastAttempt: h.lastAttempt}
    return reply.code(404).type('application/json').send(JSON.stringify({value}))
  })

  fastify.get('/micro/auth-config', async (_request, reply) =>
    reply.type('application/json').send('{"domain":"","audience":"","clientId":"","enabled":false}'),
  )
}
