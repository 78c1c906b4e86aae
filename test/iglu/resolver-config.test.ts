import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {writeFile} from 'node:fs/promises'
import path from 'node:path'
import {createIgluClient, defaultResolverConfig, loadResolverConfig, parseResolverConfig, withEnvRepositories} from '../../src/iglu/index.js'
import {httpRepo, localRepo, resolverConfig, tempDir} from './helpers.js'

const rejects = (json: unknown, message: RegExp) =>
  assert.throws(() => parseResolverConfig(json), (e: Error & {code?: string}) => {
    assert.equal(e.code, 'INVALID_RESOLVER_CONFIG')
    assert.match(e.message, message)
    return true
  })

describe('resolver config', () => {
  it('reads resolver-config 1-0-0 … 1-0-3', () => {
    for (const v of ['1-0-0', '1-0-1']) {
      const c = parseResolverConfig({schema: `iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/${v}`, data: {cacheSize: 5, repositories: [httpRepo('Iglu Central', 'http://iglucentral.com')]}})
      assert.equal(c.cacheSize, 5)
      assert.equal(c.cacheTtl, null, 'no cacheTtl = cached forever')
    }
    const c = parseResolverConfig(resolverConfig([httpRepo('My Server', 'https://iglu.acme.com/api', {apikey: 'k', vendorPrefixes: ['com.acme']})], {cacheTtl: 0}))
    assert.equal(c.cacheTtl, 0)
    assert.deepEqual(c.repositories[0], {name: 'My Server', priority: 0, vendorPrefixes: ['com.acme'], connection: {http: {uri: 'https://iglu.acme.com/api', apikey: 'k'}}})
  })

  it('names the bad field in every message', () => {
    rejects({schema: 'iglu:com.acme/config/jsonschema/1-0-0', data: {}}, /does not match criterion iglu:com\.snowplowanalytics\.iglu\/resolver-config\/jsonschema\/1-0-\*/)
    rejects(resolverConfig([], {cacheSize: '500'}), /data\.cacheSize must be an integer, got string "500"/)
    rejects({schema: 'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-3', data: {repositories: []}}, /data\.cacheSize is missing but it is required/)
    rejects(resolverConfig([{...httpRepo('A', 'http://a'), priority: 'high'}]), /data\.repositories\[0\]\.priority must be an integer/)
    rejects(resolverConfig([{name: 'A', priority: 0, connection: {http: {uri: 'http://a'}}}]), /data\.repositories\[0\]\.vendorPrefixes is missing but it is required/)
    rejects(resolverConfig([{...httpRepo('A', 'http://a'), vendorPrefix: []}]), /data\.repositories\[0\]\.vendorPrefix is not allowed/)
    rejects(resolverConfig([{...httpRepo('A', 'http://a'), connection: {}}]), /data\.repositories\[0\]\.connection must have exactly one of "embedded" or "http", got none/)
    rejects(resolverConfig([httpRepo('A', 'not a uri')]), /data\.repositories\[0\]\.connection\.http\.uri must be an absolute http\(s\) URI/)
    rejects(resolverConfig([httpRepo('A', 'http://a'), localRepo('A', '/tmp')]), /Repository names must be unique, A encountered 2 times/)
    rejects(resolverConfig([], {cacheTtl: 0}, '1-0-2'), /data\.cacheTtl must be >= 1, got 0/)
  })

  it('explains that apikey needs resolver-config 1-0-1 (snowplow-micro#66)', () => {
    rejects(resolverConfig([httpRepo('S', 'http://s/api', {apikey: 'k'})], {cacheTtl: undefined}, '1-0-0'),
      /data\.repositories\[0\]\.connection\.http\.apikey is not allowed \(apikey needs resolver-config 1-0-1 or later; this file declares 1-0-0/)
  })

  it('loads a file and names it in errors', async (t) => {
    const dir = await tempDir(t)
    const good = path.join(dir, 'resolver.json')
    await writeFile(good, JSON.stringify(resolverConfig([localRepo('Local', 'schemas')])))
    const c = loadResolverConfig(good)
    assert.equal(c.source, good)
    const bad = path.join(dir, 'bad.json')
    await writeFile(bad, '{"schema":')
    assert.throws(() => loadResolverConfig(bad), (e: Error & {code?: string}) => e.code === 'INVALID_RESOLVER_CONFIG' && e.message.includes(bad) && /not valid JSON/.test(e.message))
    assert.throws(() => loadResolverConfig(path.join(dir, 'missing.json')), (e: Error & {code?: string}) => e.code === 'RESOLVER_CONFIG_UNREADABLE')
  })

  it("defaults to Micro's resolver: Iglu Central + mirror, local folders, MICRO_/SP_ registry env vars", () => {
    const c = defaultResolverConfig({schemaDirs: ['./my-schemas']})
    assert.equal(c.cacheSize, 500)
    assert.equal(c.cacheTtl, 60)
    assert.deepEqual(c.repositories.slice(0, 2), [
      {name: 'Iglu Central', priority: 1, vendorPrefixes: [], connection: {http: {uri: 'http://iglucentral.com'}}},
      {name: 'Iglu Central - Mirror 01', priority: 1, vendorPrefixes: [], connection: {http: {uri: 'http://mirror01.iglucentral.com'}}},
    ])
    assert.deepEqual(c.repositories[2]!.connection, {embedded: {path: path.resolve('./my-schemas')}})
    const micro = withEnvRepositories(c, {MICRO_IGLU_REGISTRY_URL: 'https://iglu.acme.com/api', MICRO_IGLU_API_KEY: 'abc'})
    assert.deepEqual(micro.repositories.at(-1), {name: 'Custom (https://iglu.acme.com/api)', priority: 0, vendorPrefixes: [], connection: {http: {uri: 'https://iglu.acme.com/api', apikey: 'abc'}}})
    const sp = withEnvRepositories(c, {SP_IGLU_REGISTRY_URL: 'http://localhost:9090/api', SP_IGLU_API_KEY: 'k2'})
    assert.equal(sp.repositories.at(-1)!.name, 'Custom (http://localhost:9090/api)')
    assert.throws(() => withEnvRepositories(c, {SP_IGLU_REGISTRY_URL: 'localhost:9090'}), /Invalid resolver config: SP_IGLU_REGISTRY_URL must be an absolute http\(s\) URI, got "localhost:9090"/)
  })

  it('adds the MICRO_/SP_ env registry to a resolver file too, as Micro does, once', () => {
    const env = {MICRO_IGLU_REGISTRY_URL: 'https://iglu.acme.com/api', MICRO_IGLU_API_KEY: 'abc'}
    const fromFile = parseResolverConfig(resolverConfig([httpRepo('Iglu Central', 'http://iglucentral.com')]))
    const client = createIgluClient({config: fromFile, env, cacheDir: false})
    assert.deepEqual(client.repositories.map((r) => r.name), ['Iglu Client Embedded', 'Iglu Central', 'Custom (https://iglu.acme.com/api)'])
    const fromDefault = createIgluClient({config: defaultResolverConfig(), env, cacheDir: false})
    assert.equal(fromDefault.repositories.filter((r) => r.name.startsWith('Custom')).length, 1)
    assert.equal(createIgluClient({config: fromFile, env, cacheDir: false, envRepositories: false}).repositories.length, 2)
  })
})
