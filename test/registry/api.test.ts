import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {mkdtemp, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {SUPER_KEY, call, schema, startRegistry, SELF_DESC} from './helpers.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

describe('registry: meta and errors', () => {
  it('health, server info per key, unknown endpoint', async (t) => {
    const r = await startRegistry(t)
    const health = await call(`${r.url}/api/meta/health`, 'GET')
    assert.equal(health.status, 200)
    assert.equal(health.text, 'OK')
    const anon = await call(`${r.url}/api/meta/server`, 'GET')
    assert.deepEqual(anon.body.authInfo, {vendor: '', schema: null, key: []})
    const sup = await call(`${r.url}/api/meta/server`, 'GET', SUPER_KEY)
    assert.deepEqual(sup.body.authInfo, {vendor: '', schema: 'CREATE_VENDOR', key: ['CREATE', 'DELETE']})
    assert.equal(sup.body.schemaCount, 0)
    assert.equal(sup.body.patchesAllowed, false)
    const missing = await call(`${r.url}/api/nothing/here/at/all`, 'GET')
    assert.deepEqual([missing.status, missing.body], [404, {message: 'The endpoint does not exist'}])
  })

  it('a malformed key is a 400, an unknown one is anonymous', async (t) => {
    const r = await startRegistry(t)
    const bad = await call(`${r.url}/api/schemas`, 'GET', 'not-a-uuid')
    assert.deepEqual([bad.status, bad.body], [400, {message: 'Invalid UUID for ApiKey'}])
    const unknown = await call(`${r.url}/api/schemas/com.acme/ev/jsonschema/1-0-0`, 'PUT', '00000000-0000-4000-8000-000000000000', schema('com.acme', 'ev', '1-0-0'))
    assert.deepEqual([unknown.status, unknown.body], [403, {message: 'Authentication error: not authorized'}])
  })

  it('payloads over 100 kB get 413, JSON deeper than 40 levels 422', async (t) => {
    const r = await startRegistry(t)
    const big = schema('com.acme', 'big', '1-0-0', {description: 'x'.repeat(100_001)})
    const tooLarge = await call(`${r.url}/api/schemas/com.acme/big/jsonschema/1-0-0`, 'PUT', SUPER_KEY, big)
    assert.deepEqual([tooLarge.status, tooLarge.body], [413, {message: 'The payload is too large'}])
    let deep: unknown = {}
    for (let i = 0; i < 45; i++) deep = {description: 'd', type: 'object', properties: {x: deep}}
    const tooDeep = await call(`${r.url}/api/schemas/com.acme/deep/jsonschema/1-0-0`, 'PUT', SUPER_KEY, schema('com.acme', 'deep', '1-0-0', {properties: {x: deep}}))
    assert.deepEqual([tooDeep.status, tooDeep.body], [422, {message: 'The request body was invalid.'}])
    const notJson = await call(`${r.url}/api/schemas/com.acme/ev/jsonschema/1-0-0`, 'PUT', SUPER_KEY, '{"self":')
    assert.equal(notJson.status, 400)
  })
})

describe('registry: publishing and reading', () => {
  it('PUT creates (201), reads in canonical/meta/uri, lists, and hides private schemas from anonymous callers', async (t) => {
    const r = await startRegistry(t)
    const put = await call(`${r.url}/api/schemas/com.acme/ev/jsonschema/1-0-0`, 'PUT', SUPER_KEY, schema('com.acme', 'ev', '1-0-0'))
    assert.equal(put.status, 201)
    assert.deepEqual(put.body, {message: 'Schema created', updated: false, location: 'iglu:com.acme/ev/jsonschema/1-0-0', status: 201})
    assert.deepEqual(r.changed.map((k) => k.name), ['ev'])

    const canonical = await call(`${r.url}/api/schemas/com.acme/ev/jsonschema/1-0-0`, 'GET', SUPER_KEY)
    assert.equal(canonical.status, 200)
    assert.deepEqual(canonical.body, schema('com.acme', 'ev', '1-0-0'))
    assert.deepEqual(Object.keys(canonical.body).slice(0, 2), ['$schema', 'self'])

    const meta = await call(`${r.url}/api/schemas/com.acme/ev/jsonschema/1-0-0?repr=meta`, 'GET', SUPER_KEY)
    assert.deepEqual(Object.keys(meta.body).slice(0, 2), ['self', 'metadata'])
    assert.equal(meta.body.metadata.isPublic, false)
    assert.equal(meta.body.$schema, undefined)

    const uri = await call(`${r.url}/api/schemas/com.acme/ev/jsonschema/1-0-0?repr=uri`, 'GET', SUPER_KEY)
    assert.equal(uri.body, 'iglu:com.acme/ev/jsonschema/1-0-0')

    assert.deepEqual((await call(`${r.url}/api/schemas`, 'GET', SUPER_KEY)).body, ['iglu:com.acme/ev/jsonschema/1-0-0'])
    assert.deepEqual((await call(`${r.url}/api/schemas/com.acme/ev/jsonschema/1`, 'GET', SUPER_KEY)).body, ['iglu:com.acme/ev/jsonschema/1-0-0'])
    assert.deepEqual((await call(`${r.url}/api/schemas/com.acme`, 'GET', SUPER_KEY)).body, ['iglu:com.acme/ev/jsonschema/1-0-0'])

    // private: anonymous callers see nothing
    assert.deepEqual((await call(`${r.url}/api/schemas`, 'GET')).body, [])
    const hidden = await call(`${r.url}/api/schemas/com.acme/ev/jsonschema/1-0-0`, 'GET')
    assert.deepEqual([hidden.status, hidden.body], [404, {message: 'The schema is not found'}])
    const none = await call(`${r.url}/api/schemas/com.acme/ev`, 'GET')
    assert.deepEqual([none.status, none.body], [404, {message: 'No schemas available'}])
    const badVer = await call(`${r.url}/api/schemas/com.acme/ev/jsonschema/boom`, 'GET')
    assert.deepEqual([badVer.status, badVer.body], [400, {message: "Cannot parse version part 'boom' as SchemaVer, INVALID_SCHEMAVER"}])
  })

  it('public schemas are readable without a key; a group cannot mix visibility', async (t) => {
    const r = await startRegistry(t)
    assert.equal((await call(`${r.url}/api/schemas/com.acme/pub/jsonschema/1-0-0?isPublic=true`, 'PUT', SUPER_KEY, schema('com.acme', 'pub', '1-0-0'))).status, 201)
    assert.equal((await call(`${r.url}/api/schemas/com.acme/pub/jsonschema/1-0-0`, 'GET')).status, 200)
    const mixed = await call(`${r.url}/api/schemas/com.acme/pub/jsonschema/1-0-1`, 'PUT', SUPER_KEY, schema('com.acme', 'pub', '1-0-1'))
    assert.deepEqual([mixed.status, mixed.body], [409, {message: 'Inconsistent schema availability. Cannot add private schema, previous versions are public'}])
  })

  it('version order and conflicts, with their messages', async (t) => {
    const r = await startRegistry(t)
    const put = (v: string) => call(`${r.url}/api/schemas/com.acme/ev/jsonschema/${v}`, 'PUT', SUPER_KEY, schema('com.acme', 'ev', v))
    assert.equal((await put('1-0-0')).status, 201)
    assert.deepEqual((await put('1-0-2')).body, {message: 'Preceding SchemaVer in the group is missing, check that schemas published in proper order'})
    assert.equal((await put('1-0-0')).status, 409)
    assert.deepEqual((await put('1-0-0')).body, {message: 'Schema already exists'})
    assert.equal((await put('1-1-0')).status, 201)
    const late = await put('1-0-1')
    assert.deepEqual([late.status, late.body], [409, {message: 'Next revision in the group exists, check that schemas are published sequentially'}])
    assert.deepEqual((await put('3-0-0')).body, {message: 'Preceding SchemaVer in the group is missing, check that schemas published in proper order'})
    assert.equal((await put('2-0-0')).status, 201)
  })

  it('URI and self must agree; POST takes self-describing schemas only', async (t) => {
    const r = await startRegistry(t)
    const mismatch = await call(`${r.url}/api/schemas/com.acme/ev/jsonschema/1-0-0`, 'PUT', SUPER_KEY, schema('com.acme', 'other', '1-0-0'))
    assert.deepEqual([mismatch.status, mismatch.body], [
      400,
      {uriSchemaKey: 'iglu:com.acme/ev/jsonschema/1-0-0', payloadSchemaKey: 'iglu:com.acme/other/jsonschema/1-0-0', message: 'Mismatch: the schema metadata does not match the payload and URI'},
    ])
    const bare = await call(`${r.url}/api/schemas/com.acme/bare/jsonschema/1-0-0`, 'PUT', SUPER_KEY, {description: 'b', type: 'object', properties: {}})
    assert.equal(bare.status, 201)
    const post = await call(`${r.url}/api/schemas`, 'POST', SUPER_KEY, {type: 'object'})
    assert.deepEqual([post.status, post.body], [400, {message: 'Cannot decode JSON schema'}])
    const posted = await call(`${r.url}/api/schemas`, 'POST', SUPER_KEY, schema('com.acme', 'posted', '1-0-0'))
    assert.equal(posted.status, 201)
  })

  it('a schema that breaks draft-04 or an error-level linter is refused with the report', async (t) => {
    const r = await startRegistry(t)
    const bad = schema('com.acme', 'bad', '1-0-0', {properties: {n: {type: 'integer', minimum: 5, maximum: 1, description: 'n'}, s: {type: 'string', maxLength: 'ten'}}})
    const answer = await call(`${r.url}/api/schemas/com.acme/bad/jsonschema/1-0-0`, 'PUT', SUPER_KEY, bad)
    assert.equal(answer.status, 400)
    assert.equal(answer.body.message, 'The schema does not conform to a JSON Schema v4 specification')
    assert.ok(answer.body.report.some((m: any) => m.level === 'ERROR' && m.pointer === '/properties/n' &&
      m.message === 'A field with numeric type has a minimum value [5] greater than the maximum value [1]'))
    assert.ok(answer.body.report.some((m: any) => m.level === 'ERROR' && /maxLength/.test(m.message)))
  })

  it('patches need --allow-patches; DELETE needs super key and patches', async (t) => {
    const strict = await startRegistry(t)
    await call(`${strict.url}/api/schemas/com.acme/ev/jsonschema/1-0-0`, 'PUT', SUPER_KEY, schema('com.acme', 'ev', '1-0-0'))
    const del = await call(`${strict.url}/api/schemas/com.acme/ev/jsonschema/1-0-0`, 'DELETE', SUPER_KEY)
    assert.deepEqual([del.status, del.body], [405, {message: 'DELETE is forbidden on production registry'}])

    const dev = await startRegistry(t, {patchesAllowed: true})
    const url = `${dev.url}/api/schemas/com.acme/ev/jsonschema/1-0-0`
    assert.equal((await call(url, 'PUT', SUPER_KEY, schema('com.acme', 'ev', '1-0-0'))).status, 201)
    const patched = await call(url, 'PUT', SUPER_KEY, schema('com.acme', 'ev', '1-0-0', {description: 'patched'}))
    assert.deepEqual([patched.status, patched.body], [200, {message: 'Schema updated', updated: true, location: 'iglu:com.acme/ev/jsonschema/1-0-0', status: 200}])
    assert.equal((await call(url, 'GET', SUPER_KEY)).body.description, 'patched')
    const anonDelete = await call(url, 'DELETE')
    assert.deepEqual([anonDelete.status, anonDelete.body], [401, {message: 'Not enough permissions'}])
    assert.deepEqual((await call(url, 'DELETE', SUPER_KEY)).body, {message: 'Schema deleted'})
    assert.equal((await call(url, 'GET', SUPER_KEY)).status, 404)
  })

  it('$supersedes is split off and $supersededBy served on the older version', async (t) => {
    const r = await startRegistry(t)
    await call(`${r.url}/api/schemas/com.acme/ev/jsonschema/1-0-0`, 'PUT', SUPER_KEY, schema('com.acme', 'ev', '1-0-0'))
    r.changed.length = 0
    await call(`${r.url}/api/schemas/com.acme/ev/jsonschema/1-0-1`, 'PUT', SUPER_KEY, schema('com.acme', 'ev', '1-0-1', {$supersedes: ['1-0-0']}))
    // 1-0-0 now serves $supersededBy: a resolver must drop its cached copy of it too
    assert.deepEqual(r.changed.map((k) => k.version.addition).sort(), [0, 1])
    const old = await call(`${r.url}/api/schemas/com.acme/ev/jsonschema/1-0-0`, 'GET', SUPER_KEY)
    assert.deepEqual(Object.keys(old.body).slice(0, 3), ['$schema', '$supersededBy', 'self'])
    assert.equal(old.body.$supersededBy, '1-0-1')
    const bad = await call(`${r.url}/api/schemas/com.acme/ev/jsonschema/1-0-2`, 'PUT', SUPER_KEY, schema('com.acme', 'ev', '1-0-2', {$supersedes: ['1-0-9']}))
    assert.deepEqual([bad.status, bad.body], [409, {message: 'Superseded schema version(s) do not exist'}])
  })
})

describe('registry: keys', () => {
  it('keygen: super only; keys scoped by dot-segment vendor prefix; read vs write', async (t) => {
    const r = await startRegistry(t)
    const anon = await call(`${r.url}/api/auth/keygen`, 'POST', undefined, {vendorPrefix: 'com.acme'})
    assert.deepEqual([anon.status, anon.body], [403, {message: 'Not sufficient privileges to create keys'}])
    const keys = await call(`${r.url}/api/auth/keygen`, 'POST', SUPER_KEY, {vendorPrefix: 'com.acme'})
    assert.equal(keys.status, 200)
    assert.deepEqual(Object.keys(keys.body), ['read', 'write'])
    assert.match(keys.body.read, UUID)
    const {read, write} = keys.body as {read: string; write: string}

    const put = (key: string, vendor: string) =>
      call(`${r.url}/api/schemas/${vendor}/ev/jsonschema/1-0-0`, 'PUT', key, schema(vendor, 'ev', '1-0-0'))
    assert.equal((await put(write, 'com.acme')).status, 201)
    assert.equal((await put(write, 'com.acme.web')).status, 201)
    assert.deepEqual((await put(write, 'com.acmecorp')).body, {message: 'Authentication error: not authorized'})
    assert.equal((await put(read, 'com.acme.mobile')).status, 403)

    // the read key reads private com.acme schemas, not others
    assert.equal((await call(`${r.url}/api/schemas/com.acme/ev/jsonschema/1-0-0`, 'GET', read)).status, 200)
    await put(SUPER_KEY, 'org.other')
    assert.equal((await call(`${r.url}/api/schemas/org.other/ev/jsonschema/1-0-0`, 'GET', read)).status, 404)
    assert.deepEqual((await call(`${r.url}/api/meta/server`, 'GET', read)).body.authInfo, {vendor: 'com.acme', schema: 'READ', key: []})

    // write keys cannot make keys
    const nested = await call(`${r.url}/api/auth/keygen`, 'POST', write, {vendorPrefix: 'com.acme.web'})
    assert.deepEqual([nested.status, nested.body], [403, {message: 'Not sufficient privileges to create keys'}])

    // deleting a key makes it anonymous
    assert.deepEqual((await call(`${r.url}/api/auth/keygen?key=${write}`, 'DELETE', SUPER_KEY)).body, {message: 'Keys have been deleted'})
    assert.equal((await put(write, 'com.acme.other')).status, 403)
  })

  it('schemas and keys persist in the SQLite file', async (t) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sp-registry-persist-'))
    t.after(() => rm(dir, {recursive: true, force: true}))
    const first = await startRegistry(t, {dir})
    const {write} = (await call(`${first.url}/api/auth/keygen`, 'POST', SUPER_KEY, {vendorPrefix: 'com.acme'})).body
    await call(`${first.url}/api/schemas/com.acme/ev/jsonschema/1-0-0`, 'PUT', write, schema('com.acme', 'ev', '1-0-0'))
    await first.close()
    const second = await startRegistry(t, {dir})
    assert.equal((await call(`${second.url}/api/schemas/com.acme/ev/jsonschema/1-0-0`, 'GET', write)).status, 200)
    assert.equal((await call(`${second.url}/api/schemas/com.acme/ev/jsonschema/1-0-1`, 'PUT', write, schema('com.acme', 'ev', '1-0-1'))).status, 201)
  })
})

describe('registry: validation API', () => {
  it('validates schemas and instances; needs a key', async (t) => {
    const r = await startRegistry(t)
    const anon = await call(`${r.url}/api/validation/validate/schema/jsonschema`, 'POST', undefined, schema('com.acme', 'ev', '1-0-0'))
    assert.deepEqual([anon.status, anon.body], [403, {message: ''}])
    const ok = await call(`${r.url}/api/validation/validate/schema/jsonschema`, 'POST', SUPER_KEY, schema('com.acme', 'ev', '1-0-0'))
    assert.deepEqual([ok.status, ok.body], [200, {message: 'The schema provided is a valid self-describing iglu:com.acme/ev/jsonschema/1-0-0 schema'}])
    const withIssues = await call(`${r.url}/api/validation/validate/schema/jsonschema`, 'POST', SUPER_KEY, {
      $schema: SELF_DESC,
      self: {vendor: 'com.acme', name: 'bad name', format: 'jsonschema', version: '1-0-0'},
      type: 'object',
      properties: {inner: {type: 'string', maxLength: 3, misplacedProperty: 1}},
    })
    assert.equal(withIssues.status, 200)
    assert.equal(withIssues.body.message, 'The schema does not conform to a JSON Schema v4 specification')
    const messages = withIssues.body.report.map((m: any) => `${m.level} ${m.pointer} ${m.message}`)
    assert.ok(messages.includes('ERROR /self $.self.name: does not match the regex pattern ^[a-zA-Z0-9-_]+$'), messages.join('\n'))
    assert.ok(messages.includes('WARNING /properties/inner $.properties.inner.misplacedProperty: is not defined in the schema and the schema does not allow additional properties'))
    assert.ok(messages.includes('INFO / The schema is missing the "description" property'))

    await call(`${r.url}/api/schemas/com.acme/ev/jsonschema/1-0-0`, 'PUT', SUPER_KEY, schema('com.acme', 'ev', '1-0-0'))
    const valid = await call(`${r.url}/api/validation/validate/instance`, 'POST', SUPER_KEY, {schema: 'iglu:com.acme/ev/jsonschema/1-0-0', data: {a: 'x'}})
    assert.deepEqual(valid.body, {message: 'Instance is valid iglu:com.acme/ev/jsonschema/1-0-0'})
    const invalid = await call(`${r.url}/api/validation/validate/instance`, 'POST', SUPER_KEY, {schema: 'iglu:com.acme/ev/jsonschema/1-0-0', data: []})
    assert.equal(invalid.body.message, 'The data for a field instance is invalid against its schema')
    assert.deepEqual(invalid.body.report[0], {message: '$: array found, object expected', path: '$', keyword: 'type', targets: ['array', 'object']})
    const unknown = await call(`${r.url}/api/validation/validate/instance`, 'POST', SUPER_KEY, {schema: 'iglu:com.acme/nope/jsonschema/1-0-0', data: {}})
    assert.deepEqual([unknown.status, unknown.body], [404, {message: 'The schema is not found'}])
    const notSd = await call(`${r.url}/api/validation/validate/instance`, 'POST', SUPER_KEY, {data: {}})
    assert.deepEqual([notSd.status, notSd.body], [400, {message: 'JSON payload is not self-describing, INVALID_DATA_PAYLOAD'}])
  })
})
