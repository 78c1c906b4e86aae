import {apiKeyHeader} from '../../registry/access.js'
import type {SchemaKey} from '../../iglu/types.js'
import {existsSync, readFileSync, readdirSync, statSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {gzipSync} from 'node:zlib'
import type {FastifyInstance, FastifyReply, FastifyRequest} from 'fastify'
import type {Store} from '../../store/index.js'
import {acceptsGzip} from '../compression.js'
import {schemaCatalog} from '../schema-catalog.js'

export const UI_PATH = '/micro/ui'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
}

interface UiFile {
  type: string
  body: Buffer
  gzipped: Buffer
  /** hashed asset names never change content: cache them for good; index.html never */
  immutable: boolean
}

/**
 * The built UI (`npm run build` → dist/ui): from dist/src/api/routes/ui.js it is ../../../ui,
 * from src/api/routes/ui.ts (tests run the TypeScript) ../../../dist/ui.
 */
export function defaultUiDir(): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url))
  for (const dir of [path.resolve(here, '../../../ui'), path.resolve(here, '../../../dist/ui')]) {
    if (existsSync(path.join(dir, 'index.html'))) return dir
  }
  return null
}

/** Every file of the built UI, read and gzipped once (it is about 80 KB gzipped in all). */
function loadUi(dir: string): Map<string, UiFile> {
  const files = new Map<string, UiFile>()
  const walk = (rel: string) => {
    for (const name of readdirSync(path.join(dir, rel))) {
      const relPath = rel === '' ? name : `${rel}/${name}`
      const full = path.join(dir, relPath)
      if (statSync(full).isDirectory()) walk(relPath)
      else {
        const body = readFileSync(full)
        const type = TYPES[path.extname(name)] ?? 'application/octet-stream'
        files.set(relPath, {type, body, gzipped: gzipSync(body, {level: 9}), immutable: relPath.startsWith('assets/')})
      }
    }
  }
  walk('')
  return files
}

const NOT_BUILT =
  'The sp micro web UI is not built in this copy of sp. Run `npm run build` (or `npm install`, which builds it) and restart sp micro.'

export interface UiRoutesOptions {
  store: Store
  /** the `--schemas` folders, listed by /micro/schemas */
  schemaDirs?: string[]
  /** the registry's read rule (private schemas need a key that may read them) */
  schemaAccess?: (apikey: string | undefined, key: SchemaKey) => boolean
  /** the built UI; defaultUiDir() when absent */
  dir?: string | null
}

/**
 * `/micro/ui` and its files, and `/micro/schemas` (the Schemas view's list). An unknown path
 * under /micro/ui answers the page itself (the UI keeps its view in the query string, so any deep
 * link opens it). Files are served pre-gzipped.
 */
export function registerUiRoutes(fastify: FastifyInstance, options: UiRoutesOptions): void {
  const dir = options.dir === undefined ? defaultUiDir() : options.dir
  fastify.get('/micro/schemas', async (request, reply) => {
    const apikey = apiKeyHeader(request.headers.apikey)
    const canRead = (key: SchemaKey) => options.schemaAccess?.(apikey, key) !== false
    return reply.type('application/json').send(JSON.stringify({schemas: schemaCatalog(options.store.db, options.schemaDirs ?? [], canRead)}))
  })
  let files: Map<string, UiFile> | null = null
  const serve = async (request: FastifyRequest, reply: FastifyReply) => {
    if (dir === null) return reply.code(404).type('text/plain; charset=utf-8').send(NOT_BUILT)
    files ??= loadUi(dir)
    const rel = ((request.params as {'*'?: string})['*'] ?? '').replace(/^\/+/, '')
    const file = files.get(rel) ?? (rel.startsWith('assets/') ? undefined : files.get('index.html'))
    if (file === undefined) return reply.code(404).type('text/plain; charset=utf-8').send(`No such file in the UI: ${rel}`)
    reply
      .type(file.type)
      .header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .header('vary', 'Accept-Encoding')
      .header('x-content-type-options', 'nosniff')
    if (acceptsGzip(request.headers['accept-encoding'] as string | undefined)) {
      return reply.header('content-encoding', 'gzip').send(file.gzipped)
    }
    return reply.send(file.body)
  }
  // the page links its assets by absolute path, so /micro/ui and /micro/ui/ both serve it
  fastify.get(UI_PATH, serve)
  fastify.get(`${UI_PATH}/*`, serve)
}
