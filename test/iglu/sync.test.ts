import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {readFile, writeFile, mkdir} from 'node:fs/promises'
import {existsSync} from 'node:fs'
import path from 'node:path'
import {syncSchemas} from '../../src/iglu/sync.js'
import {createIgluClient, parseResolverConfig, parseSchemaKey} from '../../src/iglu/index.js'
import {warmCache, unresolvable, offlineMissingMessage} from '../../src/iglu/cache-warm.js'
import {TRACKER_DEFAULT_SCHEMAS} from '../../src/iglu/tracker-schemas.js'
import {startMicro} from '../../src/micro/server.js'
import {defaultMicroOptions} from '../../src/micro/options.js'
import {fixtureIgluDir, fixtureSchemasDir, serveStaticIglu} from '../helpers/static-iglu.js'
import {tempDir} from './helpers.js'
import {igluCentralSkip, requireIgluCentral} from '../helpers/iglu-central.js'
import {json, loopbackServer} from '../helpers/loopback-server.js'

const WEB_PAGE = 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0'
const FIXTURES = ['client_session/jsonschema/1-0-2', 'geolocation_context/jsonschema/1-1-0', 'link_click/jsonschema/1-0-1', 'mobile_context/jsonschema/1-0-1', 'web_page/jsonschema/1-0-0']
  .map((p) => `iglu:com.snowplowanalytics.snowplow/${p}`)
const cached = (dir: string, uri: string) => path.join(dir, `${uri.slice('iglu:'.length)}.json`)

function httpConfig(uri: string) {
  return parseResolverConfig({
    schema: 'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-3',
    data: {cacheSize: 500, repositories: [{name: 'Loopback Central', priority: 0, vendorPrefixes: [], connection: {http: {uri}}}]},
  })
}

describe('sp schema sync', () => {
  it('--from DIR copies every schema of a local repository (root or schemas/), then leaves identical files alone', async (t) => {
    const cacheDir = await tempDir(t)
    const first = await syncSchemas({from: fixtureIgluDir, cacheDir})
    assert.equal(first.via, 'folder')
    assert.deepEqual([...first.copied].sort(), FIXTURES)
    assert.deepEqual(first.skipped, [])
    assert.deepEqual(JSON.parse(await readFile(cached(cacheDir, WEB_PAGE), 'utf8')).self.name, 'web_page')
    const again = await syncSchemas({from: fixtureSchemasDir, cacheDir})
    assert.deepEqual([again.copied, [...again.unchanged].sort()], [[], FIXTURES])
  })

  it('a file that is not a schema is skipped with its reason, the rest is copied', async (t) => {
    const cacheDir = await tempDir(t)
    const repo = await tempDir(t)
    const folder = path.join(repo, 'schemas', 'com.acme', 'broken', 'jsonschema')
    await mkdir(folder, {recursive: true})
    await writeFile(path.join(folder, '1-0-0'), '{not json')
    const good = path.join(repo, 'schemas', 'com.acme', 'ok', 'jsonschema')
    await mkdir(good, {recursive: true})
    await writeFile(path.join(good, '1-0-0'), JSON.stringify({
      $schema: 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#',
      self: {vendor: 'com.acme', name: 'ok', format: 'jsonschema', version: '1-0-0'}, type: 'object',
    }))
    const result = await syncSchemas({from: repo, cacheDir})
    assert.deepEqual(result.copied, ['iglu:com.acme/ok/jsonschema/1-0-0'])
    assert.equal(result.skipped.length, 1)
    assert.match(result.skipped[0]!.reason, /not valid JSON/)
    await assert.rejects(syncSchemas({from: path.join(repo, 'nope'), cacheDir}), {code: 'SYNC_SOURCE_UNREADABLE'})
  })

  it('--from URL with --api-key: a redirect to another origin does not take the key along', async (t) => {
    const key = '0b4e1ec7-9f0f-4d3c-9c51-3d8bd4d7a0a1'
    const elsewhere = await loopbackServer(t, (_req, res) => json(res, 404, {message: 'not here'}))
    const first = await loopbackServer(t, (req, res) => res.writeHead(302, {location: `${elsewhere.url}${req.url}`}).end())
    await syncSchemas({from: first.url, apiKey: key, cacheDir: await tempDir(t)}).catch(() => undefined)
    assert.ok(first.seen.length > 0 && first.seen.every((r) => r.headers.apikey === key), 'the --from server gets the key')
    assert.ok(elsewhere.seen.length > 0, 'the redirect was followed')
    assert.ok(elsewhere.seen.every((r) => r.headers.apikey === undefined), 'the other origin never sees the key')
  })

  it('--from URL: an Iglu Server lists everything its key can read (sp micro\'s registry, private schema included)', async (t) => {
    const key = '0b4e1ec7-9f0f-4d3c-9c51-3d8bd4d7a0a1'
    const micro = await startMicro(defaultMicroOptions({port: 0, dbFile: ':memory:', igluSuperApiKey: key, iglu: {offline: true, cacheDir: false}}))
    t.after(() => micro.close())
    const schema = {
      $schema: 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#',
      self: {vendor: 'com.acme', name: 'checkout', format: 'jsonschema', version: '1-0-0'},
      type: 'object', properties: {sku: {type: 'string', maxLength: 20}}, additionalProperties: false,
    }
    const put = await fetch(`${micro.url}/api/schemas/com.acme/checkout/jsonschema/1-0-0?isPublic=false`, {method: 'PUT', headers: {apikey: key, 'content-type': 'application/json'}, body: JSON.stringify(schema)})
    assert.equal(put.status, 201, await put.text())
    const cacheDir = await tempDir(t)
    const anonymous = await syncSchemas({from: micro.url, cacheDir})
    assert.deepEqual([anonymous.via, anonymous.copied], ['iglu-server', []])
    const result = await syncSchemas({from: `${micro.url}/api`, cacheDir, apiKey: key})
    assert.deepEqual(result.copied, ['iglu:com.acme/checkout/jsonschema/1-0-0'])
    assert.deepEqual(JSON.parse(await readFile(cached(cacheDir, 'iglu:com.acme/checkout/jsonschema/1-0-0'), 'utf8')), schema)
  })

  it('--from URL: a static registry with no schema list gets the tracker schemas it has, one by one', async (t) => {
    const server = await serveStaticIglu()
    t.after(() => server.close())
    const cacheDir = await tempDir(t)
    const result = await syncSchemas({from: server.url, cacheDir})
    assert.equal(result.via, 'tracker-defaults')
    assert.deepEqual([...result.copied].sort(), FIXTURES.filter((u) => TRACKER_DEFAULT_SCHEMAS.includes(u)))
    assert.equal(result.skipped.length, TRACKER_DEFAULT_SCHEMAS.length - result.copied.length)
    assert.ok(result.skipped.every((s) => s.reason === 'NotFound'))
  })

  it('--from URL that nothing answers on is a clear error', async (t) => {
    const server = await serveStaticIglu()
    const url = server.url
    await server.close()
    await assert.rejects(syncSchemas({from: url, cacheDir: await tempDir(t)}), (e: Error & {code?: string}) => e.code === 'SYNC_SOURCE_UNREADABLE' && /cannot reach/.test(e.message))
  })
})

describe('the tracker schema list', () => {
  it('is Iglu URIs, each once', () => {
    assert.equal(new Set(TRACKER_DEFAULT_SCHEMAS).size, TRACKER_DEFAULT_SCHEMAS.length)
    for (const uri of TRACKER_DEFAULT_SCHEMAS) assert.equal(parseSchemaKey(uri).format, 'jsonschema', uri)
  })

  it('names only schemas Iglu Central has', {skip: igluCentralSkip}, () => {
    const root = path.join(requireIgluCentral(), 'schemas')
    assert.deepEqual(TRACKER_DEFAULT_SCHEMAS.filter((uri) => !existsSync(path.join(root, uri.slice('iglu:'.length)))), [])
  })
})

describe('the schema cache: warming, offline messages, traces', () => {
  it('warming resolves the tracker schemas the cache lacks into it; the next offline client has them', async (t) => {
    const server = await serveStaticIglu()
    t.after(() => server.close())
    const cacheDir = await tempDir(t)
    const online = createIgluClient({config: httpConfig(server.url), cacheDir, envRepositories: false})
    const report = await warmCache(online)
    assert.deepEqual([...report.resolved].sort(), FIXTURES.filter((u) => TRACKER_DEFAULT_SCHEMAS.includes(u)))
    assert.equal(report.failed.length, TRACKER_DEFAULT_SCHEMAS.length - report.resolved.length)
    const deadline = Date.now() + 5000
    while (!existsSync(cached(cacheDir, WEB_PAGE)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    const offline = createIgluClient({config: httpConfig(server.url), cacheDir, offline: true, envRepositories: false})
    const requests = server.requests.length
    assert.equal((await offline.resolve(parseSchemaKey(WEB_PAGE))).ok, true)
    assert.equal(server.requests.length, requests, 'offline: no request')
    const missing = await unresolvable(offline)
    assert.equal(missing.length, report.failed.length)
    assert.ok(!missing.includes(WEB_PAGE))
    // a second warm-up asks only for what is still missing
    const again = await warmCache(createIgluClient({config: httpConfig(server.url), cacheDir, envRepositories: false}))
    assert.ok(again.cached.includes(WEB_PAGE))
  })

  it('offline with a cold cache: the start-up line and each failed lookup name the schema and sp schema sync', async (t) => {
    const cacheDir = await tempDir(t)
    const client = createIgluClient({config: httpConfig('http://127.0.0.1:9'), cacheDir, offline: true, envRepositories: false})
    const missing = await unresolvable(client)
    assert.deepEqual(missing, TRACKER_DEFAULT_SCHEMAS)
    const line = offlineMissingMessage(missing, cacheDir)
    assert.match(line, new RegExp(`^Offline: ${missing.length} of the ${missing.length} schemas Snowplow's trackers attach by default are not in the schema cache \\(${cacheDir}\\)`))
    assert.match(line, /com\.snowplowanalytics\.snowplow\/web_page 1-0-0, /)
    assert.match(line, /Fix: sp schema sync$/)
    const result = await client.validate(parseSchemaKey(WEB_PAGE), {id: 'x'})
    assert.ok(!result.ok && 'lookupHistory' in result.error)
    const history = !result.ok && 'lookupHistory' in result.error ? result.error.lookupHistory : []
    assert.deepEqual(history.find((h) => h.repository === 'Disk cache')?.errors, [
      {error: 'RepoFailure', message: `${WEB_PAGE} is not in the schema cache ${cacheDir} and sp is offline: run \`sp schema sync\` to copy Iglu Central into the cache (your own schemas: a --schemas folder or sp schema push)`},
    ])
  })

  it('resolve --trace marks the cache: offline, and online when the repository cannot answer', async (t) => {
    const cacheDir = await tempDir(t)
    await syncSchemas({from: fixtureIgluDir, cacheDir})
    const offline = await createIgluClient({config: httpConfig('http://127.0.0.1:9'), cacheDir, offline: true, envRepositories: false}).resolveWithTrace(parseSchemaKey(WEB_PAGE))
    assert.equal(offline.result.ok, true)
    assert.deepEqual(offline.trace.map((s) => [s.repository, s.kind, s.answer.found]), [['Iglu Client Embedded', 'local', false], ['Disk cache', 'cache', true]])
    const server = await serveStaticIglu()
    const down = server.url
    await server.close()
    const online = createIgluClient({config: httpConfig(down), cacheDir, envRepositories: false, http: {retries: 0}})
    const traced = await online.resolveWithTrace(parseSchemaKey(WEB_PAGE))
    assert.equal(traced.result.ok, true)
    assert.deepEqual(traced.trace.map((s) => [s.kind, s.answer.found]), [['local', false], ['http', false], ['cache', true]])
    assert.equal(traced.trace.at(-1)!.location, cacheDir)
    // a repository that answers "not found" is believed: the cache is not consulted
    const live = await serveStaticIglu()
    t.after(() => live.close())
    const nowhere = await createIgluClient({config: httpConfig(live.url), cacheDir, envRepositories: false}).resolveWithTrace(parseSchemaKey('iglu:com.acme/nope/jsonschema/1-0-0'))
    assert.deepEqual(nowhere.trace.map((s) => s.kind), ['local', 'http'])
  })
})
