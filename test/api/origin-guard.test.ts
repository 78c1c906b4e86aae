import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {startTestMicro} from '../micro/fixtures.js'
import {rawRequest, schemaDoc, SUPER_KEY} from '../helpers/loopback-server.js'
import {OriginPolicy} from '../../src/api/origin-guard.js'
import {microOptionsFromFlags} from '../../src/micro/flags.js'

const EVIL = 'https://evil.example'
const crossSite = {origin: EVIL, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors'}
const json = {'content-type': 'application/json'}

async function track(url: string): Promise<void> {
  assert.equal((await rawRequest(url, 'GET', '/i?e=pv&p=web&tv=js-3&aid=shop')).status, 200)
}

async function total(url: string): Promise<number> {
  return ((await (await fetch(`${url}/micro/all`)).json()) as {total: number}).total
}

describe('Micro clients keep working (no Origin, or their own page\'s)', () => {
  it('Node fetch, curl-style form bodies, Cypress cy.request and Playwright request (no Origin): reads, filters, reset, registry', async (t) => {
    const micro = await startTestMicro(t, {igluSuperApiKey: SUPER_KEY})
    await track(micro.url)
    assert.equal(await total(micro.url), 1)
    // curl -d sends application/x-www-form-urlencoded: Micro reads the body whatever its type
    const curl = await rawRequest(micro.url, 'POST', '/micro/good', {'content-type': 'application/x-www-form-urlencoded'}, '{"event_type":"page_view"}')
    assert.equal(curl.status, 200)
    assert.equal(JSON.parse(curl.body).length, 1)
    const put = await fetch(`${micro.url}/api/schemas/com.acme/x/jsonschema/1-0-0`, {method: 'PUT', headers: {apikey: SUPER_KEY, ...json}, body: JSON.stringify(schemaDoc('com.acme', 'x'))})
    assert.equal(put.status, 201)
    assert.equal((await rawRequest(micro.url, 'GET', '/micro/reset')).status, 200)
    assert.equal(await total(micro.url), 0)
  })

  it('the UI served by sp itself (same origin) may post any body', async (t) => {
    const micro = await startTestMicro(t)
    await track(micro.url)
    const headers = {origin: micro.url, 'sec-fetch-site': 'same-origin', 'content-type': 'text/plain;charset=UTF-8'}
    const answer = await rawRequest(micro.url, 'POST', '/micro/events', headers, '{"page":1,"pageSize":10}')
    assert.equal(answer.status, 200)
    assert.equal(answer.headers['access-control-allow-origin'], micro.url)
    assert.equal((await rawRequest(micro.url, 'POST', '/micro/reset', {origin: micro.url, 'sec-fetch-site': 'same-origin'})).status, 200)
  })

  it('a page on a loopback origin (a dev server, Cypress\'s app) reads with CORS and posts JSON', async (t) => {
    const micro = await startTestMicro(t)
    await track(micro.url)
    const origin = 'http://localhost:3000'
    const read = await rawRequest(micro.url, 'GET', '/micro/good', {origin, 'sec-fetch-site': 'same-site'})
    assert.equal(read.headers['access-control-allow-origin'], origin)
    assert.equal(read.headers['access-control-allow-credentials'], 'true')
    const preflight = await rawRequest(micro.url, 'OPTIONS', '/micro/good', {origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type'})
    assert.equal(preflight.status, 204)
    assert.equal(preflight.headers['access-control-allow-origin'], origin)
    const post = await rawRequest(micro.url, 'POST', '/micro/good', {origin, 'sec-fetch-site': 'same-site', ...json}, '{"limit":1}')
    assert.equal(post.status, 200)
    // without a preflight a page can only send forms and text: refused where JSON is expected
    const text = await rawRequest(micro.url, 'POST', '/micro/good', {origin, 'sec-fetch-site': 'same-site', 'content-type': 'text/plain'}, '{"limit":1}')
    assert.equal(text.status, 415)
  })
})

describe('a page on another site', () => {
  it('cannot read the API (no CORS headers), wipe events or write to the registry', async (t) => {
    const micro = await startTestMicro(t, {igluSuperApiKey: SUPER_KEY})
    await track(micro.url)
    const read = await rawRequest(micro.url, 'GET', '/micro/good', crossSite)
    assert.equal(read.headers['access-control-allow-origin'], undefined)
    const preflight = await rawRequest(micro.url, 'OPTIONS', '/micro/reset', {origin: EVIL, 'access-control-request-method': 'POST'})
    assert.equal(preflight.headers['access-control-allow-origin'], undefined)
    for (const [method, path] of [['POST', '/micro/reset'], ['GET', '/micro/reset'], ['POST', '/micro/good']] as const) {
      const answer = await rawRequest(micro.url, method, path, {...crossSite, 'content-type': 'text/plain'}, method === 'POST' ? '{}' : undefined)
      assert.equal(answer.status, 403, `${method} ${path}`)
      assert.match(JSON.parse(answer.body).message, /Cross-site request refused/)
    }
    // an <img src=".../micro/reset"> sends no Origin, only Sec-Fetch-Site
    assert.equal((await rawRequest(micro.url, 'GET', '/micro/reset', {'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors'})).status, 403)
    assert.equal(await total(micro.url), 1)
    const put = await rawRequest(micro.url, 'PUT', '/api/schemas/com.acme/x/jsonschema/1-0-0', {...crossSite, apikey: SUPER_KEY, ...json}, JSON.stringify(schemaDoc('com.acme', 'x')))
    assert.equal(put.status, 403)
    const keys = await rawRequest(micro.url, 'GET', '/api/meta/server', crossSite)
    assert.equal(keys.headers['access-control-allow-origin'], undefined)
  })

  it('is allowed with --cors-origin', async (t) => {
    const micro = await startTestMicro(t, {corsOrigins: [EVIL]})
    await track(micro.url)
    const read = await rawRequest(micro.url, 'GET', '/micro/all', crossSite)
    assert.equal(read.headers['access-control-allow-origin'], EVIL)
    assert.equal((await rawRequest(micro.url, 'POST', '/micro/reset', {...crossSite, ...json}, '{}')).status, 200)
  })

  it('trackers on any origin still send events: the collector\'s CORS is Snowplow\'s', async (t) => {
    const micro = await startTestMicro(t)
    const shop = {origin: 'https://shop.example', 'sec-fetch-site': 'cross-site'}
    const preflight = await rawRequest(micro.url, 'OPTIONS', '/com.snowplowanalytics.snowplow/tp2', {...shop, 'access-control-request-method': 'POST'})
    assert.equal(preflight.headers['access-control-allow-origin'], 'https://shop.example')
    const body = JSON.stringify({schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4', data: [{e: 'pv', p: 'web', tv: 'js-3', aid: 'shop'}]})
    const post = await rawRequest(micro.url, 'POST', '/com.snowplowanalytics.snowplow/tp2', {...shop, 'content-type': 'text/plain'}, body)
    assert.equal(post.status, 200)
    assert.equal(post.headers['access-control-allow-origin'], 'https://shop.example')
    assert.equal((await rawRequest(micro.url, 'GET', '/i?e=pv&p=web&tv=js-3', {...shop, host: 'cdn.shop.example'})).status, 200)
    assert.equal(await total(micro.url), 2)
  })
})

describe('DNS rebinding: the Host header must name this server', () => {
  it('refuses /micro and /api for another Host; loopback names and --allowed-host pass', async (t) => {
    const micro = await startTestMicro(t, {allowedHosts: ['micro']})
    const port = micro.port
    for (const host of [`rebind.evil.example:${port}`, 'evil.example']) {
      for (const path of ['/micro/all', '/api/meta/health', '/micro/reset']) {
        const answer = await rawRequest(micro.url, 'GET', path, {host})
        assert.equal(answer.status, 403, `${host} ${path}`)
        assert.match(JSON.parse(answer.body).message, /not a name of this server/)
      }
    }
    // percent-encoded paths are routed like the plain ones: guarded like them
    for (const path of ['/%6Dicro/reset', '/%61pi/meta/health', '/micro/reset/']) {
      assert.equal((await rawRequest(micro.url, 'GET', path, {host: 'evil.example'})).status, 403, path)
    }
    assert.equal((await rawRequest(micro.url, 'GET', '/%6Dicro/reset', {'sec-fetch-site': 'cross-site'})).status, 403)
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `micro:${port}`, `LOCALHOST:${port}`]) {
      assert.equal((await rawRequest(micro.url, 'GET', '/micro/all', {host})).status, 200, host)
    }
  })

  it('bound to every interface, any Host is accepted unless --allowed-host names them', () => {
    const request = (host: string) => ({method: 'GET', url: '/micro/all', headers: {host}}) as never
    assert.equal(new OriginPolicy({bindHost: '0.0.0.0'}).check(request('micro:9090')), undefined)
    assert.equal(new OriginPolicy({bindHost: '0.0.0.0', allowedHosts: ['micro']}).check(request('other:9090'))?.status, 403)
    assert.equal(new OriginPolicy({bindHost: '192.168.1.20'}).check(request('192.168.1.20:9090')), undefined)
    assert.equal(new OriginPolicy({corsOrigins: ['https://app.example']}).check(request('app.example')), undefined)
    // the wildcard address itself (sp micro --tail and the printed hints use it) stays a name of the server
    assert.equal(new OriginPolicy({bindHost: '0.0.0.0', allowedHosts: ['micro']}).check(request('0.0.0.0:9090')), undefined)
    assert.equal(new OriginPolicy({bindHost: '::', allowedHosts: ['micro']}).check(request('[::]:9090')), undefined)
  })

  it('the UI behind a TLS proxy on :443 is its own origin (the Origin\'s scheme gives the Host\'s port)', () => {
    const policy = new OriginPolicy({allowedHosts: ['micro.example.test']})
    const post = {method: 'POST', url: '/micro/events', headers: {host: 'micro.example.test', origin: 'https://micro.example.test', 'sec-fetch-site': 'same-origin', 'content-type': 'application/json'}} as never
    assert.equal(policy.check(post), undefined)
    assert.equal(policy.allowsOrigin('https://micro.example.test', 'micro.example.test'), true)
    assert.equal(policy.allowsOrigin('https://micro.example.test', 'micro.example.test:8443'), false)
  })

  it('--cors-origin takes origins only', () => {
    assert.deepEqual(microOptionsFromFlags({'cors-origin': ['https://App.example:8443', '*']}).corsOrigins, ['https://app.example:8443', '*'])
    assert.throws(() => microOptionsFromFlags({'cors-origin': ['https://app.example/path']}), /an origin is scheme:\/\/host\[:port\]/)
    assert.throws(() => microOptionsFromFlags({'cors-origin': ['app.example']}), /Invalid --cors-origin/)
  })
})
