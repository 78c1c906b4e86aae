import {test, before, after} from 'node:test'
import assert from 'node:assert/strict'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {MicroClient, resolveMicroUrl} from '../../src/client/micro-client.js'
import {isSpError} from '../../src/errors/sp-error.js'
import {startMicroUnderTest, type MicroUnderTest} from '../e2e/api-micro-harness.js'
import {LINK_CLICK, sendUnknownVendor, trackMix, tracker} from './tracking.js'

let m: MicroUnderTest
let client: MicroClient

before(async () => {
  m = await startMicroUnderTest()
  client = new MicroClient(m.url)
})
after(async () => m?.close())

async function seed(): Promise<void> {
  await client.reset()
  trackMix(tracker(m.micro.port))
  await sendUnknownVendor(m.url)
  const w = await client.wait({}, {count: 5, timeout: 10_000})
  assert.equal(w.status, 'satisfied')
}

test('--url, then SP_URL, then http://127.0.0.1:9090; trailing slashes dropped; junk refused', () => {
  assert.equal(resolveMicroUrl(undefined, {}), 'http://127.0.0.1:9090')
  assert.equal(resolveMicroUrl(undefined, {SP_URL: 'http://micro:9090/'}), 'http://micro:9090')
  assert.equal(resolveMicroUrl('http://a:1', {SP_URL: 'http://b:2'}), 'http://a:1')
  assert.throws(() => resolveMicroUrl('not a url', {}), (e) => isSpError(e) && e.code === 'CLIENT_INVALID_INPUT')
})

test('counts, good and bad lists with filters, as Micro answers them', async () => {
  await seed()
  assert.deepEqual(await client.counts(), {total: 5, good: 3, bad: 2})
  const views = await client.good({event_type: 'pv'})
  assert.equal(views.length, 1)
  assert.equal(views[0]!.eventType, 'page_view')
  assert.equal(views[0]!.event.page_title, 'Home')
  const clicks = await client.good({schema: 'com.snowplowanalytics.snowplow/link_click/jsonschema/1-*-*'})
  assert.deepEqual(clicks.map((g) => g.schema), [LINK_CLICK])
  const bad = await client.bad({status: 'bad'})
  assert.equal(bad.length, 1)
  assert.equal(bad[0]!.errors[0], 'Error while extracting event(s) from collector payload and validating it/them.')
})

test('wait answers satisfied at once, or timeout (408) with the count so far; count() is a zero-timeout wait', async () => {
  await seed()
  const ok = await client.wait({event_type: 'struct'}, {count: 1, timeout: 5000})
  assert.equal(ok.status, 'satisfied')
  assert.equal(ok.matched, 1)
  const late = await client.wait({event_type: 'struct'}, {count: 2, timeout: 50})
  assert.equal(late.status, 'timeout')
  assert.equal(late.matched, 1)
  assert.equal(late.expected, 2)
  assert.deepEqual(late.counts, {total: 5, good: 3, bad: 2, incomplete: 1})
  assert.equal(await client.count({status: 'failed'}), 2)
})

test('captured() merges good, bad and incomplete newest first; incomplete events carry both sides', async () => {
  await seed()
  const all = await client.captured()
  assert.equal(all.length, 5)
  assert.deepEqual(all.map((e) => e.status).sort(), ['bad', 'good', 'good', 'good', 'incomplete'])
  const incomplete = all.find((e) => e.status === 'incomplete')!
  assert.equal(incomplete.eventType, 'unstruct')
  assert.equal(incomplete.appId, 'shop')
  assert.ok(incomplete.good !== null && incomplete.good.incomplete === true, 'the enriched side from /micro/event/{id}')
  assert.ok(incomplete.bad !== null && incomplete.errors[0] === 'Error while validating the event.')
  const bad = all.find((e) => e.status === 'bad')!
  assert.equal(bad.eventId, null)
  assert.equal(bad.bad?.collectorPayload?.api.vendor, 'com.unknown')
  assert.ok(bad.collectorTstamp !== null)
  assert.equal((await client.captured({limit: 2})).length, 2)
  assert.deepEqual((await client.captured({status: 'failed'})).map((e) => e.status).sort(), ['bad', 'incomplete'])
  // two statuses other than failed: the limit counts only them (4 of them are stored)
  const goodOrBad = await client.captured({status: 'good,bad', limit: 3})
  assert.equal(goodOrBad.length, 3)
  assert.ok(goodOrBad.every((e) => e.status === 'good' || e.status === 'bad'))
  assert.equal(await client.count({status: 'good,bad'}), 4)
  await assert.rejects(client.count({status: 'good,nope' as 'good,bad'}), /answered 400: .*status must be good, bad, incomplete, failed or a comma-separated list of them/)
})

test('event(id) finds one event; an unknown id is null', async () => {
  await seed()
  const [view] = await client.good({event_type: 'page_view'})
  const found = await client.event(view!.event.event_id)
  assert.equal(found?.status, 'good')
  assert.equal(found?.good?.event.event_id, view!.event.event_id)
  assert.equal(await client.event('00000000-0000-4000-8000-000000000000'), null)
})

test('reset empties the store', async () => {
  await seed()
  await client.reset()
  assert.deepEqual(await client.counts(), {total: 0, good: 0, bad: 0})
})

test('nothing listening: CLIENT_UNREACHABLE naming the URL and the cause', async () => {
  const server = createServer()
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  await new Promise<void>((r) => server.close(() => r()))
  await assert.rejects(new MicroClient(`http://127.0.0.1:${port}`).counts(), (e) => {
    assert.ok(isSpError(e))
    assert.equal(e.code, 'CLIENT_UNREACHABLE')
    assert.match(e.message, new RegExp(`127\\.0\\.0\\.1:${port}`))
    assert.match(e.message, /ECONNREFUSED/)
    return true
  })
})

test('a server that is not sp micro: malformed responses and HTTP errors are clear SpErrors', async (t) => {
  const server: Server = createServer((req, res) => {
    if (req.url === '/micro/all') res.writeHead(200, {'content-type': 'text/html'}).end('<html>hello</html>')
    else if (req.url === '/micro/wait') res.writeHead(500).end('boom')
    else res.writeHead(404).end()
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  t.after(() => new Promise<void>((r) => server.close(() => r())))
  const other = new MicroClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
  await assert.rejects(other.counts(), (e) => isSpError(e) && e.code === 'CLIENT_MALFORMED_RESPONSE')
  await assert.rejects(other.wait(), (e) => isSpError(e) && e.code === 'CLIENT_HTTP_ERROR' && /answered 500: boom/.test(e.message))
  await assert.rejects(other.good(), (e) => isSpError(e) && e.code === 'CLIENT_HTTP_ERROR' && /404/.test(e.message))
})
