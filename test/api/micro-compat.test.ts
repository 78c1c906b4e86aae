import {test, describe, before, after, beforeEach} from 'node:test'
import assert from 'node:assert/strict'
import {gunzipSync} from 'node:zlib'
import {startApi, type ApiHarness} from './api-harness.js'
import {badEvent, goodEvent, LINK_CLICK, MOBILE_CONTEXT, PAGE_PING, PAGE_VIEW, WEB_PAGE} from './event-fixtures.js'

// InMemoryStorageSpec's fixtures: app_id test1..3 at 1761686400 s, +30 s, +120 s
const T0 = 1761686400_000
const linkClick = {schema: LINK_CLICK, data: {targetUrl: 'https://example.com'}}
const webPage = {schema: WEB_PAGE, data: {id: 'a1b2c3'}}
const mobile = {schema: MOBILE_CONTEXT, data: {osType: 'ios', osVersion: '17', deviceManufacturer: 'Apple', deviceModel: 'iPhone'}}
const good1 = goodEvent({appId: 'test1', eventType: 'page_view', contexts: [webPage], collectorTstamp: T0})
const good2 = goodEvent({appId: 'test2', eventType: 'unstruct', unstruct: linkClick, contexts: [webPage, mobile], collectorTstamp: T0 + 30_000})
const good3 = goodEvent({appId: 'test3', eventType: 'page_ping', collectorTstamp: T0 + 120_000})

type GoodJson = {eventType: string; schema: string; contexts: string[]; incomplete: boolean; event: Record<string, unknown>; rawEvent: unknown}

describe('Micro REST API compatibility', () => {
  let api: ApiHarness
  before(async () => {
    api = await startApi()
  })
  after(() => api.close())
  beforeEach(() => api.store.reset())

  async function good(body?: unknown): Promise<GoodJson[]> {
    const res = body === undefined ? await api.get('/micro/good') : await api.post('/micro/good', body)
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/)
    return (await res.json()) as GoodJson[]
  }

  test('/micro/all counts good and bad; incomplete events count as bad only', async () => {
    assert.deepEqual(await (await api.get('/micro/all')).json(), {total: 0, good: 0, bad: 0})
    await api.add(good1, badEvent(), goodEvent({status: 'incomplete'}), good2)
    for (const res of [await api.get('/micro/all'), await api.post('/micro/all', '')]) {
      assert.equal(res.status, 200)
      assert.equal(await res.text(), '{"total":4,"good":2,"bad":2}')
    }
  })

  test('GoodEvent has Micro fields in Micro order, newest first, incomplete events hidden', async () => {
    await api.add(good1, good2, goodEvent({status: 'incomplete'}), good3)
    const text = await (await api.get('/micro/good')).text()
    const list = JSON.parse(text) as GoodJson[]
    assert.deepEqual(Object.keys(list[0]!), ['rawEvent', 'eventType', 'schema', 'contexts', 'event', 'incomplete'])
    assert.deepEqual(
      list.map((e) => e.event.app_id),
      ['test3', 'test2', 'test1'],
    )
    assert.deepEqual(
      list.map((e) => [e.eventType, e.schema, e.incomplete]),
      [
        ['page_ping', PAGE_PING, false],
        ['unstruct', LINK_CLICK, false],
        ['page_view', PAGE_VIEW, false],
      ],
    )
    assert.deepEqual(list[1]!.contexts, [WEB_PAGE, MOBILE_CONTEXT])
    // the stored texts are returned verbatim
    assert.ok(text.includes(good2.event!))
    assert.ok(text.includes(good2.rawEvent!))
  })

  test('good filters: event_type is the enriched name, schema exact, contexts a subset, limit the newest', async () => {
    await api.add(good1, good2, good3)
    assert.deepEqual((await good({event_type: 'unstruct'})).map((e) => e.event.app_id), ['test2'])
    assert.deepEqual(await good({event_type: 'page_vieww'}), [])
    assert.deepEqual((await good({schema: LINK_CLICK})).map((e) => e.event.app_id), ['test2'])
    assert.deepEqual(await good({schema: 'iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-0'}), [])
    // exact set, subset, superset, empty
    assert.deepEqual((await good({contexts: [WEB_PAGE, MOBILE_CONTEXT]})).map((e) => e.event.app_id), ['test2'])
    assert.deepEqual((await good({contexts: [WEB_PAGE]})).map((e) => e.event.app_id), ['test2', 'test1'])
    assert.deepEqual(await good({contexts: [WEB_PAGE, MOBILE_CONTEXT, LINK_CLICK]}), [])
    assert.deepEqual((await good({contexts: []})).length, 3)
    assert.deepEqual((await good({limit: 2})).map((e) => e.event.app_id), ['test3', 'test2'])
    assert.deepEqual((await good({limit: 0})).length, 0)
    assert.deepEqual((await good({event_type: 'page_view', schema: PAGE_VIEW, contexts: [WEB_PAGE], limit: 5})).map((e) => e.event.app_id), ['test1'])
    // nulls mean "no filter", unknown fields are ignored, as Micro's decoder does
    assert.equal((await good({event_type: null, schema: null, contexts: null, limit: null, other: 1})).length, 3)
  })

  test('friendlier filters: tracker codes, URIs without iglu:, * versions, GET query parameters', async () => {
    await api.add(good1, good2, good3)
    assert.deepEqual((await good({event_type: 'ue'})).map((e) => e.event.app_id), ['test2'])
    assert.deepEqual((await good({event_type: 'pp'})).map((e) => e.event.app_id), ['test3'])
    assert.deepEqual((await good({schema: 'com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1'})).length, 1)
    assert.deepEqual((await good({schema: 'iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-*-*'})).length, 1)
    assert.deepEqual((await good({schema: 'com.snowplowanalytics.snowplow/link_click/jsonschema/2-*-*'})).length, 0)
    assert.deepEqual((await good({contexts: ['com.snowplowanalytics.snowplow/mobile_context/jsonschema/1-*-*']})).length, 1)
    assert.deepEqual((await good({app_id: 'TEST1'})).map((e) => e.event.app_id), ['test1'])
    assert.deepEqual((await good({event_id: good3.eventId})).map((e) => e.event.app_id), ['test3'])
    assert.deepEqual((await good({q: 'osVersion'})).map((e) => e.event.app_id), ['test2'])
    const viaQuery = (await (await api.get('/micro/good?event_type=pv&limit=5')).json()) as GoodJson[]
    assert.deepEqual(viaQuery.map((e) => e.event.app_id), ['test1'])
    const contextsQuery = (await (await api.get(`/micro/good?contexts=${WEB_PAGE},${MOBILE_CONTEXT}`)).json()) as GoodJson[]
    assert.deepEqual(contextsQuery.map((e) => e.event.app_id), ['test2'])
  })

  test('bad filters compare the payload api; a bad event without collector payload passes them', async () => {
    const tp1 = badEvent({api: {vendor: 'com.snowplowanalytics.snowplow', version: 'tp1'}})
    const acme = badEvent({api: {vendor: 'com.acme', version: 'v1'}})
    const thrift = badEvent({api: null, errors: ["Can't deserialize Thrift bytes."]})
    await api.add(tp1, acme, thrift, good1)
    const bad = async (body?: unknown) => {
      const res = body === undefined ? await api.get('/micro/bad') : await api.post('/micro/bad', body)
      assert.equal(res.status, 200)
      return (await res.json()) as {collectorPayload: {api: {vendor: string; version: string}} | null; rawEvent: unknown; errors: string[]}[]
    }
    const all = await bad()
    assert.equal(all.length, 3)
    assert.deepEqual(Object.keys(all[0]!), ['collectorPayload', 'rawEvent', 'errors'])
    assert.deepEqual(all[0], {collectorPayload: null, rawEvent: null, errors: ["Can't deserialize Thrift bytes."]})
    assert.deepEqual((await bad({vendor: 'com.acme'})).map((b) => b.collectorPayload?.api.vendor ?? null), [null, 'com.acme'])
    assert.deepEqual((await bad({version: 'tp1'})).map((b) => b.collectorPayload?.api.version ?? null), [null, 'tp1'])
    assert.deepEqual((await bad({vendor: 'com.snowplowanalytics.snowplow', version: 'tp1'})).length, 2)
    assert.deepEqual((await bad({vendor: 'com.acme', version: 'tp1'})).length, 1)
    assert.deepEqual((await bad({limit: 1})).length, 1)
  })

  test('an incomplete event is listed in /micro/bad with its payload, raw event and errors', async () => {
    const incomplete = goodEvent({status: 'incomplete', eventType: 'unstruct'})
    await api.add(incomplete)
    const [row] = (await (await api.get('/micro/bad')).json()) as {collectorPayload: unknown; rawEvent: unknown; errors: string[]}[]
    assert.deepEqual(row!.errors, incomplete.errors)
    assert.deepEqual(row!.rawEvent, JSON.parse(incomplete.rawEvent!))
    assert.deepEqual(row!.collectorPayload, JSON.parse(incomplete.collectorPayload!))
    assert.equal(row!.errors[0], 'Error while validating the event.')
    assert.deepEqual(await good(), [])
  })

  test('reset clears everything and answers Reset completed on GET and POST', async () => {
    await api.add(good1, badEvent())
    for (const res of [await api.get('/micro/reset'), await api.post('/micro/reset', '')]) {
      assert.equal(res.status, 200)
      assert.equal(await res.text(), 'Reset completed')
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain/)
    }
    assert.deepEqual(await (await api.get('/micro/all')).json(), {total: 0, good: 0, bad: 0})
    assert.deepEqual(await good(), [])
  })

  test('unknown /micro paths and methods get Micro 404 text', async () => {
    for (const [method, p] of [
      ['GET', '/micro/unknown'],
      ['GET', '/micro'],
      ['DELETE', '/micro/all'],
      ['GET', '/micro/events'],
      ['POST', '/micro/columns'],
      ['GET', '/micro/iglu/com.acme/x/other/1-0-0'],
    ] as const) {
      const res = await fetch(api.url + p, {method})
      assert.equal(res.status, 404, `${method} ${p}`)
      assert.equal(
        await res.text(),
        'Supported endpoints: /micro/all, /micro/good, /micro/bad, /micro/events, /micro/reset, /micro/columns, /micro/columnStats, /micro/timeline, /micro/iglu, /micro/ui, /micro/wait, /micro/stream, /micro/event/{event_id}',
      )
    }
  })

  test('bodies: any Content-Type is read, malformed JSON is 400, a wrong shape 422 naming the field', async () => {
    await api.add(good1)
    const plain = await fetch(api.url + '/micro/good', {method: 'POST', body: '{"event_type":"page_view"}', headers: {'content-type': 'text/plain'}})
    assert.equal(((await plain.json()) as unknown[]).length, 1)
    const none = await fetch(api.url + '/micro/good', {method: 'POST', body: '{"limit":1}'})
    assert.equal(((await none.json()) as unknown[]).length, 1)
    const malformed = await api.post('/micro/good', '{"event_type":')
    assert.equal(malformed.status, 400)
    assert.match(await malformed.text(), /^The request body was malformed/)
    const wrong = await api.post('/micro/good', {limit: 'two'})
    assert.equal(wrong.status, 422)
    assert.equal(await wrong.text(), 'The request body was invalid: limit must be a non-negative integer, got "two"')
    const array = await api.post('/micro/good', [])
    assert.equal(array.status, 422)
    assert.equal(await array.text(), 'The request body was invalid: the request body must be a JSON object, got []')
    const wrongContexts = await api.post('/micro/good', {contexts: [1]})
    assert.equal(wrongContexts.status, 422)
    const badQuery = await api.get('/micro/good?limit=-1')
    assert.equal(badQuery.status, 400)
    assert.deepEqual(await badQuery.json(), {message: 'limit must be a non-negative integer, got "-1"'})
  })

  test('CORS on every /micro route, and OPTIONS preflight', async () => {
    const res = await api.get('/micro/all', {headers: {origin: 'http://localhost:5173'}})
    assert.equal(res.headers.get('access-control-allow-origin'), 'http://localhost:5173')
    assert.equal(res.headers.get('access-control-allow-credentials'), 'true')
    const anyOrigin = await api.get('/micro/nothing-here')
    assert.equal(anyOrigin.headers.get('access-control-allow-origin'), '*')
    const preflight = await fetch(api.url + '/micro/good', {
      method: 'OPTIONS',
      headers: {origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type'},
    })
    assert.equal(preflight.status, 204)
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'http://localhost:5173')
    assert.equal(preflight.headers.get('access-control-allow-methods'), 'GET, POST, OPTIONS')
    assert.equal(preflight.headers.get('access-control-allow-headers'), 'content-type')
  })

  test('gzip when asked, plain otherwise', async () => {
    await api.add(good1, good2, good3)
    const {request} = await import('node:http')
    const raw = await new Promise<{headers: Record<string, unknown>; body: Buffer}>((resolve, reject) => {
      request(api.url + '/micro/good', {headers: {'accept-encoding': 'gzip'}}, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({headers: res.headers, body: Buffer.concat(chunks)}))
      })
        .on('error', reject)
        .end()
    })
    assert.equal(raw.headers['content-encoding'], 'gzip')
    assert.match(String(raw.headers.vary), /Accept-Encoding/)
    assert.equal((JSON.parse(gunzipSync(raw.body).toString()) as unknown[]).length, 3)
    const identity = await api.get('/micro/good', {headers: {'accept-encoding': 'identity'}})
    assert.equal(identity.headers.get('content-encoding'), null)
  })

  test('large lists stream newest first across chunks without losing or repeating an event', async () => {
    const events = Array.from({length: 1203}, (_, i) => goodEvent({appId: `a${i}`, collectorTstamp: T0 + i}))
    for (let i = 0; i < events.length; i += 100) await Promise.all(events.slice(i, i + 100).map((e) => api.add(e)))
    const list = await good()
    assert.equal(list.length, 1203)
    const ids = list.map((e) => Number(String(e.event.app_id).slice(1)))
    assert.equal(new Set(ids).size, 1203)
    assert.equal((await good({limit: 501})).length, 501)
  })
})

describe('Micro API flags', () => {
  test('--no-storage: every /micro path answers an empty 404', async (t) => {
    const api = await startApi({storage: false})
    t.after(() => api.close())
    for (const p of ['/micro/all', '/micro/good', '/micro/bad', '/micro/events', '/micro/ui', '/micro/reset', '/micro/iglu/com.acme/x/jsonschema/1-0-0']) {
      const res = await api.get(p)
      assert.equal(res.status, 404, p)
      assert.equal(await res.text(), '')
    }
    assert.equal((await api.post('/micro/events', {page: 1, pageSize: 1})).status, 404)
  })

  test('legacy reset answers the ≤3.x JSON summary', async (t) => {
    const api = await startApi({legacyReset: true})
    t.after(() => api.close())
    await api.add(good1)
    const res = await api.get('/micro/reset')
    assert.equal(await res.text(), '{"total":0,"good":0,"bad":0}')
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/)
  })
})
