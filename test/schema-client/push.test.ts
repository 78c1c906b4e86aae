import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import {createRegistryClient, outcomeLine, parseRegistryUrl, pushSchemas, summaryLine} from '../../src/schema-client/index.js'
import {defaultMetaCheck} from '../../src/lint/meta-check.js'
import {cleanBody, selfDescribing, tempDir, writeSchema} from '../lint/helpers.js'

interface Seen {
  method: string
  url: string
  apikey?: string
  body: string
}

type Handler = (req: Seen) => {status: number; body: unknown}

/** A small Iglu-Server-like endpoint answering what the test says, recording every request. */
async function fakeIglu(t: {after: (fn: () => Promise<void>) => void}, handler: Handler): Promise<{url: string; seen: Seen[]}> {
  const seen: Seen[] = []
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      const entry = {method: req.method!, url: req.url!, apikey: req.headers.apikey as string | undefined, body}
      seen.push(entry)
      const answer = handler(entry)
      res.writeHead(answer.status, {'content-type': 'application/json'}).end(JSON.stringify(answer.body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return {url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen}
}

const KEY = '11111111-2222-4333-8444-555555555555'
const created = (req: Seen) => ({status: 201, body: {message: 'Schema created', updated: false, location: `iglu:${req.url.split('?')[0]!.replace('/api/schemas/', '')}`, status: 201}})

async function push(dir: string, url: string, extra: {dryRun?: boolean; apiKey?: string} = {}) {
  const client = createRegistryClient({registry: url, apiKey: extra.apiKey ?? KEY})
  const result = await pushSchemas(dir, {client, apiKeySent: true, isPublic: false, dryRun: extra.dryRun ?? false, metaCheck: defaultMetaCheck()})
  return {result, lines: result.outcomes.map(outcomeLine), summary: summaryLine(result, client.root, extra.dryRun ?? false)}
}

describe('sp schema push against an Iglu-Server-like endpoint', () => {
  it('PUTs in SchemaVer order (1-0-2 before 1-0-10) with the apikey header and ?isPublic', async (t) => {
    const dir = await tempDir(t)
    const versions = ['1-0-0', '1-0-1', '1-0-2', '1-0-3', '1-0-4', '1-0-5', '1-0-6', '1-0-7', '1-0-8', '1-0-9', '1-0-10']
    for (const v of versions) await writeSchema(dir, 'com.acme', 'ev', v)
    const iglu = await fakeIglu(t, created)
    const {result, lines, summary} = await push(dir, iglu.url)
    const puts = iglu.seen.filter((s) => s.method === 'PUT')
    assert.deepEqual(puts.map((s) => `${s.method} ${s.url}`), versions.map((v) => `PUT /api/schemas/com.acme/ev/jsonschema/${v}?isPublic=false`))
    assert.ok(iglu.seen.every((s) => s.apikey === KEY))
    assert.deepEqual(JSON.parse(puts[0]!.body), selfDescribing('com.acme', 'ev', '1-0-0'))
    assert.equal(lines[0], 'Schema created at iglu:com.acme/ev/jsonschema/1-0-0  (201)')
    assert.equal(summary, `Pushed 11 schemas to ${iglu.url}: 11 created, 0 updated, 0 unchanged, 0 rejected`)
    assert.equal(result.ok, true)
  })

  it('explains 403 for another vendor and 409, keeps going, and fails overall', async (t) => {
    const dir = await tempDir(t)
    await writeSchema(dir, 'com.acme', 'b', '1-0-0')
    await writeSchema(dir, 'com.acme', 'c', '1-0-0')
    await writeSchema(dir, 'com.acme', 'd', '1-0-0')
    const iglu = await fakeIglu(t, (req) => {
      if (req.url.startsWith('/api/meta/server')) return {status: 200, body: {authInfo: {vendor: 'com.other', schema: 'CREATE', key: []}}}
      if (req.url.includes('/b/')) return req.method === 'GET' ? {status: 404, body: {message: 'The schema is not found'}} : {status: 403, body: {message: 'Authentication error: not authorized'}}
      if (req.method === 'GET' && req.url.includes('/c/jsonschema/1-0-0')) return {status: 200, body: selfDescribing('com.acme', 'c', '1-0-0', cleanBody({description: 'older'}))}
      if (req.method === 'GET' && req.url.includes('/c/jsonschema/1-0-1')) return {status: 200, body: selfDescribing('com.acme', 'c', '1-0-1')}
      if (req.method === 'GET') return {status: 404, body: {message: 'The schema is not found'}}
      if (req.url.includes('/c/')) return {status: 409, body: {message: 'Schema already exists'}}
      return created(req)
    })
    const {result, lines, summary} = await push(dir, iglu.url)
    assert.equal(result.ok, false)
    assert.match(lines[0]!, /^Rejected iglu:com.acme\/b\/jsonschema\/1-0-0: Authentication error: not authorized {2}\(403\)\n {2}This key is scoped to vendor prefix 'com.other'/)
    assert.match(lines[1]!, /^Rejected iglu:com.acme\/c\/jsonschema\/1-0-0: Schema already exists {2}\(409\)\n {2}1-0-0 is already in the registry with different content\. Publish the change as a new version \(1-0-2 is the next one free\)/)
    assert.equal(lines[2], 'Schema created at iglu:com.acme/d/jsonschema/1-0-0  (201)')
    assert.equal(summary, `Pushed 1 of 3 schemas to ${iglu.url}: 1 created, 0 updated, 0 unchanged, 2 rejected`)
    assert.ok(lines.every((l) => !l.includes(KEY)), 'the key is never echoed')
  })

  it('a key the registry refuses is reported once and stops the push', async (t) => {
    const dir = await tempDir(t)
    for (const name of ['a', 'b', 'c']) await writeSchema(dir, 'com.acme', name, '1-0-0')
    const iglu = await fakeIglu(t, (req) => (req.method === 'GET' ? {status: 404, body: {message: 'The schema is not found'}} : {status: 401, body: {message: 'Unauthorized'}}))
    const {result, lines, summary} = await push(dir, iglu.url)
    assert.equal(result.ok, false)
    assert.deepEqual(lines, ['Rejected iglu:com.acme/a/jsonschema/1-0-0: Unauthorized  (401)\n  The registry refused the API key (401 Unauthorized). Check --api-key / SP_IGLU_API_KEY: it must be a key of this registry (sp micro prints its super key at startup; sp schema keygen makes write keys).'])
    assert.equal(iglu.seen.filter((s) => s.method === 'PUT').length, 1)
    assert.equal(summary, `Push stopped: the registry refused the API key, so 2 schemas of 3 were not sent to ${iglu.url} (0 created, 0 updated, 0 unchanged, 1 rejected)`)
  })

  it('identical content is unchanged and not sent', async (t) => {
    const dir = await tempDir(t)
    await writeSchema(dir, 'com.acme', 'same', '1-0-0')
    const iglu = await fakeIglu(t, (req) =>
      req.method === 'GET' ? {status: 200, body: selfDescribing('com.acme', 'same', '1-0-0')} : {status: 409, body: {message: 'Schema already exists'}},
    )
    const {result, lines} = await push(dir, iglu.url)
    assert.equal(result.ok, true)
    assert.equal(lines[0], 'Unchanged iglu:com.acme/same/jsonschema/1-0-0: already in the registry with the same content  (200)')
    assert.equal(iglu.seen.filter((s) => s.method === 'PUT').length, 0)
  })

  it('lint errors stop the push before any request', async (t) => {
    const dir = await tempDir(t)
    await writeSchema(dir, 'com.acme', 'ev', '1-0-0', selfDescribing('com.acme', 'ev', '1-0-0', cleanBody({properties: {n: {description: 'n', type: 'integer', minimum: 3, maximum: 1}}})))
    await writeSchema(dir, 'com.acme', 'lone', '1-0-1')
    const iglu = await fakeIglu(t, created)
    const {result} = await push(dir, iglu.url)
    assert.equal(iglu.seen.length, 0)
    assert.equal(result.ok, false)
    assert.deepEqual(result.blockedBy.problems.map((p) => p.message), ['Schemas of [com.acme/lone] do not contain initial 1-0-0 schema'])
    assert.equal(result.blockedBy.reports[0]!.uri, 'iglu:com.acme/ev/jsonschema/1-0-0')
  })

  it('--dry-run reads, never writes: would create / would patch / unchanged', async (t) => {
    const dir = await tempDir(t)
    await writeSchema(dir, 'com.acme', 'fresh', '1-0-0')
    await writeSchema(dir, 'com.acme', 'changed', '1-0-0')
    await writeSchema(dir, 'com.acme', 'same', '1-0-0')
    const iglu = await fakeIglu(t, (req) => {
      if (req.url.includes('/fresh/')) return {status: 404, body: {message: 'The schema is not found'}}
      if (req.url.includes('/changed/')) return {status: 200, body: selfDescribing('com.acme', 'changed', '1-0-0', cleanBody({description: 'old'}))}
      return {status: 200, body: selfDescribing('com.acme', 'same', '1-0-0')}
    })
    const {lines, summary} = await push(dir, iglu.url, {dryRun: true})
    assert.ok(iglu.seen.every((s) => s.method === 'GET'))
    assert.deepEqual(lines, [
      'iglu:com.acme/changed/jsonschema/1-0-0 would be patched (the registry must allow patches)',
      'iglu:com.acme/fresh/jsonschema/1-0-0 would be created',
      'Unchanged iglu:com.acme/same/jsonschema/1-0-0: already in the registry with the same content  (200)',
    ])
    assert.equal(summary, 'Dry run, nothing sent: 3 schemas, 1 would be created, 1 would be patched, 1 unchanged')
  })
})

describe('registry URL and key handling', () => {
  it('adds http://, strips the trailing slash, and fixes a trailing /api with a note', () => {
    assert.deepEqual(parseRegistryUrl('localhost:8080/'), {root: 'http://localhost:8080'})
    assert.deepEqual(parseRegistryUrl('https://iglu.acme.com/sub'), {root: 'https://iglu.acme.com/sub'})
    const fixed = parseRegistryUrl('http://127.0.0.1:9090/api/')
    assert.equal(fixed.root, 'http://127.0.0.1:9090')
    assert.match(fixed.note!, /ends in \/api/)
  })

  it('refuses a key that is not a UUID without echoing it', () => {
    assert.throws(() => createRegistryClient({registry: 'http://x', apiKey: 'hunter2-secret'}), (e: Error) => !e.message.includes('hunter2') && /not a UUID/.test(e.message))
  })

  it('an unreachable registry is a clear error', async (t) => {
    const dir = await tempDir(t)
    await writeSchema(dir, 'com.acme', 'ev', '1-0-0')
    await assert.rejects(push(dir, 'http://127.0.0.1:1'), /Cannot reach the registry at http:\/\/127.0.0.1:1/)
  })
})
