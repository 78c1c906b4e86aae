import {mkdtemp, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import Fastify from 'fastify'
import {openStore, type Store} from '../../src/store/index.js'
import {registryPlugin} from '../../src/registry/index.js'
import {defaultRegistryValidator} from '../../src/registry/validator.js'
import type {SchemaKey} from '../../src/iglu/types.js'

export const SUPER_KEY = '48b267d7-cd2b-4f22-bae4-0f002008b5ad'

export interface TestRegistry {
  url: string
  store: Store
  dbFile: string
  changed: SchemaKey[]
  close(): Promise<void>
}

/** The registry plugin alone on a loopback port, over a real SQLite file in a temp dir. */
export async function startRegistry(
  t: {after: (fn: () => Promise<void>) => void},
  options: {patchesAllowed?: boolean; dir?: string} = {},
): Promise<TestRegistry> {
  const dir = options.dir ?? (await mkdtemp(path.join(os.tmpdir(), 'sp-registry-')))
  const dbFile = path.join(dir, 'micro.db')
  const store = openStore({file: dbFile})
  const app = Fastify({logger: false})
  const changed: SchemaKey[] = []
  await app.register(registryPlugin, {
    db: store.db,
    superApiKey: SUPER_KEY,
    patchesAllowed: options.patchesAllowed ?? false,
    validator: defaultRegistryValidator(),
    onSchemaChange: (key) => changed.push(key),
  })
  await app.listen({port: 0, host: '127.0.0.1'})
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  let closed = false
  const close = async () => {
    if (closed) return
    closed = true
    await app.close()
    store.close()
  }
  t.after(async () => {
    await close()
    if (!options.dir) await rm(dir, {recursive: true, force: true})
  })
  return {url: `http://127.0.0.1:${port}`, store, dbFile, changed, close}
}

export interface Answer {
  status: number
  body: any
  text: string
}

export async function call(url: string, method: string, apikey?: string, body?: unknown): Promise<Answer> {
  const headers: Record<string, string> = {}
  if (apikey !== undefined) headers.apikey = apikey
  if (body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(url, {method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)})
  const text = await res.text()
  let parsed: unknown = text
  try {
    parsed = JSON.parse(text)
  } catch {
    // text body
  }
  return {status: res.status, body: parsed, text}
}

export const SELF_DESC = 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#'

export function schema(vendor: string, name: string, version: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    $schema: SELF_DESC,
    self: {vendor, name, format: 'jsonschema', version},
    description: 'test',
    type: 'object',
    properties: {a: {type: 'string', maxLength: 10, description: 'a'}},
    additionalProperties: false,
    ...extra,
  }
}
