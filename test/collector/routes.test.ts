import {test} from 'node:test'
import assert from 'node:assert/strict'
import {startTestMicro, storedPayloads} from '../micro/fixtures.js'
import {PIXEL} from '../../src/collector/responses.js'

const GIF_BASE64 = 'R0lGODlhAQABAPAAAP///wAAACH5BAUAAAAALAAAAAABAAEAAAICRAEAOw=='

test('GET /i, /ice.png and /{vendor}/{version} answer the 43-byte GIF with no-cache, and store the request', async (t) => {
  const micro = await startTestMicro(t)
  for (const path of ['/i?e=pv', '/ice.png?e=pv', '/com.snowplowanalytics.snowplow/tp2?e=pv']) {
    const res = await fetch(micro.url + path)
    assert.equal(res.status, 200, path)
    assert.equal(res.headers.get('content-type'), 'image/gif')
    assert.equal(res.headers.get('cache-control'), 'no-cache, no-store, must-revalidate')
    const body = Buffer.from(await res.arrayBuffer())
    assert.equal(body.length, 43)
    assert.equal(body.toString('base64'), GIF_BASE64)
  }
  assert.ok(PIXEL.equals(Buffer.from(GIF_BASE64, 'base64')))
  assert.deepEqual(storedPayloads(micro.store.db).map((p) => p.path), ['/i', '/ice.png', '/com.snowplowanalytics.snowplow/tp2'])
})

test('HEAD on a pixel route answers like GET without a body and is stored too', async (t) => {
  const micro = await startTestMicro(t)
  const res = await fetch(micro.url + '/i?e=pp', {method: 'HEAD'})
  assert.equal(res.status, 200)
  assert.equal(res.headers.get('content-type'), 'image/gif')
  assert.equal(storedPayloads(micro.store.db).length, 1)
})

test('POST /{vendor}/{version} answers 200 text/plain "ok"', async (t) => {
  const micro = await startTestMicro(t)
  for (const path of ['/com.snowplowanalytics.snowplow/tp2', '/com.snowplowanalytics.iglu/v1', '/com.mailgun/v1']) {
    const res = await fetch(micro.url + path, {method: 'POST', body: '{}', headers: {'content-type': 'application/json'}})
    assert.equal(res.status, 200, path)
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/)
    assert.equal(await res.text(), 'ok')
  }
  assert.equal(storedPayloads(micro.store.db).length, 3)
})

test('paths with one or three segments are 404 and nothing is stored', async (t) => {
  const micro = await startTestMicro(t)
  for (const [method, path] of [['POST', '/i'], ['POST', '/a/b/c'], ['GET', '/a/b/c'], ['POST', '/'], ['GET', '/crossdomain.xml']]) {
    const res = await fetch(micro.url + path, {method, body: method === 'POST' ? 'x' : undefined})
    assert.equal(res.status, 404, `${method} ${path}`)
  }
  // Micro answers GET / 404 too; sp micro sends it to the web UI (docs/ui.md), storing nothing
  const root = await fetch(micro.url + '/', {redirect: 'manual'})
  assert.equal(root.status, 302)
  assert.equal(root.headers.get('location'), '/micro/ui')
  assert.equal(storedPayloads(micro.store.db).length, 0)
})

test('/health answers ok and /robots.txt disallows everything', async (t) => {
  const micro = await startTestMicro(t)
  const health = await fetch(micro.url + '/health')
  assert.equal(health.status, 200)
  assert.equal(await health.text(), 'ok')
  const robots = await fetch(micro.url + '/robots.txt')
  assert.equal(robots.status, 200)
  const text = await robots.text()
  for (const agent of ['*', 'Googlebot', 'AdsBot-Google']) assert.ok(text.includes(`User-agent: ${agent}\nDisallow: /\n`), agent)
  assert.equal(storedPayloads(micro.store.db).length, 0)
})

test('OPTIONS preflight answers 200 with the CORS headers, echoing the Origin', async (t) => {
  const micro = await startTestMicro(t)
  const res = await fetch(micro.url + '/com.snowplowanalytics.snowplow/tp2', {method: 'OPTIONS', headers: {origin: 'https://shop.example:8443'}})
  assert.equal(res.status, 200)
  assert.equal(await res.text(), '')
  assert.equal(res.headers.get('access-control-allow-origin'), 'https://shop.example:8443')
  assert.equal(res.headers.get('access-control-allow-credentials'), 'true')
  assert.equal(res.headers.get('access-control-allow-headers'), 'Content-Type, SP-Anonymous')
  assert.equal(res.headers.get('access-control-max-age'), '3600')
  const anyOrigin = await fetch(micro.url + '/i', {method: 'OPTIONS'})
  assert.equal(anyOrigin.headers.get('access-control-allow-origin'), '*')
  assert.equal(storedPayloads(micro.store.db).length, 0)
})

test('tracking responses carry CORS headers: the first Origin echoed, else *', async (t) => {
  const micro = await startTestMicro(t)
  const withOrigin = await fetch(micro.url + '/com.snowplowanalytics.snowplow/tp2', {
    method: 'POST',
    body: '{}',
    headers: {origin: 'http://origin.com http://other.com'},
  })
  assert.equal(withOrigin.headers.get('access-control-allow-origin'), 'http://origin.com')
  assert.equal(withOrigin.headers.get('access-control-allow-credentials'), 'true')
  const without = await fetch(micro.url + '/i')
  assert.equal(without.headers.get('access-control-allow-origin'), '*')
})

test('/r/* is 404 "redirects disabled" by default, for every method, and stores nothing', async (t) => {
  const micro = await startTestMicro(t)
  for (const method of ['GET', 'POST', 'PUT']) {
    const res = await fetch(micro.url + '/r/tp2?u=https%3A%2F%2Fshop.example%2F', {method, redirect: 'manual'})
    assert.equal(res.status, 404)
    assert.equal(await res.text(), 'redirects disabled')
  }
  assert.equal(storedPayloads(micro.store.db).length, 0)
})

test('with redirects on, /r/tp2 answers 302 to an allowed u, 400 otherwise, and stores the request', async (t) => {
  const micro = await startTestMicro(t, {collector: {redirects: {enabled: true, domains: ['shop.example']}}})
  const ok = await fetch(micro.url + '/r/tp2?e=pv&u=https%3A%2F%2Fshop.example%2Fsale', {redirect: 'manual'})
  assert.equal(ok.status, 302)
  assert.equal(ok.headers.get('location'), 'https://shop.example/sale')
  assert.match(ok.headers.get('set-cookie') ?? '', /^sp=/)
  const other = await fetch(micro.url + '/r/tp2?u=https%3A%2F%2Fevil.example%2F', {redirect: 'manual'})
  assert.equal(other.status, 400)
  const missing = await fetch(micro.url + '/r/tp2?e=pv', {redirect: 'manual'})
  assert.equal(missing.status, 400)
  const stored = storedPayloads(micro.store.db)
  assert.deepEqual(stored.map((p) => p.path), ['/r/tp2', '/r/tp2', '/r/tp2'])
  assert.equal(stored[0].payload.querystring, 'e=pv&u=https%3A%2F%2Fshop.example%2Fsale')
})

test('with redirects on and no allow-list, any target is allowed', async (t) => {
  const micro = await startTestMicro(t, {collector: {redirects: {enabled: true, domains: []}}})
  const res = await fetch(micro.url + '/r/tp2?u=https%3A%2F%2Fanywhere.example%2F', {redirect: 'manual'})
  assert.equal(res.status, 302)
})

test('custom path mappings store the mapped path; a mapping to /r/ redirects', async (t) => {
  const micro = await startTestMicro(t, {
    collector: {
      paths: {
        '/com.acme/track': '/com.snowplowanalytics.snowplow/tp2',
        '/com.acme/redirect': '/r/tp2',
        '/collect': '/com.snowplowanalytics.snowplow/tp2',
      },
    },
  })
  const post = await fetch(micro.url + '/com.acme/track', {method: 'POST', body: '{}'})
  assert.equal(await post.text(), 'ok')
  const get = await fetch(micro.url + '/com.acme/track?e=pv')
  assert.equal(get.headers.get('content-type'), 'image/gif')
  const single = await fetch(micro.url + '/collect', {method: 'POST', body: '{}'})
  assert.equal(single.status, 200)
  const redirect = await fetch(micro.url + '/com.acme/redirect?u=https%3A%2F%2Fshop.example%2F', {redirect: 'manual'})
  assert.equal(redirect.status, 302)
  assert.deepEqual(storedPayloads(micro.store.db).map((p) => p.path), [
    '/com.snowplowanalytics.snowplow/tp2',
    '/com.snowplowanalytics.snowplow/tp2',
    '/com.snowplowanalytics.snowplow/tp2',
    '/r/tp2',
  ])
})
