import {tempDir as sharedTempDir} from '../helpers/temp-dir.js'
import {createServer, type IncomingMessage, type Server} from 'node:http'
import {mkdir, writeFile} from 'node:fs/promises'
import path from 'node:path'
import type {AddressInfo} from 'node:net'

export const SELF_DESC = 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#'

/** A minimal self-describing schema. */
export function schemaOf(uri: string, body: Record<string, unknown> = {type: 'object', properties: {}}): Record<string, unknown> {
  const [vendor, name, format, version] = uri.replace(/^iglu:/, '').split('/')
  return {$schema: SELF_DESC, self: {vendor, name, format, version}, ...body}
}

export interface FakeIgluServer {
  /** API root to put in a resolver config (`http://127.0.0.1:PORT/api`). */
  url: string
  origin: string
  requests: {path: string; apikey: string | undefined}[]
  /** Answer 500 for every request while true. */
  failing: boolean
  schemas: Map<string, Record<string, unknown>>
  close(): Promise<void>
}

/**
 * An Iglu Server-like endpoint: `GET /api/schemas/v/n/f/ver` needs the right `apikey` header
 * (else 404, as a private schema), `GET /api/schemas/v/n/jsonschema/M` answers schema lists.
 */
export async function startFakeIgluServer(apikey: string, schemas: Record<string, Record<string, unknown>> = {}): Promise<FakeIgluServer> {
  const state: FakeIgluServer = {url: '', origin: '', requests: [], failing: false, schemas: new Map(Object.entries(schemas)), close: async () => {}}
  const server: Server = createServer((req: IncomingMessage, res) => {
    const p = new URL(req.url ?? '/', 'http://x').pathname
    const key = req.headers.apikey as string | undefined
    state.requests.push({path: p, apikey: key})
    if (state.failing) {
      res.writeHead(500, {'content-type': 'text/plain'}).end('boom: database unavailable')
      return
    }
    const m = /^\/api\/schemas\/(.+)$/.exec(p)
    if (m === null) {
      res.writeHead(404, {'content-type': 'application/json'}).end('{"message":"The endpoint does not exist"}')
      return
    }
    if (key !== apikey) {
      res.writeHead(404, {'content-type': 'application/json'}).end('{"message":"The schema is not found"}')
      return
    }
    const parts = m[1]!.split('/')
    if (parts.length === 4 && /^\d+$/.test(parts[3]!)) {
      const prefix = `iglu:${parts[0]}/${parts[1]}/${parts[2]}/${parts[3]}-`
      const uris = [...state.schemas.keys()].filter((u) => u.startsWith(prefix)).sort()
      if (uris.length === 0) res.writeHead(404, {'content-type': 'application/json'}).end('{"message":"No schemas available"}')
      else res.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify(uris))
      return
    }
    const schema = state.schemas.get(`iglu:${m[1]}`)
    if (schema === undefined) {
      res.writeHead(404, {'content-type': 'application/json'}).end('{"message":"The schema is not found"}')
      return
    }
    res.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify(schema))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  state.origin = `http://127.0.0.1:${port}`
  state.url = `${state.origin}/api`
  state.close = () => new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  })
  return state
}

export const tempDir = (t: {after: (fn: () => Promise<void>) => void}, prefix = 'sp-iglu-'): Promise<string> => sharedTempDir(t, prefix)

/** Writes `schema` at `<dir>/<relative path>`. */
export async function writeSchema(dir: string, rel: string, schema: unknown): Promise<string> {
  const file = path.join(dir, rel)
  await mkdir(path.dirname(file), {recursive: true})
  await writeFile(file, typeof schema === 'string' ? schema : JSON.stringify(schema))
  return file
}

/** A resolver config document (1-0-3 unless told). */
export function resolverConfig(repositories: unknown[], data: Record<string, unknown> = {}, version = '1-0-3'): unknown {
  return {schema: `iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/${version}`, data: {cacheSize: 500, cacheTtl: 600, ...data, repositories}}
}

export const httpRepo = (name: string, uri: string, extra: {priority?: number; vendorPrefixes?: string[]; apikey?: string} = {}) => ({
  name, priority: extra.priority ?? 0, vendorPrefixes: extra.vendorPrefixes ?? [],
  connection: {http: {uri, ...(extra.apikey === undefined ? {} : {apikey: extra.apikey})}},
})

export const localRepo = (name: string, dir: string, extra: {priority?: number; vendorPrefixes?: string[]} = {}) => ({
  name, priority: extra.priority ?? 0, vendorPrefixes: extra.vendorPrefixes ?? [], connection: {embedded: {path: dir}},
})

/** A controllable clock for TTL tests (no sleeping). */
export function fakeClock(start = Date.parse('2024-05-01T10:00:00.123Z')): {now: () => number; advance: (ms: number) => void} {
  let t = start
  return {now: () => t, advance: (ms) => { t += ms }}
}

/** Fast HTTP settings for tests: retries without real waiting. */
export const FAST_HTTP = {timeoutMs: 2000, retries: 1, backoffMs: () => 1}
