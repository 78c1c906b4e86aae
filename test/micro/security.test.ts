import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {statSync} from 'node:fs'
import path from 'node:path'
import {startTestMicro, storedPayloads, tempDir} from './fixtures.js'
import {rawRequest as raw, schemaDoc, SUPER_KEY} from '../helpers/loopback-server.js'

describe('the super key never ends up in stored events', () => {
  it('/api paths the registry does not define are its 404, never the collector, at any depth', async (t) => {
    const micro = await startTestMicro(t, {igluSuperApiKey: SUPER_KEY})
    for (const p of ['/api', '/api/meta', '/api/keygen', '/api/auth', '/api/x/y/z/w', '/api/meta/nothing']) {
      for (const method of ['GET', 'POST']) {
        const answer = await raw(micro.url, method, p, {apikey: SUPER_KEY, 'content-type': 'application/json'}, method === 'POST' ? '{}' : undefined)
        assert.equal(answer.status, 404, `${method} ${p}`)
        assert.deepEqual(JSON.parse(answer.body), {message: 'The endpoint does not exist'}, `${method} ${p}`)
      }
    }
    assert.equal(storedPayloads(micro.store.db).length, 0)
    const bad = await (await fetch(`${micro.url}/micro/bad`)).text()
    assert.ok(!bad.includes(SUPER_KEY))
  })

  it('the collector stores neither apikey nor Authorization (Snowplow keeps every header: a deliberate difference)', async (t) => {
    const micro = await startTestMicro(t)
    const headers = {apikey: SUPER_KEY, authorization: 'Bearer secret-token', 'proxy-authorization': 'Basic c2VjcmV0', 'x-kept': 'yes'}
    assert.equal((await raw(micro.url, 'GET', '/i?e=pv&p=web&tv=js-3&aid=a', headers)).status, 200)
    assert.equal((await raw(micro.url, 'POST', '/com.acme/v1', {...headers, 'content-type': 'application/json'}, '{}')).status, 200)
    const payloads = storedPayloads(micro.store.db)
    assert.equal(payloads.length, 2)
    for (const {payload} of payloads) {
      const names = payload.headers!.map((h) => h.split(':')[0]!.toLowerCase())
      assert.ok(names.includes('x-kept'))
      assert.ok(!names.includes('apikey') && !names.includes('authorization') && !names.includes('proxy-authorization'), names.join(','))
    }
    const everything = await (await fetch(`${micro.url}/micro/bad`)).text() + (await (await fetch(`${micro.url}/micro/good`)).text())
    assert.ok(!everything.includes(SUPER_KEY) && !everything.includes('secret-token'))
  })
})

describe('/micro/iglu follows the registry\'s read rule', () => {
  it('a private schema needs a key that can read it; a public one does not', async (t) => {
    const micro = await startTestMicro(t, {igluSuperApiKey: SUPER_KEY})
    const put = (name: string, isPublic: boolean) =>
      fetch(`${micro.url}/api/schemas/com.acme/${name}/jsonschema/1-0-0?isPublic=${isPublic}`, {
        method: 'PUT',
        headers: {apikey: SUPER_KEY, 'content-type': 'application/json'},
        body: JSON.stringify(schemaDoc('com.acme', name)),
      })
    assert.equal((await put('secret', false)).status, 201)
    assert.equal((await put('open', true)).status, 201)
    const keys = (await (await fetch(`${micro.url}/api/auth/keygen`, {method: 'POST', headers: {apikey: SUPER_KEY, 'content-type': 'application/json'}, body: '{"vendorPrefix":"com.acme"}'})).json()) as {read: string}
    const other = (await (await fetch(`${micro.url}/api/auth/keygen`, {method: 'POST', headers: {apikey: SUPER_KEY, 'content-type': 'application/json'}, body: '{"vendorPrefix":"com.other"}'})).json()) as {read: string}

    const get = (name: string, apikey?: string) => fetch(`${micro.url}/micro/iglu/com.acme/${name}/jsonschema/1-0-0`, {headers: apikey ? {apikey} : {}})
    const anonymous = await get('secret')
    assert.equal(anonymous.status, 404)
    const body = (await anonymous.json()) as {value: Record<string, {errors: unknown}>}
    assert.deepEqual(body.value['sp micro registry']!.errors, [{error: 'NotFound'}])
    assert.equal((await get('secret', other.read)).status, 404)
    assert.equal((await get('secret', keys.read)).status, 200)
    assert.equal((await get('secret', SUPER_KEY)).status, 200)
    assert.equal((await get('open')).status, 200)

    // the UI's schema list (/micro/schemas) follows the same rule
    const listed = async (apikey?: string) =>
      ((await (await fetch(`${micro.url}/micro/schemas`, {headers: apikey ? {apikey} : {}})).json()) as {schemas: {uri: string}[]}).schemas.map((s) => s.uri)
    const secret = 'iglu:com.acme/secret/jsonschema/1-0-0'
    assert.ok((await listed()).includes('iglu:com.acme/open/jsonschema/1-0-0'))
    assert.ok(!(await listed()).includes(secret))
    assert.ok(!(await listed(other.read)).includes(secret))
    assert.ok((await listed(keys.read)).includes(secret))
  })

  it('the registry refuses vendors . and .. and segments outside the grammar', async (t) => {
    const micro = await startTestMicro(t, {igluSuperApiKey: SUPER_KEY})
    for (const [vendor, name] of [['..', 'x'], ['.', 'x'], ['com.acme', 'a.b'], ['com acme', 'x']]) {
      const answer = await fetch(`${micro.url}/api/schemas`, {
        method: 'POST',
        headers: {apikey: SUPER_KEY, 'content-type': 'application/json'},
        body: JSON.stringify(schemaDoc(vendor!, name!)),
      })
      assert.equal(answer.status, 400, `${vendor}/${name}`)
      assert.match(((await answer.json()) as {message: string}).message, /INVALID_IGLUURI/)
    }
    const encoded = await fetch(`${micro.url}/api/schemas/%2E%2E/x/jsonschema/1-0-0`, {
      method: 'PUT',
      headers: {apikey: SUPER_KEY, 'content-type': 'application/json'},
      body: JSON.stringify(schemaDoc('..', 'x')),
    })
    assert.ok(encoded.status === 400 || encoded.status === 404, String(encoded.status))
    assert.equal(((await (await fetch(`${micro.url}/api/schemas`, {headers: {apikey: SUPER_KEY}})).json()) as unknown[]).length, 0)
  })
})

describe('the nuid cookie', () => {
  it('is encoded: no attribute injection, no 5xx after the commit, one stored event per request', async (t) => {
    const micro = await startTestMicro(t)
    const values = ['x; Domain=evil.example; Max-Age=99999', 'caf\u00e9 \u2603', 'a\r\nSet-Cookie: evil=1', '"quoted"', 'back\\slash,comma', '%FF%FE-not-utf8']
    for (const nuid of values) {
      const query = nuid.startsWith('%FF') ? nuid : encodeURIComponent(nuid)
      const answer = await raw(micro.url, 'GET', `/i?e=pv&p=web&tv=js-3&nuid=${query}`)
      assert.equal(answer.status, 200, nuid)
      const cookie = String(answer.headers['set-cookie'])
      assert.match(cookie, /^sp=[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*; Expires=[^;]+; Path=\/; SameSite=None; Secure; HttpOnly$/, cookie)
      assert.deepEqual(cookie.split('; ').slice(1).map((a) => a.split('=')[0]), ['Expires', 'Path', 'SameSite', 'Secure', 'HttpOnly'])
    }
    // the stored network user id is the parameter as sent (the collector's behaviour)
    assert.equal(storedPayloads(micro.store.db).length, values.length)
    assert.equal(storedPayloads(micro.store.db)[0]!.payload.networkUserId, values[0])
  })

  it('a UUID nuid is set as it is', async (t) => {
    const micro = await startTestMicro(t)
    const nuid = 'c6ef3124-b53a-4b13-a233-0088f79dcbcb'
    const answer = await raw(micro.url, 'GET', `/i?e=pv&nuid=${nuid}`)
    assert.match(String(answer.headers['set-cookie']), new RegExp(`^sp=${nuid}; `))
  })

  it('a /r/ redirect target with characters a header cannot hold is sent encoded, not a 500', async (t) => {
    const micro = await startTestMicro(t, {collector: {redirects: {enabled: true, domains: []}}})
    const answer = await raw(micro.url, 'GET', `/r/tp2?e=pv&u=${encodeURIComponent('https://shop.example/caf\u00e9\u2603?a=\r\nb')}`)
    assert.equal(answer.status, 302)
    assert.equal(answer.headers.location, 'https://shop.example/caf%C3%A9%E2%98%83?a=b')
  })
})

describe('the database file', () => {
  it('is created readable by its owner only, and keygen keys are stored as digests', async (t) => {
    const dir = await tempDir(t)
    const dbFile = path.join(dir, 'new', 'micro.db')
    const micro = await startTestMicro(t, {dbFile, igluSuperApiKey: SUPER_KEY})
    assert.equal(statSync(dbFile).mode & 0o777, 0o600)
    const keys = (await (await fetch(`${micro.url}/api/auth/keygen`, {method: 'POST', headers: {apikey: SUPER_KEY, 'content-type': 'application/json'}, body: '{"vendorPrefix":"com.acme"}'})).json()) as {read: string; write: string}
    const stored = micro.store.db.prepare('SELECT uuid FROM iglu_api_keys').pluck().all() as string[]
    assert.equal(stored.length, 2)
    assert.ok(stored.every((s) => /^[0-9a-f]{64}$/.test(s) && s !== keys.read && s !== keys.write))
    // the keys still work, and DELETE by value still finds them
    const server = (await (await fetch(`${micro.url}/api/meta/server`, {headers: {apikey: keys.read}})).json()) as {authInfo: {schema: string}}
    assert.equal(server.authInfo.schema, 'READ')
    assert.equal((await fetch(`${micro.url}/api/auth/keygen?key=${keys.read}`, {method: 'DELETE', headers: {apikey: SUPER_KEY}})).status, 200)
    assert.equal((micro.store.db.prepare('SELECT count(*) FROM iglu_api_keys').pluck().get() as number), 1)
  })
})
