import {test} from 'node:test'
import assert from 'node:assert/strict'
import {rawRequest, startTestMicro, storedPayloads} from '../micro/fixtures.js'
import {COLLECTOR_PAYLOAD_SCHEMA} from '../../src/thrift/collector-payload.js'
import {COLLECTOR_NAME} from '../../src/collector/plugin.js'
import {SP_VERSION} from '../../src/version.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

test('a GET becomes a CollectorPayload with the raw querystring, the headers and the request facts', async (t) => {
  const micro = await startTestMicro(t)
  const before = Date.now()
  await rawRequest(micro.url, {
    path: '/i?e=pv&url=https%3A%2F%2Fshop.example%2F%3Fa%3D1&page=Caf%C3%A9',
    headers: {
      Host: 'collector.shop.example:9090',
      'User-Agent': 'Mozilla/5.0 (test)',
      Referer: 'https://shop.example/products',
      'X-Forwarded-For': '203.0.113.9, 10.0.0.1',
    },
  })
  const [stored] = storedPayloads(micro.store.db)
  const p = stored.payload
  assert.equal(p.schema, COLLECTOR_PAYLOAD_SCHEMA)
  assert.equal(p.encoding, 'UTF-8')
  assert.equal(p.collector, COLLECTOR_NAME)
  assert.equal(COLLECTOR_NAME, `ssc-sp-${SP_VERSION}-stdout`)
  assert.equal(p.path, '/i')
  assert.equal(p.querystring, 'e=pv&url=https%3A%2F%2Fshop.example%2F%3Fa%3D1&page=Caf%C3%A9')
  assert.equal(p.ipAddress, '203.0.113.9')
  assert.equal(stored.ip, '203.0.113.9')
  assert.equal(p.userAgent, 'Mozilla/5.0 (test)')
  assert.equal(p.refererUri, 'https://shop.example/products')
  assert.equal(p.hostname, 'collector.shop.example')
  assert.equal(p.body, undefined)
  assert.equal(p.contentType, undefined)
  assert.ok(p.timestamp >= before && p.timestamp <= Date.now())
  assert.equal(stored.receivedAt, p.timestamp)
  assert.match(p.networkUserId ?? '', UUID)
  assert.deepEqual(p.headers, [
    'Host: collector.shop.example:9090',
    'User-Agent: Mozilla/5.0 (test)',
    'Referer: https://shop.example/products',
    'X-Forwarded-For: 203.0.113.9, 10.0.0.1',
    'Connection: close',
  ])
})

test('a GET without a querystring stores an empty one; the peer address is the IP without X-Forwarded-For', async (t) => {
  const micro = await startTestMicro(t)
  await rawRequest(micro.url, {path: '/ice.png'})
  const [{payload}] = storedPayloads(micro.store.db)
  assert.equal(payload.querystring, '')
  assert.equal(payload.ipAddress, '127.0.0.1')
})

test('a POST keeps its body as text, its content type lower-cased, repeated last in the headers', async (t) => {
  const micro = await startTestMicro(t)
  const body = JSON.stringify({schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4', data: [{e: 'se', se_ca: 'Café ☕'}]})
  await rawRequest(micro.url, {
    method: 'POST',
    path: '/com.snowplowanalytics.snowplow/tp2',
    headers: {'Content-Type': 'application/json; charset=UTF-8', 'Content-Length': String(Buffer.byteLength(body))},
    body,
  })
  const [{payload}] = storedPayloads(micro.store.db)
  assert.equal(payload.body, body)
  assert.equal(payload.contentType, 'application/json; charset=utf-8')
  assert.equal(payload.querystring, '')
  assert.equal(payload.headers?.at(-1), 'application/json; charset=UTF-8')
  assert.ok(payload.headers?.includes('Content-Type: application/json; charset=UTF-8'))
})

test('POST bodies of any content type, or none, are kept as sent', async (t) => {
  const micro = await startTestMicro(t)
  await rawRequest(micro.url, {method: 'POST', path: '/com.mailgun/v1', headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'a=1&b=%C3%A9'})
  await rawRequest(micro.url, {method: 'POST', path: '/com.acme/v1', body: 'no content type'})
  await rawRequest(micro.url, {method: 'POST', path: '/com.acme/v1'})
  const [form, untyped, empty] = storedPayloads(micro.store.db).map((s) => s.payload)
  assert.equal(form.body, 'a=1&b=%C3%A9')
  assert.equal(form.contentType, 'application/x-www-form-urlencoded')
  assert.equal(untyped.body, 'no content type')
  assert.equal(untyped.contentType, undefined)
  assert.equal(empty.body, '')
})

test('the network user id comes from nuid, else the sp cookie, else a new UUID', async (t) => {
  const micro = await startTestMicro(t)
  const cookie = 'sp=c0ffee00-0000-4000-8000-000000000001'
  await rawRequest(micro.url, {path: '/i?e=pv&nuid=11111111-1111-4111-8111-111111111111', headers: {Cookie: cookie}})
  await rawRequest(micro.url, {path: '/i?e=pv', headers: {Cookie: `other=1; ${cookie}`}})
  await rawRequest(micro.url, {path: '/i?e=pv'})
  const [fromParam, fromCookie, fresh] = storedPayloads(micro.store.db).map((s) => s.payload.networkUserId)
  assert.equal(fromParam, '11111111-1111-4111-8111-111111111111')
  assert.equal(fromCookie, 'c0ffee00-0000-4000-8000-000000000001')
  assert.match(fresh ?? '', UUID)
})

test('the stored Cookie header is normalized: no spaces, invalid parts dropped', async (t) => {
  const micro = await startTestMicro(t)
  await rawRequest(micro.url, {path: '/i', headers: {Cookie: 'cookie=value; bad part; sp=abc; x="quoted"'}})
  const [{payload}] = storedPayloads(micro.store.db)
  assert.ok(payload.headers?.includes('Cookie: cookie=value;sp=abc;x="quoted"'), String(payload.headers))
})

test('SP-Anonymous: nil nuid, unknown IP, no X-Forwarded-For / X-Real-Ip / Cookie in the stored headers', async (t) => {
  const micro = await startTestMicro(t)
  const res = await rawRequest(micro.url, {
    path: '/i?e=pv&nuid=11111111-1111-4111-8111-111111111111',
    headers: {'SP-Anonymous': '*', 'X-Forwarded-For': '203.0.113.9', 'X-Real-Ip': '203.0.113.9', Cookie: 'sp=abc'},
  })
  const [stored] = storedPayloads(micro.store.db)
  assert.equal(stored.payload.networkUserId, '00000000-0000-0000-0000-000000000000')
  assert.equal(stored.payload.ipAddress, 'unknown')
  assert.equal(stored.ip, 'unknown')
  const names = (stored.payload.headers ?? []).map((h) => h.split(':')[0].toLowerCase())
  assert.ok(names.includes('sp-anonymous'))
  for (const dropped of ['x-forwarded-for', 'x-real-ip', 'cookie']) assert.ok(!names.includes(dropped), dropped)
  // the client held a cookie: it is expired, not renewed
  assert.match(String(res.headers['set-cookie']), /^sp=; Expires=Thu, 01 Jan 1970 00:00:00 GMT;/)
  const noCookie = await rawRequest(micro.url, {path: '/i', headers: {'SP-Anonymous': '*'}})
  assert.equal(noCookie.headers['set-cookie'], undefined)
})
