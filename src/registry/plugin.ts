import type {FastifyInstance, FastifyReply, FastifyRequest} from 'fastify'
import type {Database} from 'better-sqlite3'
import type {DataReport, SchemaIssue, SchemaKey, SchemaVer, SelfDescribingSchema} from '../iglu/types.js'
import {parseSelfDescribingSchema} from '../lint/files.js'
import {compareSchemaVer, isSafeSchemaKey, isValidSchemaVer, parseSchemaVer, schemaKeyToUri, schemaVerToString} from '../iglu/schema-key.js'
import {SELF_DESCRIBING_URI} from '../lint/linters.js'
import {ApiKeyStore} from './key-store.js'
import {OriginPolicy} from '../api/origin-guard.js'
import {apiKeyHeader, permissionOf, UUID_RE} from './access.js'
import {MAX_JSON_DEPTH, MAX_PAYLOAD_SIZE, parseJsonBody} from './json-body.js'
import {
  NOOP, SUPER, authInfo, canCreatePermission, canCreateSchema, canRead, parseVendorScope, vendorScopeToString, type Permission,
} from './permission.js'
import {publishConflict} from './publish.js'
import {parseRepr, render, schemaUri, type Repr} from './repr.js'
import {schemaReport, type ReportMessage} from './schema-report.js'
import {SchemaStore, type StoredSchema} from './schema-store.js'

/** What the registry needs from src/iglu's validator. */
export interface RegistryValidator {
  /** draft-04 meta-schema check of a schema body */
  checkSchema(schema: Record<string, unknown>): SchemaIssue[]
  /** validate `data` against `schema` (a self-describing schema), in Snowplow's wording */
  validateData(key: SchemaKey, schema: SelfDescribingSchema, data: unknown): DataReport[]
}

export interface RegistryPluginOptions {
  /** the sp micro database (migration 2 creates the registry tables) */
  db: Database
  /** the super key (`--api-key` / SP_IGLU_SUPER_API_KEY): every vendor, schemas and keys */
  superApiKey: string
  /** allow overwriting an existing version (Iglu Server's `patchesAllowed`), and DELETE */
  patchesAllowed?: boolean
  validator: RegistryValidator
  /** called after a schema is created, patched or deleted: the resolver drops its cached answer */
  onSchemaChange?: (key: SchemaKey) => void
  maxPayloadSize?: number
  maxJsonDepth?: number
  /** browser origins whose pages may read answers (CORS); default: loopback pages and the server's own */
  origins?: OriginPolicy
  /** reported by `/api/meta/server` */
  version?: string
}

const MESSAGES = {
  endpointNotFound: 'The endpoint does not exist',
  schemaNotFound: 'The schema is not found',
  notAuthorized: 'Authentication error: not authorized',
  mismatch: 'Mismatch: the schema metadata does not match the payload and URI',
  decodeError: 'Cannot decode JSON schema',
  schemaInvalid: 'The schema does not conform to a JSON Schema v4 specification',
  dataInvalid: 'The data for a field instance is invalid against its schema',
  bodyInvalid: 'The request body was invalid.',
  tooLarge: 'The payload is too large',
  invalidUuid: 'Invalid UUID for ApiKey',
} as const

function invalidKeyMessage(key: SchemaKey): string {
  const shown = `${key.vendor}/${key.name}/${key.format}`
  return `Invalid schema key ${JSON.stringify(shown)}: vendor must match [a-zA-Z0-9-_.]+ and not be only dots, name and format [a-zA-Z0-9-_]+, INVALID_IGLUURI`
}

function parseVersion(s: string): SchemaVer | undefined {
  return isValidSchemaVer(s) ? parseSchemaVer(s) : undefined
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** The body as stored: without self, $schema and the supersession keys. */
function splitBody(schema: Record<string, unknown>): {body: Record<string, unknown>; supersedes: unknown} {
  const {self: _self, $schema: _s, $supersedes, $supersededBy: _by, ...body} = schema
  return {body, supersedes: $supersedes}
}

function parseSupersedes(value: unknown): SchemaVer[] | undefined {
  if (value === undefined) return []
  if (!Array.isArray(value)) return undefined
  const out: SchemaVer[] = []
  for (const v of value) {
    const parsed = typeof v === 'string' ? parseVersion(v) : undefined
    if (!parsed) return undefined
    out.push(parsed)
  }
  return out
}

/**
 * The Iglu Server API (0.14) inside sp micro, under `/api`: schemas, keys, validation and meta, with
 * Iglu Server's status codes, bodies and permission model, over the sp micro SQLite database.
 */
export async function registryPlugin(app: FastifyInstance, options: RegistryPluginOptions): Promise<void> {
  await app.register(async (api) => routes(api, options), {prefix: '/api'})
}

async function routes(api: FastifyInstance, options: RegistryPluginOptions): Promise<void> {
  const schemas = new SchemaStore(options.db)
  const keys = new ApiKeyStore(options.db)
  const patchesAllowed = options.patchesAllowed ?? false
  const superKey = options.superApiKey.toLowerCase()
  const permissions = new WeakMap<FastifyRequest, Permission>()
  const metaCheck = (body: Record<string, unknown>): SchemaIssue[] => options.validator.checkSchema(body)
  // A version's `$supersedes` changes what the versions it names serve (`$supersededBy`): a write
  // or delete is a change to every version of the schema, so resolver caches drop them all.
  const changed = (key: SchemaKey): void => {
    const notify = options.onSchemaChange
    if (notify === undefined) return
    notify(key)
    for (const other of schemas.byName(key.vendor, key.name)) {
      if (other.key.format === key.format && compareSchemaVer(other.key.version, key.version) !== 0) notify(other.key)
    }
  }
  const permissionOfRequest = (req: FastifyRequest): Permission => permissions.get(req) ?? NOOP

  // Our own parser for every content type: igluctl and curl differ, and the depth limit needs the text.
  api.removeAllContentTypeParsers()
  api.addContentTypeParser('*', {parseAs: 'string', bodyLimit: options.maxPayloadSize ?? MAX_PAYLOAD_SIZE}, (_req, text, done) => {
    const parsed = parseJsonBody(text as string, options.maxJsonDepth ?? MAX_JSON_DEPTH)
    if (parsed.ok) done(null, parsed.value)
    else done(Object.assign(new Error(parsed.message), {statusCode: parsed.status, igluMessage: parsed.message}), undefined)
  })

  api.setErrorHandler((error: Error & {statusCode?: number; code?: string; igluMessage?: string}, _req, reply) => {
    if (error.statusCode === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({message: MESSAGES.tooLarge})
    }
    if (error.igluMessage) return reply.code(error.statusCode ?? 400).send({message: error.igluMessage})
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500
    // our own failures (SQLite's text among them) say nothing useful to a client
    return reply.code(status).send({message: status >= 500 ? 'Internal Server Error' : error.message})
  })
  api.setNotFoundHandler((_req, reply) => reply.code(404).send({message: MESSAGES.endpointNotFound}))

  // CORS as Iglu Server (the `apikey` header), but for the allowed origins only: Iglu Server
  // answers any origin, which would let any web page the developer opens use the local registry
  const origins = options.origins ?? new OriginPolicy()
  api.addHook('onRequest', async (req, reply) => {
    reply.header('vary', 'Origin')
    if (req.headers.origin === undefined) reply.header('access-control-allow-origin', '*')
    else if (origins.allowsOrigin(req.headers.origin, req.headers.host)) {
      reply.header('access-control-allow-origin', req.headers.origin)
      reply.header('access-control-allow-credentials', 'true')
    }
    if (req.method === 'OPTIONS') return
    const permission = permissionOf(keys, superKey, apiKeyHeader(req.headers['apikey']))
    if (permission === 'invalid') return reply.code(400).send({message: MESSAGES.invalidUuid})
    permissions.set(req, permission)
  })
  api.options('/*', async (_req, reply) =>
    reply
      .header('access-control-allow-methods', 'GET, POST, PUT, OPTIONS, DELETE')
      .header('access-control-allow-headers', 'content-type, apikey')
      .header('access-control-max-age', '86400')
      .code(200)
      .send(),
  )

  // Every other /api path is the registry's 404, whatever its length: a two-segment one would
  // otherwise reach the collector's /{vendor}/{version} and be stored with its headers (apikey).
  const endpointNotFound = async (_req: FastifyRequest, reply: FastifyReply) => reply.code(404).send({message: MESSAGES.endpointNotFound})
  for (const url of ['/', '/*']) api.route({method: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'], url, handler: endpointNotFound})

  // ---- meta
  api.get('/meta/health', async (_req, reply) => reply.type('text/plain; charset=UTF-8').send('OK'))
  api.get('/meta/health/db', async (_req, reply) => {
    options.db.prepare('SELECT 1').get()
    return reply.type('text/plain; charset=UTF-8').send('OK')
  })
  api.get('/meta/server', async (req) => ({
    version: options.version ?? '0.14.0',
    authInfo: authInfo(permissionOfRequest(req)),
    database: 'sqlite',
    schemaCount: schemas.count(),
    debug: false,
    patchesAllowed,
  }))

  // ---- schemas: reads
  const readable = (p: Permission) => (s: StoredSchema): boolean => s.isPublic || canRead(p, s.key.vendor)

  /** Renders a list; supersession computed once per vendor/name group. */
  const renderList = (list: StoredSchema[], repr: Repr): unknown[] => {
    if (repr === 'uri') return list.map(schemaUri)
    const groups = new Map<string, StoredSchema[]>()
    for (const s of list) {
      const id = `${s.key.vendor}/${s.key.name}`
      if (!groups.has(id)) groups.set(id, schemas.byName(s.key.vendor, s.key.name))
    }
    return list.map((s) => render(s, repr, schemas.supersededBy(s.key, groups.get(`${s.key.vendor}/${s.key.name}`))))
  }

  const listReply = (req: FastifyRequest, reply: FastifyReply, list: StoredSchema[], emptyIs404: boolean) => {
    const repr = parseRepr((req.query as Record<string, unknown>).repr, 'uri')
    if (!repr) return reply.code(400).send({message: `Unknown repr: ${String((req.query as Record<string, unknown>).repr)}`})
    const visible = list.filter(readable(permissionOfRequest(req)))
    if (emptyIs404 && visible.length === 0) return reply.code(404).send({message: 'No schemas available'})
    return reply.send(renderList(visible, repr))
  }

  api.get('/schemas', async (req, reply) => listReply(req, reply, schemas.list(), false))
  api.get<{Params: {vendor: string}}>('/schemas/:vendor', async (req, reply) =>
    listReply(req, reply, schemas.byVendor(req.params.vendor), true),
  )
  api.get<{Params: {vendor: string; name: string}}>('/schemas/:vendor/:name', async (req, reply) =>
    listReply(req, reply, schemas.byName(req.params.vendor, req.params.name), true),
  )
  api.get<{Params: {vendor: string; name: string; format: string; version: string}}>(
    '/schemas/:vendor/:name/:format/:version',
    async (req, reply) => {
      const {vendor, name, format, version} = req.params
      if (format === 'jsonschema' && /^[0-9]+$/.test(version)) {
        return listReply(req, reply, schemas.byModel(vendor, name, Number(version)), true)
      }
      const ver = parseVersion(version)
      if (!ver) return reply.code(400).send({message: `Cannot parse version part '${version}' as SchemaVer, INVALID_SCHEMAVER`})
      const repr = parseRepr((req.query as Record<string, unknown>).repr, 'canonical')
      if (!repr) return reply.code(400).send({message: `Unknown repr: ${String((req.query as Record<string, unknown>).repr)}`})
      const key = {vendor, name, format, version: ver}
      const found = schemas.get(key)
      if (!found || !readable(permissionOfRequest(req))(found)) return reply.code(404).send({message: MESSAGES.schemaNotFound})
      return reply.send(render(found, repr, repr === 'uri' ? undefined : schemas.supersededBy(key)))
    },
  )

  // ---- schemas: writes
  const addSchema = (req: FastifyRequest, reply: FastifyReply, key: SchemaKey, full: Record<string, unknown>) => {
    const permission = permissionOfRequest(req)
    // vendors `.`/`..` and segments outside Iglu's grammar would become paths in a pull
    if (!isSafeSchemaKey(key)) return reply.code(400).send({message: invalidKeyMessage(key)})
    if (!canCreateSchema(permission, key.vendor)) return reply.code(403).send({message: MESSAGES.notAuthorized})
    const report = schemaReport(full, metaCheck)
    if (report.some((m) => m.level === 'ERROR')) return reply.code(400).send({message: MESSAGES.schemaInvalid, report})
    const {body, supersedes: rawSupersedes} = splitBody(full)
    const supersedes = parseSupersedes(rawSupersedes)
    if (!supersedes) return reply.code(400).send({message: MESSAGES.decodeError})
    const isPublic = String((req.query as Record<string, unknown>).isPublic).toLowerCase() === 'true'
    const conflict = publishConflict(key.version, isPublic, schemas.byName(key.vendor, key.name), patchesAllowed, supersedes)
    if (conflict) return reply.code(409).send({message: conflict})
    const updated = schemas.save(key, body, rawSupersedes === undefined ? null : supersedes.map(schemaVerToString), isPublic)
    changed(key)
    return reply.code(updated ? 200 : 201).send({
      message: updated ? 'Schema updated' : 'Schema created',
      updated,
      location: schemaKeyToUri(key),
      status: updated ? 200 : 201,
    })
  }

  api.put<{Params: {vendor: string; name: string; format: string; version: string}}>(
    '/schemas/:vendor/:name/:format/:version',
    async (req, reply) => {
      const {vendor, name, format, version} = req.params
      const ver = parseVersion(version)
      if (!ver) return reply.code(400).send({message: `Cannot parse version part '${version}' as SchemaVer, INVALID_SCHEMAVER`})
      const uriKey: SchemaKey = {vendor, name, format, version: ver}
      const payload = req.body
      if (!isObject(payload)) return reply.code(422).send({message: MESSAGES.bodyInvalid})
      const parsed = parseSelfDescribingSchema(payload)
      if (parsed.ok) {
        if (schemaKeyToUri(parsed.key) !== schemaKeyToUri(uriKey)) {
          return reply.code(400).send({uriSchemaKey: schemaKeyToUri(uriKey), payloadSchemaKey: schemaKeyToUri(parsed.key), message: MESSAGES.mismatch})
        }
        return addSchema(req, reply, uriKey, payload)
      }
      // a bare JSON Schema: the URI says what it is
      const {self: _self, $schema: _s, ...bare} = payload
      return addSchema(req, reply, uriKey, {$schema: SELF_DESCRIBING_URI, self: {vendor, name, format, version}, ...bare})
    },
  )

  api.post('/schemas', async (req, reply) => {
    const parsed = parseSelfDescribingSchema(req.body)
    if (!parsed.ok) return reply.code(400).send({message: MESSAGES.decodeError})
    return addSchema(req, reply, parsed.key, req.body as Record<string, unknown>)
  })

  api.delete<{Params: {vendor: string; name: string; format: string; version: string}}>(
    '/schemas/:vendor/:name/:format/:version',
    async (req, reply) => {
      const {vendor, name, format, version} = req.params
      const ver = parseVersion(version)
      if (!ver) return reply.code(400).send({message: `Cannot parse version part '${version}' as SchemaVer, INVALID_SCHEMAVER`})
      if (permissionOfRequest(req) !== SUPER) return reply.code(401).send({message: 'Not enough permissions'})
      if (!patchesAllowed) return reply.code(405).send({message: 'DELETE is forbidden on production registry'})
      const key = {vendor, name, format, version: ver}
      schemas.delete(key)
      changed(key)
      return reply.send({message: 'Schema deleted'})
    },
  )

  // ---- validation
  const validateSchemaRoute = async (req: FastifyRequest, reply: FastifyReply) => {
    const permission = permissionOfRequest(req)
    if (permission === NOOP) return reply.code(403).send({message: ''})
    if (req.body === undefined) return reply.code(422).send({message: MESSAGES.bodyInvalid})
    const report: ReportMessage[] = schemaReport(req.body, metaCheck)
    const parsed = parseSelfDescribingSchema(req.body)
    if (parsed.ok) report.push(...versionWarnings(parsed.key, permission))
    if (report.length === 0 && parsed.ok) {
      return reply.send({message: `The schema provided is a valid self-describing ${schemaKeyToUri(parsed.key)} schema`})
    }
    return reply.send({message: MESSAGES.schemaInvalid, report})
  }

  /** The warnings of the server's schemaVerIsAllowed check, against versions the caller can see. */
  const versionWarnings = (key: SchemaKey, permission: Permission): ReportMessage[] => {
    const group = schemas.byName(key.vendor, key.name)
    if (!group.every(readable(permission))) return []
    const ver = schemaVerToString(key.version)
    const conflict = publishConflict(key.version, group.every((s) => s.isPublic), group, false, [])
    if (conflict === 'Schema already exists') {
      const message = patchesAllowed ? `Schema ${ver} already exists and would be overwritten` : `Schema ${ver} already exists`
      return [{message, level: 'WARNING', pointer: '/'}]
    }
    if (conflict?.startsWith('Preceding SchemaVer')) {
      return [{message: `The SchemaVer preceding ${ver} is missing in the database`, level: 'WARNING', pointer: '/'}]
    }
    return []
  }

  api.post<{Params: {format: string}}>('/validation/validate/schema/:format', async (req, reply) => {
    if (req.params.format !== 'jsonschema') return reply.code(404).send({message: MESSAGES.endpointNotFound})
    return validateSchemaRoute(req, reply)
  })
  // deprecated form, still served by Iglu Server
  api.post('/schemas/validate/:vendor/:name/jsonschema/:version', validateSchemaRoute)

  api.post('/validation/validate/instance', async (req, reply) => {
    const permission = permissionOfRequest(req)
    if (permission === NOOP) return reply.code(403).send({message: ''})
    const instance = req.body
    if (!isObject(instance) || typeof instance.schema !== 'string' || !('data' in instance)) {
      return reply.code(400).send({message: 'JSON payload is not self-describing, INVALID_DATA_PAYLOAD'})
    }
    const m = /^iglu:([a-zA-Z0-9-_.]+)\/([a-zA-Z0-9-_]+)\/([a-zA-Z0-9-_]+)\/([0-9]+-[0-9]+-[0-9]+)$/.exec(instance.schema)
    if (!m) return reply.code(400).send({message: 'JSON payload is not self-describing, INVALID_IGLUURI'})
    const ver = parseVersion(m[4]!)
    if (!ver) return reply.code(400).send({message: 'JSON payload is not self-describing, INVALID_SCHEMAVER'})
    const key: SchemaKey = {vendor: m[1]!, name: m[2]!, format: m[3]!, version: ver}
    const found = schemas.get(key)
    if (!found || !readable(permission)(found)) return reply.code(404).send({message: MESSAGES.schemaNotFound})
    let report: DataReport[]
    try {
      report = options.validator.validateData(key, render(found, 'canonical') as SelfDescribingSchema, instance.data)
    } catch {
      return reply.code(500).send({message: `Schema ${schemaKeyToUri(key)} fetched from DB is invalid`})
    }
    if (report.length === 0) return reply.send({message: `Instance is valid ${schemaKeyToUri(key)}`})
    return reply.send({message: MESSAGES.dataInvalid, report})
  })

  // ---- keys
  api.post('/auth/keygen', async (req, reply) => {
    const permission = permissionOfRequest(req)
    if (!permission.key.includes('CREATE')) return reply.code(403).send({message: 'Not sufficient privileges to create keys'})
    const body = req.body
    if (!isObject(body) || typeof body.vendorPrefix !== 'string') return reply.code(422).send({message: MESSAGES.bodyInvalid})
    const scope = parseVendorScope(body.vendorPrefix)
    if (!canCreatePermission(permission, vendorScopeToString(scope))) {
      const shown = scope.parts.length === 0 ? "'wildcard vendor'" : vendorScopeToString(scope)
      return reply.code(403).send({message: `Cannot create ${shown} using your permissions`})
    }
    return reply.send(keys.createPair(scope))
  })

  api.delete('/auth/keygen', async (req, reply) => {
    const permission = permissionOfRequest(req)
    const key = String((req.query as Record<string, unknown>).key ?? '')
    if (!UUID_RE.test(key)) return reply.code(400).send({message: `Invalid query parameter key: ${key}`})
    if (!permission.key.includes('DELETE')) return reply.code(403).send({message: 'Not sufficient privileges to delete key'})
    keys.delete(key)
    return reply.send({message: 'Keys have been deleted'})
  })
}
