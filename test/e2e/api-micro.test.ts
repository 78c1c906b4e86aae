import {test, describe, before, after, beforeEach} from 'node:test'
import assert from 'node:assert/strict'
import {newTracker, buildPageView, buildSelfDescribingEvent, buildStructEvent, type Tracker} from '@snowplow/node-tracker'
import {startMicroUnderTest, type MicroUnderTest} from './api-micro-harness.js'

const LINK_CLICK = 'iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1'
const WEB_PAGE = 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0'
const MOBILE = 'iglu:com.snowplowanalytics.snowplow/mobile_context/jsonschema/1-0-1'

type GoodEvent = {rawEvent: {parameters: Record<string, string>}; eventType: string; schema: string; contexts: string[]; event: Record<string, any>; incomplete: boolean}
type BadEvent = {collectorPayload: {api: {vendor: string; version: string}} | null; rawEvent: unknown; errors: string[]}

// Every query below runs right after the tracker's request resolved: no sleeps, no polling.
// Micro's own MicroApiSpec sleeps 1 s at this point, because Micro processes asynchronously.
describe('sp micro answers Micro API clients (MicroApiSpec, real node tracker)', () => {
  let m: MicroUnderTest
  const get = async (p: string) => fetch(m.url + p)
  const json = async <T>(p: string, body?: unknown): Promise<T> => {
    const res = body === undefined ? await get(p) : await fetch(m.url + p, {method: 'POST', body: JSON.stringify(body)})
    assert.equal(res.status, 200, p)
    return (await res.json()) as T
  }
  before(async () => {
    m = await startMicroUnderTest()
  })
  after(() => m.close())
  beforeEach(async () => {
    assert.equal(await (await get('/micro/reset')).text(), 'Reset completed')
  })

  function tracker(encodeBase64 = true): Tracker {
    return newTracker({namespace: 'api-e2e', appId: 'shop', encodeBase64}, {endpoint: '127.0.0.1', port: m.micro.port, protocol: 'http', eventMethod: 'post', bufferSize: 1})
  }

  test('GET /i?e=pp&p=web&tv=lol is one good page_ping', async () => {
    assert.equal((await get('/i?e=pp&p=web&tv=lol')).status, 200)
    assert.deepEqual(await json('/micro/all'), {total: 1, good: 1, bad: 0})
    const [event, ...rest] = await json<GoodEvent[]>('/micro/good')
    assert.equal(rest.length, 0)
    assert.equal(event!.eventType, 'page_ping')
    assert.equal(event!.schema, 'iglu:com.snowplowanalytics.snowplow/page_ping/jsonschema/1-0-0')
    assert.equal(event!.event.platform, 'web')
    assert.equal(event!.event.v_tracker, 'lol')
    assert.equal(event!.incomplete, false)
  })

  test('&eid=invalidEventId is one bad event; both then reset', async () => {
    await get('/i?e=pp&p=web&tv=lol&eid=invalidEventId')
    assert.deepEqual(await json('/micro/all'), {total: 1, good: 0, bad: 1})
    const [bad] = await json<BadEvent[]>('/micro/bad')
    assert.equal(bad!.errors[0], 'Error while validating the event.')
    assert.deepEqual(await json('/micro/good'), [])
    // the incomplete event shows in /micro/events only
    const events = await json<{events: Record<string, unknown>[]; totalItems: number}>('/micro/events', {filters: [], validEvents: false, page: 1, pageSize: 10})
    assert.equal(events.totalItems, 1)
    await get('/i?e=pp&p=web&tv=lol')
    assert.deepEqual(await json('/micro/all'), {total: 2, good: 1, bad: 1})
    assert.equal(await (await get('/micro/reset')).text(), 'Reset completed')
    assert.deepEqual(await json('/micro/all'), {total: 0, good: 0, bad: 0})
  })

  test('the node tracker: event types, schemas, contexts in order, raw parameters', async () => {
    const t = tracker()
    t.track(buildPageView({pageUrl: 'https://shop.example/', pageTitle: 'Home'}), [{schema: WEB_PAGE, data: {id: 'b4c5c8c0-0000-4000-8000-000000000001'}}])
    t.track(buildStructEvent({category: 'shop', action: 'add', value: 2}))
    t.track(
      buildSelfDescribingEvent({event: {schema: LINK_CLICK, data: {targetUrl: 'https://shop.example/cart'}}}),
      [
        {schema: LINK_CLICK, data: {targetUrl: 'https://shop.example/a'}},
        {schema: MOBILE, data: {osType: 'ios', osVersion: '17.0', deviceManufacturer: 'Apple', deviceModel: 'iPhone'}},
      ],
    )
    await t.flush()
    assert.deepEqual(await json('/micro/all'), {total: 3, good: 3, bad: 0})
    const good = await json<GoodEvent[]>('/micro/good')
    assert.deepEqual(good.map((e) => e.eventType), ['unstruct', 'struct', 'page_view'])
    const [click, struct, view] = good as [GoodEvent, GoodEvent, GoodEvent]
    assert.equal(click.schema, LINK_CLICK)
    assert.deepEqual(click.contexts, [LINK_CLICK, MOBILE])
    assert.deepEqual(click.event.unstruct_event.data, {schema: LINK_CLICK, data: {targetUrl: 'https://shop.example/cart'}})
    assert.equal(click.event.contexts.data[1].data.osType, 'ios')
    assert.equal(struct.event.se_category, 'shop')
    assert.equal(struct.event.se_value, 2)
    assert.equal(view.event.page_title, 'Home')
    assert.equal(view.rawEvent.parameters.e, 'pv')
    assert.equal(view.event.app_id, 'shop')
    // filters as Micro users send them, and ours
    assert.deepEqual((await json<GoodEvent[]>('/micro/good', {event_type: 'unstruct', schema: LINK_CLICK, contexts: [MOBILE]})).length, 1)
    assert.deepEqual((await json<GoodEvent[]>('/micro/good?event_type=se')).map((e) => e.eventType), ['struct'])
    assert.deepEqual((await json<GoodEvent[]>('/micro/good', {limit: 1})).map((e) => e.eventType), ['unstruct'])
  })

  test('an invalid self-describing event is bad and its incomplete event is queryable', async () => {
    const t = tracker(false)
    t.track(buildSelfDescribingEvent({event: {schema: LINK_CLICK, data: {foo: 'bar'}}}))
    t.track(buildSelfDescribingEvent({event: {schema: 'iglu:com.doesnotexist/does_not_exist/jsonschema/1-0-1', data: {}}}))
    await t.flush()
    assert.deepEqual(await json('/micro/all'), {total: 2, good: 0, bad: 2})
    const bad = await json<BadEvent[]>('/micro/bad')
    assert.deepEqual(bad.map((b) => b.errors[0]), ['Error while validating the event.', 'Error while validating the event.'])
    assert.match(bad[0]!.errors.slice(1).join('\n'), /ResolutionError/)
    assert.match(bad[1]!.errors.slice(1).join('\n'), /ValidationError/)
    assert.deepEqual(await json('/micro/bad', {vendor: 'com.snowplowanalytics.snowplow', version: 'tp2'}), bad)
    assert.deepEqual(await json('/micro/bad', {version: 'tp1'}), [])
  })

  test('EventSinkSpec failures as the API shows them: tp2 batch, missing e, invalid context, unknown path', async () => {
    const tp2 = (data: Record<string, string>[]) =>
      fetch(m.url + '/com.snowplowanalytics.snowplow/tp2', {
        method: 'POST',
        headers: {'content-type': 'application/json'},
        body: JSON.stringify({schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4', data}),
      })
    assert.equal((await tp2([{e: 'pv', p: 'web', tv: 'x'}, {e: 'pv', p: 'web', tv: 'x', eid: 'invalidEventId'}])).status, 200)
    assert.deepEqual(await json('/micro/all'), {total: 2, good: 1, bad: 1})
    await tp2([{p: 'web', tv: 'no-e'}])
    const invalidContext = JSON.stringify({schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0', data: [{schema: LINK_CLICK, data: {foo: 'bar'}}]})
    await tp2([{e: 'pv', p: 'web', tv: 'x', co: invalidContext}])
    assert.deepEqual(await json('/micro/all'), {total: 4, good: 1, bad: 3})
    const [context, missingE] = await json<BadEvent[]>('/micro/bad')
    assert.equal(context!.errors[0], 'Error while validating the event.')
    assert.match(context!.errors.slice(1).join('\n'), /link_click/)
    // payload_data requires `e`: the tp2 adapter or enrich rejects it, either way it is bad
    assert.ok(missingE!.errors.length >= 2)
    await fetch(m.url + '/bad/path', {method: 'POST', body: '{}'})
    const [unknown] = await json<BadEvent[]>('/micro/bad', {limit: 1})
    assert.equal(unknown!.errors[0], 'Error while extracting event(s) from collector payload and validating it/them.')
    assert.equal(unknown!.rawEvent, null)
    assert.deepEqual(await json('/micro/bad', {vendor: 'bad', version: 'path', limit: 1}), [unknown])
  })

  test('POST /micro/wait replaces the polling loop; /micro/event/{id} finds one event', async () => {
    const t = tracker()
    const waiting = fetch(m.url + '/micro/wait', {method: 'POST', body: JSON.stringify({filter: {event_type: 'pv', app_id: 'shop'}, count: 2, timeout: 10_000})})
    t.track(buildPageView({pageUrl: 'https://shop.example/1'}))
    t.track(buildPageView({pageUrl: 'https://shop.example/2'}))
    await t.flush()
    const res = await waiting
    assert.equal(res.status, 200)
    const body = (await res.json()) as {status: string; matched: number}
    assert.equal(body.status, 'satisfied')
    assert.equal(body.matched, 2)
    const [latest] = await json<GoodEvent[]>('/micro/good', {limit: 1})
    const lookup = await json<{status: string; good: GoodEvent; bad: null}>(`/micro/event/${latest!.event.event_id}`)
    assert.equal(lookup.status, 'good')
    assert.equal(lookup.good.event.page_url, 'https://shop.example/2')
  })

  test('/micro/iglu serves schemas through the same resolver; unknown ones get Micro 404 bodies', async () => {
    const found = await get('/micro/iglu/com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1')
    assert.equal(found.status, 200)
    const schema = (await found.json()) as {self: {name: string; version: string}}
    assert.deepEqual([schema.self.name, schema.self.version], ['link_click', '1-0-1'])
    const missing = await get('/micro/iglu/com.snowplowanalytics.snowplow/nope/jsonschema/1-0-0')
    assert.equal(missing.status, 404)
    const body = (await missing.json()) as {value: Record<string, {errors: {error: string}[]; attempts: number; lastAttempt: string}>}
    const repos = Object.values(body.value)
    assert.ok(repos.length >= 1)
    assert.ok(repos.some((r) => r.errors.some((e) => e.error === 'NotFound')))
    for (const r of repos) assert.match(r.lastAttempt, /^\d{4}-\d{2}-\d{2}T/)
    const wrongVersion = await get('/micro/iglu/com.snowplowanalytics.snowplow/link_click/jsonschema/1-0')
    assert.equal(wrongVersion.status, 404)
    assert.equal(await wrongVersion.text(), 'Schema lookup should be in format iglu/{vendor}/{schemaName}/jsonschema/{model}-{revision}-{addition}')
  })
})

describe('sp micro --no-storage (MicroApiSpec)', () => {
  test('every /micro endpoint is an empty 404; collection and /health keep working', async (t) => {
    const m = await startMicroUnderTest({storage: false})
    t.after(() => m.close())
    assert.equal((await fetch(m.url + '/i?e=pp&p=web&tv=lol')).status, 200)
    for (const p of ['/micro/all', '/micro/good', '/micro/bad', '/micro/events', '/micro/ui', '/micro/loader', '/micro/reset', '/micro/iglu/com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1']) {
      const res = await fetch(m.url + p)
      assert.equal(res.status, 404, p)
      assert.equal(await res.text(), '', p)
    }
    assert.equal((await fetch(m.url + '/health')).status, 200)
  })
})

describe('sp micro --legacy-reset', () => {
  test('/micro/reset answers the ≤3.x JSON summary', async (t) => {
    const m = await startMicroUnderTest({legacyReset: true})
    t.after(() => m.close())
    await fetch(m.url + '/i?e=pp&p=web&tv=lol')
    const res = await fetch(m.url + '/micro/reset', {method: 'POST'})
    assert.equal(await res.text(), '{"total":0,"good":0,"bad":0}')
    assert.deepEqual(await (await fetch(m.url + '/micro/all')).json(), {total: 0, good: 0, bad: 0})
  })
})
