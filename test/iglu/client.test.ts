import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {existsSync} from 'node:fs'
import {writeFile} from 'node:fs/promises'
import path from 'node:path'
import {
  createIgluClient, parseResolverConfig, parseSchemaKey, schemaKeyToUri, backoff,
  type Repository, type ResolverConfig, type SchemaKey,
} from '../../src/iglu/index.js'
import {serveStaticIglu} from '../helpers/static-iglu.js'
import {FAST_HTTP, fakeClock, httpRepo, localRepo, resolverConfig, schemaOf, startFakeIgluServer, tempDir, writeSchema} from './helpers.js'

// Registries from the developer's environment would join every resolver (as in Micro).
for (const k of ['MICRO_IGLU_REGISTRY_URL', 'SP_IGLU_REGISTRY_URL']) delete process.env[k]

const LINK_CLICK = parseSchemaKey('iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1')
const WEB_PAGE = parseSchemaKey('iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0')
const ACME = 'iglu:com.acme/checkout/jsonschema/1-0-0'
const APIKEY = '48b267d7-cd2b-4f22-bae4-0f002008b5ad'
const config = (repos: unknown[], data: Record<string, unknown> = {}): ResolverConfig => parseResolverConfig(resolverConfig(repos, data))

async function waitFor(cond: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000
  while (!cond()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`)
    await new Promise((r) => setImmediate(r))
  }
}

describe('IgluClient against a static repository (Iglu Central on loopback)', () => {
  it('resolves, validates, and answers the second time from the cache without a request', async (t) => {
    const server = await serveStaticIglu()
    t.after(() => server.close())
    const client = createIgluClient({config: config([httpRepo('Iglu Central', server.url)]), cacheDir: false, http: FAST_HTTP})
    const r = await client.resolve(LINK_CLICK)
    assert.ok(r.ok)
    assert.equal(r.repository, 'Iglu Central')
    assert.deepEqual(r.schema.self, {vendor: 'com.snowplowanalytics.snowplow', name: 'link_click', format: 'jsonschema', version: '1-0-1'})
    assert.deepEqual(server.requests, ['/schemas/com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1'])

    assert.deepEqual(await client.validate(LINK_CLICK, {targetUrl: 'https://example.com'}), {ok: true, key: LINK_CLICK})
    const bad = await client.validate(LINK_CLICK, {elementId: 5})
    assert.deepEqual(bad, {ok: false, key: LINK_CLICK, error: {error: 'ValidationError', dataReports: [
      {message: '$.targetUrl: is missing but it is required', path: '$', keyword: 'required', targets: ['targetUrl']},
      {message: '$.elementId: integer found, string expected', path: '$.elementId', keyword: 'type', targets: ['integer', 'string']},
    ]}})
    assert.equal(server.requests.length, 1, 'cache hit: no second request')
    assert.deepEqual(client.validateCached(LINK_CLICK, {targetUrl: 'x'}), {ok: true, key: LINK_CLICK})
    assert.equal(client.validateCached(WEB_PAGE, {id: 'x'}), undefined, 'not resolved yet: no sync answer')
  })

  it('asks again once the TTL has expired (and not before)', async (t) => {
    const server = await serveStaticIglu()
    t.after(() => server.close())
    const clock = fakeClock()
    const client = createIgluClient({config: config([httpRepo('Iglu Central', server.url)], {cacheTtl: 60}), cacheDir: false, now: clock.now, http: FAST_HTTP})
    await client.resolve(WEB_PAGE)
    clock.advance(59_000)
    await client.resolve(WEB_PAGE)
    assert.equal(server.requests.length, 1)
    clock.advance(2_000)
    assert.ok((await client.resolve(WEB_PAGE)).ok)
    assert.equal(server.requests.length, 2)
    client.invalidate(WEB_PAGE)
    await client.resolve(WEB_PAGE)
    assert.equal(server.requests.length, 3, 'invalidate drops the cached answer')
  })

  it('fetches a schema list and the latest version', async (t) => {
    const dir = await tempDir(t)
    for (const v of ['1-0-0', '1-0-2', '1-0-10', '1-1-0', '2-0-0']) await writeSchema(dir, `com.acme/ev/jsonschema/${v}`, schemaOf(`iglu:com.acme/ev/jsonschema/${v}`))
    const client = createIgluClient({config: config([localRepo('Local', dir)]), cacheDir: false})
    assert.deepEqual(await client.listSchemas('com.acme', 'ev', 1), {ok: true, repository: 'Local', uris: [
      'iglu:com.acme/ev/jsonschema/1-0-0', 'iglu:com.acme/ev/jsonschema/1-0-2', 'iglu:com.acme/ev/jsonschema/1-0-10', 'iglu:com.acme/ev/jsonschema/1-1-0',
    ]})
    assert.equal(schemaKeyToUri((await client.latestSchemaKey('com.acme', 'ev', 1))!), 'iglu:com.acme/ev/jsonschema/1-1-0')
  })
})

describe('IgluClient with an Iglu Server API', () => {
  it('sends the apikey header; without it a private schema is not found', async (t) => {
    const server = await startFakeIgluServer(APIKEY, {[ACME]: schemaOf(ACME, {type: 'object', properties: {total: {type: 'number'}}})})
    t.after(() => server.close())
    const withKey = createIgluClient({config: config([httpRepo('My Server', server.url, {apikey: APIKEY})]), cacheDir: false, http: FAST_HTTP})
    assert.ok((await withKey.resolve(parseSchemaKey(ACME))).ok)
    assert.deepEqual(server.requests.at(-1), {path: '/api/schemas/com.acme/checkout/jsonschema/1-0-0', apikey: APIKEY})
    const withoutKey = createIgluClient({config: config([httpRepo('My Server', server.url)]), cacheDir: false, http: FAST_HTTP})
    const r = await withoutKey.resolve(parseSchemaKey(ACME))
    assert.ok(!r.ok)
    assert.deepEqual(r.error.lookupHistory.find((h) => h.repository === 'My Server')!.errors, [{error: 'NotFound'}])
    assert.deepEqual((await withKey.listSchemas('com.acme', 'checkout', 1)), {ok: true, repository: 'My Server', uris: [ACME]})
  })

  it('warns when an Iglu Server URI lacks /api', () => {
    const client = createIgluClient({config: config([httpRepo('My Server', 'https://iglu.acme.com', {apikey: APIKEY}), httpRepo('Static', 'https://cdn.acme.com/schemas')]), cacheDir: false})
    assert.deepEqual(client.warnings, [
      'Repository "My Server" (https://iglu.acme.com) has an apikey but its URI does not end in /api. An Iglu Server answers schema lookups under /api (use https://iglu.acme.com/api); without it every lookup is "not found".',
      'Repository "Static" (https://cdn.acme.com/schemas) ends in /schemas: resolvers add /schemas/<vendor>/... themselves, so use https://cdn.acme.com',
    ])
  })

  it('warns at run time when the server answers like an Iglu Server without /api', async (t) => {
    const server = await startFakeIgluServer(APIKEY, {[ACME]: schemaOf(ACME)})
    t.after(() => server.close())
    const client = createIgluClient({config: config([httpRepo('My Server', server.origin)]), cacheDir: false, http: FAST_HTTP})
    assert.deepEqual(client.warnings, [], 'no apikey: nothing to suspect before asking')
    const r = await client.resolve(parseSchemaKey(ACME))
    assert.ok(!r.ok)
    assert.deepEqual(client.warnings, [
      `Repository "My Server" (${server.origin}) answered like an Iglu Server ("The endpoint does not exist"): an Iglu Server resolver URI must end in /api (use ${server.origin}/api); without it every lookup is "not found".`,
    ])
  })

  it('retries a 500, records a RepoFailure, and still resolves from another repository', async (t) => {
    const failing = await startFakeIgluServer(APIKEY)
    t.after(() => failing.close())
    failing.failing = true
    const dir = await tempDir(t)
    await writeSchema(dir, 'com.acme/checkout/jsonschema/1-0-0', schemaOf(ACME))
    const clock = fakeClock()
    const client = createIgluClient({
      config: config([httpRepo('Broken', failing.url, {apikey: APIKEY, vendorPrefixes: ['com.acme']}), localRepo('Local', dir, {priority: 5})]),
      cacheDir: false, now: clock.now, http: FAST_HTTP,
    })
    const ok = await client.resolve(parseSchemaKey(ACME))
    assert.ok(ok.ok)
    assert.equal(ok.repository, 'Local')
    assert.equal(failing.requests.length, 1 + FAST_HTTP.retries, 'bounded retries')

    const missing = parseSchemaKey('iglu:com.acme/other/jsonschema/1-0-0')
    const r = await client.resolve(missing)
    assert.ok(!r.ok)
    assert.deepEqual(r.error.lookupHistory.find((h) => h.repository === 'Broken'), {
      errors: [{error: 'RepoFailure', message: 'Unexpected server response: boom: database unavailable'}], attempts: 1, lastAttempt: '2024-05-01T10:00:00.123Z', repository: 'Broken',
    })
    const before = failing.requests.length
    await client.resolve(missing)
    assert.equal(failing.requests.length, before, 'failure cached: no retry before the backoff')
    clock.advance(backoff(1) + 1)
    const again = await client.resolve(missing)
    assert.ok(!again.ok)
    assert.equal(again.error.lookupHistory.find((h) => h.repository === 'Broken')!.attempts, 2)
    assert.equal(again.error.lookupHistory.find((h) => h.repository === 'Local')!.attempts, 2)
  })

  it('never replaces a cached success with a new failure', async (t) => {
    const server = await startFakeIgluServer(APIKEY, {[ACME]: schemaOf(ACME)})
    t.after(() => server.close())
    const clock = fakeClock()
    const client = createIgluClient({config: config([httpRepo('My Server', server.url, {apikey: APIKEY})], {cacheTtl: 10}), cacheDir: false, now: clock.now, http: FAST_HTTP})
    assert.ok((await client.resolve(parseSchemaKey(ACME))).ok)
    server.failing = true
    clock.advance(11_000)
    const r = await client.resolve(parseSchemaKey(ACME))
    assert.ok(r.ok, 'stale success kept')
    assert.equal(r.repository, 'My Server')
  })

  it('follows $supersededBy in the same repository and reports it', async (t) => {
    const body = {type: 'object', properties: {total: {type: 'number'}}, additionalProperties: false}
    const server = await startFakeIgluServer(APIKEY, {
      [ACME]: {...schemaOf(ACME, body), $supersededBy: '1-0-1'},
      'iglu:com.acme/checkout/jsonschema/1-0-1': {...schemaOf('iglu:com.acme/checkout/jsonschema/1-0-1', {...body, properties: {total: {type: 'number'}, coupon: {type: 'string'}}}), $supersedes: ['1-0-0']},
      'iglu:com.acme/loop/jsonschema/1-0-1': {...schemaOf('iglu:com.acme/loop/jsonschema/1-0-1'), $supersededBy: '1-0-0'},
    })
    t.after(() => server.close())
    const client = createIgluClient({config: config([httpRepo('My Server', server.url, {apikey: APIKEY})]), cacheDir: false, http: FAST_HTTP})
    const key = parseSchemaKey(ACME)
    assert.deepEqual(await client.validate(key, {total: 1, coupon: 'X'}), {ok: true, key, supersededBy: {model: 1, revision: 0, addition: 1}})
    const bad = await client.validate(key, {total: 'a'})
    assert.ok(!bad.ok)
    assert.deepEqual(bad.error, {error: 'ValidationError', dataReports: [{message: '$.total: string found, number expected', path: '$.total', keyword: 'type', targets: ['string', 'number']}], supersededBy: '1-0-1'})
    const loop = await client.resolve(parseSchemaKey('iglu:com.acme/loop/jsonschema/1-0-1'))
    assert.ok(!loop.ok)
    assert.deepEqual(loop.error.lookupHistory.find((h) => h.repository === 'My Server')!.errors, [
      {error: 'ClientFailure', message: "Superseding version 1-0-0 isn't greater than the version of schema iglu:com.acme/loop/jsonschema/1-0-1"},
    ])
  })
})

describe('HTTP failures', () => {
  it('times out, rejects other 4xx and undecodable bodies with ClientFailure', async (t) => {
    const {createServer} = await import('node:http')
    const hits: string[] = []
    const server = createServer((req, res) => {
      hits.push(req.url ?? '')
      if (req.url!.includes('/slow/')) return // never answers
      if (req.url!.includes('/forbidden/')) return void res.writeHead(403).end('{"message":"no"}')
      res.writeHead(200, {'content-type': 'application/json'}).end('<html>not json</html>')
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    t.after(() => new Promise<void>((r) => {
      server.closeAllConnections()
      server.close(() => r())
    }))
    const url = `http://127.0.0.1:${(server.address() as {port: number}).port}`
    const client = createIgluClient({config: config([httpRepo('R', url)]), cacheDir: false, http: {timeoutMs: 100, retries: 1, backoffMs: () => 1}})
    const errorFor = async (name: string) => {
      const r = await client.resolve(parseSchemaKey(`iglu:com.acme/${name}/jsonschema/1-0-0`))
      assert.ok(!r.ok)
      return r.error.lookupHistory.find((h) => h.repository === 'R')!.errors[0]
    }
    assert.deepEqual(await errorFor('slow'), {error: 'ClientFailure', message: `Timed out after 100 ms fetching ${url}/schemas/com.acme/slow/jsonschema/1-0-0`})
    assert.equal(hits.filter((h) => h.includes('/slow/')).length, 2, 'a timeout is retried (bounded)')
    assert.deepEqual(await errorFor('forbidden'), {error: 'ClientFailure', message: 'Unexpected response code 403'})
    assert.equal(hits.filter((h) => h.includes('/forbidden/')).length, 1, 'a 4xx is not retried')
    const garbled = await errorFor('garbled')
    assert.equal(garbled!.error, 'ClientFailure')
    assert.match((garbled as {message: string}).message, /^Could not decode server response\. /)
  })

  it('shares one lookup between concurrent resolutions of the same key', async (t) => {
    const server = await serveStaticIglu()
    t.after(() => server.close())
    const client = createIgluClient({config: config([httpRepo('Iglu Central', server.url)]), cacheDir: false, http: FAST_HTTP})
    const results = await Promise.all([client.validate(WEB_PAGE, {id: '8ab8cdd0-7b9b-4f5d-bc42-8bc3b5b1bdde'}), client.validate(WEB_PAGE, {id: '0d2d0a4e-7c55-4b1a-b1c3-4bd4b8b6a0f5'}), client.resolve(WEB_PAGE)])
    assert.ok(results.every((r) => r.ok))
    assert.equal(server.requests.length, 1)
  })
})

describe('ResolutionError', () => {
  it('lists every repository tried, sorted by name, in the exact JSON shape; text form too', async (t) => {
    const staticRepo = await serveStaticIglu()
    t.after(() => staticRepo.close())
    const igluServer = await startFakeIgluServer(APIKEY)
    t.after(() => igluServer.close())
    const dir = await tempDir(t)
    const clock = fakeClock()
    const client = createIgluClient({
      config: config([httpRepo('Iglu Central', staticRepo.url), localRepo('A local folder', dir), httpRepo('My Server', igluServer.url, {apikey: APIKEY})]),
      cacheDir: false, now: clock.now, http: FAST_HTTP,
    })
    const key = parseSchemaKey('iglu:com.acme/ev/jsonschema/1-0-0')
    const r = await client.resolve(key)
    assert.ok(!r.ok)
    const at = '2024-05-01T10:00:00.123Z'
    assert.deepEqual(JSON.parse(JSON.stringify({schemaKey: schemaKeyToUri(key), error: r.error})), {
      schemaKey: 'iglu:com.acme/ev/jsonschema/1-0-0',
      error: {error: 'ResolutionError', lookupHistory: [
        {errors: [{error: 'NotFound'}], attempts: 1, lastAttempt: at, repository: 'A local folder'},
        {errors: [{error: 'NotFound'}], attempts: 1, lastAttempt: at, repository: 'Iglu Central'},
        {errors: [{error: 'NotFound'}], attempts: 1, lastAttempt: at, repository: 'Iglu Client Embedded'},
        {errors: [{error: 'NotFound'}], attempts: 1, lastAttempt: at, repository: 'My Server'},
      ]},
    })
    const requests = staticRepo.requests.length + igluServer.requests.length
    clock.advance(599_000)
    await client.resolve(key)
    assert.equal(staticRepo.requests.length + igluServer.requests.length, requests, 'NotFound cached until the TTL')
    clock.advance(2_000)
    const again = await client.resolve(key)
    assert.ok(!again.ok)
    assert.deepEqual(again.error.lookupHistory.map((h) => h.attempts), [2, 2, 2, 2])
    assert.deepEqual(
      again.error.lookupHistory.map((h) => [h.repository, h.errors]),
      ['A local folder', 'Iglu Central', 'Iglu Client Embedded', 'My Server'].map((r) => [r, [{error: 'NotFound'}]]),
    )
  })
})

describe('repository ordering', () => {
  it('sorts by vendor prefix match, then class priority, then priority; extra repositories first', async (t) => {
    const [a, b, c] = [await tempDir(t), await tempDir(t), await tempDir(t)]
    const client = createIgluClient({
      config: config([
        httpRepo('Http p0', 'http://127.0.0.1:9/'), localRepo('Local p9', a, {priority: 9}), localRepo('Local p1', b, {priority: 1}),
        httpRepo('Http acme', 'http://127.0.0.1:9/x', {priority: 50, vendorPrefixes: ['com.acme']}), localRepo('Local acme', c, {priority: 100, vendorPrefixes: ['com.ac']}),
      ]),
      cacheDir: false,
    })
    assert.deepEqual(client.orderFor(parseSchemaKey(ACME)).map((r) => r.name), ['Local acme', 'Http acme', 'Iglu Client Embedded', 'Local p1', 'Local p9', 'Http p0'])
    assert.deepEqual(client.orderFor(parseSchemaKey('iglu:org.other/x/jsonschema/1-0-0')).map((r) => r.name), ['Iglu Client Embedded', 'Local p1', 'Local p9', 'Local acme', 'Http p0', 'Http acme'])
    const extra: Repository = {name: 'sp micro registry', priority: 0, vendorPrefixes: [], classPriority: 1, lookup: async () => ({ok: false, error: {error: 'NotFound'}})}
    const withExtra = createIgluClient({config: config([localRepo('Local', a)]), extraRepositories: [extra], cacheDir: false})
    assert.equal(withExtra.orderFor(parseSchemaKey(ACME))[0], extra)
  })

  it('the first repository in that order that has the schema wins', async (t) => {
    const [low, high] = [await tempDir(t), await tempDir(t)]
    await writeSchema(low, 'com.acme/checkout/jsonschema/1-0-0', schemaOf(ACME, {description: 'from low'}))
    await writeSchema(high, 'com.acme/checkout/jsonschema/1-0-0', schemaOf(ACME, {description: 'from high'}))
    const client = createIgluClient({config: config([localRepo('Low', low, {priority: 2}), localRepo('High', high, {priority: 1})]), cacheDir: false})
    const r = await client.resolve(parseSchemaKey(ACME))
    assert.ok(r.ok)
    assert.equal(r.schema.description, 'from high')
    const prefixed = createIgluClient({config: config([localRepo('Low', low, {priority: 2, vendorPrefixes: ['com.acme']}), localRepo('High', high, {priority: 1})]), cacheDir: false})
    const p = await prefixed.resolve(parseSchemaKey(ACME))
    assert.ok(p.ok)
    assert.equal(p.repository, 'Low')
    const traced = await prefixed.resolveWithTrace(parseSchemaKey(ACME))
    assert.deepEqual(traced.trace.map((s) => [s.repository, s.vendorPrefixMatch, s.answer]), [['Low', true, {found: true}]])
  })
})

describe('local folders', () => {
  it('accepts DIR/vendor/…, DIR/schemas/…, Micro’s iglu-client-embedded/schemas/…, with or without .json', async (t) => {
    const dir = await tempDir(t)
    await writeSchema(dir, 'com.acme/a/jsonschema/1-0-0', schemaOf('iglu:com.acme/a/jsonschema/1-0-0'))
    await writeSchema(dir, 'schemas/com.acme/b/jsonschema/1-0-0.json', schemaOf('iglu:com.acme/b/jsonschema/1-0-0'))
    await writeSchema(dir, 'iglu-client-embedded/schemas/com.acme/c/jsonschema/1-0-0', schemaOf('iglu:com.acme/c/jsonschema/1-0-0'))
    const client = createIgluClient({config: config([localRepo('Local', dir)]), cacheDir: false})
    for (const n of ['a', 'b', 'c']) {
      const r = await client.resolve(parseSchemaKey(`iglu:com.acme/${n}/jsonschema/1-0-0`))
      assert.ok(r.ok, n)
      assert.equal(r.repository, 'Local')
    }
  })

  it('reports a file that is not JSON or not self-describing, naming the file, never crashing', async (t) => {
    const dir = await tempDir(t)
    const notJson = await writeSchema(dir, 'com.acme/a/jsonschema/1-0-0', '{"self": ')
    const notSd = await writeSchema(dir, 'com.acme/b/jsonschema/1-0-0', {type: 'object'})
    const wrongSelf = await writeSchema(dir, 'com.acme/c/jsonschema/1-0-0', schemaOf('iglu:com.acme/c/jsonschema/1-0-1'))
    const client = createIgluClient({config: config([localRepo('Local', dir)]), cacheDir: false})
    const errorOf = async (uri: string) => {
      const r = await client.resolve(parseSchemaKey(uri))
      assert.ok(!r.ok)
      return r.error.lookupHistory.find((h) => h.repository === 'Local')!.errors[0]!
    }
    const a = await errorOf('iglu:com.acme/a/jsonschema/1-0-0')
    assert.equal(a.error, 'RepoFailure')
    assert.match((a as {message: string}).message, new RegExp(`^Schema file ${notJson.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON`))
    assert.deepEqual(await errorOf('iglu:com.acme/b/jsonschema/1-0-0'), {error: 'RepoFailure', message: `Schema file ${notSd} is not a self-describing JSON Schema: no "self" object`})
    assert.deepEqual(await errorOf('iglu:com.acme/c/jsonschema/1-0-0'), {error: 'RepoFailure', message: `Schema file ${wrongSelf} declares iglu:com.acme/c/jsonschema/1-0-1 in "self" but was looked up as iglu:com.acme/c/jsonschema/1-0-0`})
  })

  it('never reads outside the folder, whatever the key says', async (t) => {
    const root = await tempDir(t)
    const dir = path.join(root, 'schemas-dir')
    // A valid-looking schema outside the folder that a traversal would reach.
    await writeSchema(root, 'secret/x/jsonschema/1-0-0', schemaOf('iglu:secret/x/jsonschema/1-0-0'))
    const server = await startFakeIgluServer(APIKEY)
    t.after(() => server.close())
    const client = createIgluClient({config: config([localRepo('Local', dir), httpRepo('My Server', server.url, {apikey: APIKEY})]), cacheDir: false, http: FAST_HTTP})
    const evil: SchemaKey[] = [
      {vendor: '..', name: 'secret', format: 'x', version: {model: 1, revision: 0, addition: 0}} as SchemaKey,
      {vendor: '../secret', name: 'x', format: 'jsonschema', version: {model: 1, revision: 0, addition: 0}},
      {vendor: 'com.acme', name: '..', format: '..', version: {model: 1, revision: 0, addition: 0}},
      {vendor: 'com.acme', name: 'x', format: 'jsonschema', version: {model: NaN, revision: 0, addition: 0}},
      {vendor: '%2e%2e', name: 'x', format: 'jsonschema', version: {model: 1, revision: 0, addition: 0}},
    ]
    for (const key of evil) {
      const r = await client.resolve(key)
      assert.ok(!r.ok)
      assert.ok(r.error.lookupHistory.every((h) => h.errors.every((e) => e.error === 'NotFound')))
    }
    assert.equal(server.requests.length, 0, 'no URL is built from an ungrammatical key')
    assert.ok(existsSync(path.join(root, 'secret/x/jsonschema/1-0-0')))
  })

  it('maps Micro’s embedded path /iglu-client-embedded to the config file’s folder', async (t) => {
    const dir = await tempDir(t)
    await writeSchema(dir, 'iglu-client-embedded/schemas/com.acme/a/jsonschema/1-0-0', schemaOf('iglu:com.acme/a/jsonschema/1-0-0'))
    const file = path.join(dir, 'resolver.json')
    await writeFile(file, '{}')
    const client = createIgluClient({config: {...config([localRepo('Micro embedded', '/iglu-client-embedded')]), source: file}, cacheDir: false})
    const r = await client.resolve(parseSchemaKey('iglu:com.acme/a/jsonschema/1-0-0'))
    assert.ok(r.ok)
    assert.deepEqual(client.warnings, [])
  })

  it('warns about a local folder that does not exist', async (t) => {
    const dir = path.join(await tempDir(t), 'typo')
    const client = createIgluClient({config: config([localRepo('Local', dir)]), cacheDir: false})
    assert.deepEqual(client.warnings, [`Repository "Local": schema folder ${dir} does not exist`])
  })

  it('always has the built-in Iglu Client Embedded repository (resolver-config schemas)', async () => {
    const client = createIgluClient({config: config([]), cacheDir: false})
    const r = await client.resolve(parseSchemaKey('iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-3'))
    assert.ok(r.ok)
    assert.equal(r.repository, 'Iglu Client Embedded')
  })
})

describe('disk cache and --offline', () => {
  it('keeps a schema resolved once working offline, and when the network is down', async (t) => {
    const server = await serveStaticIglu()
    t.after(() => server.close())
    const cacheDir = await tempDir(t)
    const online = createIgluClient({config: config([httpRepo('Iglu Central', server.url)]), cacheDir, http: FAST_HTTP})
    assert.ok((await online.resolve(WEB_PAGE)).ok)
    const file = path.join(cacheDir, 'com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0.json')
    await waitFor(() => existsSync(file), 'the disk cache file')

    const noNetwork: typeof fetch = async () => {
      throw new TypeError('fetch failed')
    }
    const offline = createIgluClient({config: config([httpRepo('Iglu Central', server.url)]), cacheDir, offline: true, fetch: noNetwork})
    const r = await offline.validate(WEB_PAGE, {id: '8ab8cdd0-7b9b-4f5d-bc42-8bc3b5b1bdde'})
    assert.deepEqual(r, {ok: true, key: WEB_PAGE})
    assert.deepEqual((await offline.resolve(WEB_PAGE) as {repository: string}).repository, 'Disk cache')
    assert.deepEqual(offline.repositories.map((x) => x.name), ['Iglu Client Embedded', 'Disk cache'])
    const missing = await offline.resolve(LINK_CLICK)
    assert.ok(!missing.ok)
    assert.deepEqual(missing.error.lookupHistory.map((h) => h.repository), ['Disk cache', 'Iglu Client Embedded'], 'offline: HTTP repositories are not consulted')

    const down = createIgluClient({config: config([httpRepo('Iglu Central', server.url)]), cacheDir, fetch: noNetwork, http: FAST_HTTP})
    const fromDisk = await down.resolve(WEB_PAGE)
    assert.ok(fromDisk.ok)
    assert.equal(fromDisk.repository, 'Disk cache')
  })
})

describe('self-describing data in one call', () => {
  it('parses, resolves and validates, returning a value for every failure', async (t) => {
    const dir = await tempDir(t)
    await writeSchema(dir, 'com.acme/checkout/jsonschema/1-0-0', schemaOf(ACME, {type: 'object', properties: {total: {type: 'number'}}, required: ['total']}))
    const client = createIgluClient({config: config([localRepo('Local', dir)]), cacheDir: false})
    assert.deepEqual(await client.validateSelfDescribing({schema: ACME, data: {total: 3}}), {ok: true, key: parseSchemaKey(ACME)})
    const invalid = await client.validateSelfDescribing({schema: ACME, data: {}})
    assert.ok(!invalid.ok && invalid.key !== undefined)
    assert.deepEqual(invalid.error, {error: 'ValidationError', dataReports: [{message: '$.total: is missing but it is required', path: '$', keyword: 'required', targets: ['total']}]})
    assert.deepEqual(await client.validateSelfDescribing({data: 1}), {ok: false, error: {error: 'ParseError', code: 'INVALID_DATA_PAYLOAD', message: 'Not self-describing data: expected {"schema": "iglu:vendor/name/format/M-R-A", "data": …}'}})
    const badVer = await client.validateSelfDescribing({schema: 'iglu:com.acme/checkout/jsonschema/1-0', data: {}})
    assert.ok(!badVer.ok && 'error' in badVer && badVer.error.error === 'ParseError' && badVer.error.code === 'INVALID_SCHEMAVER')
    await writeSchema(dir, 'com.acme/broken/jsonschema/1-0-0', schemaOf('iglu:com.acme/broken/jsonschema/1-0-0', {type: 'strin'}))
    const broken = await client.validateSelfDescribing({schema: 'iglu:com.acme/broken/jsonschema/1-0-0', data: {}})
    assert.ok(!broken.ok)
    assert.deepEqual(broken.error, {error: 'ValidationError', schemaIssues: [
      {path: '$.type', message: '$.type: does not have a value in the enumeration [array, boolean, integer, null, number, object, string]'},
      {path: '$.type', message: '$.type: string found, array expected'},
    ]})
  })
})
