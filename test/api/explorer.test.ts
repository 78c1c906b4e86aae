import {test, describe, before, after, beforeEach} from 'node:test'
import assert from 'node:assert/strict'
import {startApi, type ApiHarness} from './api-harness.js'
import {goodEvent, badEvent, LINK_CLICK, WEB_PAGE} from './event-fixtures.js'

const T0 = 1761686400_000
const webPage = {schema: WEB_PAGE, data: {id: 'a1b2c3'}}
const e1 = goodEvent({appId: 'test1', contexts: [webPage], collectorTstamp: T0, userId: null})
const e2 = goodEvent({appId: 'test2', eventType: 'unstruct', unstruct: {schema: LINK_CLICK, data: {targetUrl: 'https://example.com', elementId: 'x'}}, collectorTstamp: T0 + 30_000})
const e3 = goodEvent({appId: 'test3', eventType: 'page_ping', collectorTstamp: T0 + 120_000})

type EventsAnswer = {events: Record<string, unknown>[]; totalPages: number; totalItems: number}

describe('/micro/events, /micro/columns, /micro/columnStats, /micro/timeline', () => {
  let api: ApiHarness
  before(async () => {
    api = await startApi()
  })
  after(() => api.close())
  beforeEach(() => api.store.reset())

  async function events(body: Record<string, unknown>): Promise<EventsAnswer> {
    const res = await api.post('/micro/events', {filters: [], page: 1, pageSize: 10, ...body})
    assert.equal(res.status, 200)
    const text = await res.text()
    const answer = JSON.parse(text) as EventsAnswer
    assert.deepEqual(Object.keys(answer), ['events', 'totalPages', 'totalItems'])
    return answer
  }
  const apps = (a: EventsAnswer) => a.events.map((e) => e.app_id)

  test('lists good and incomplete events as lossy JSON, newest first; bad payloads never appear', async () => {
    const incomplete = goodEvent({appId: 'broken', status: 'incomplete'})
    await api.add(e1, e2, badEvent(), incomplete)
    const all = await events({})
    assert.deepEqual(apps(all), ['broken', 'test2', 'test1'])
    assert.equal(all.totalItems, 3)
    assert.equal(all.totalPages, 1)
    const first = all.events[2]!
    assert.equal(first.collector_tstamp, '2025-10-28T21:20:00Z')
    assert.deepEqual(first.contexts_com_snowplowanalytics_snowplow_web_page_1, [{id: 'a1b2c3', _schema_version: WEB_PAGE}])
    assert.equal('contexts' in first, false)
    assert.deepEqual(all.events[1]!.unstruct_event_com_snowplowanalytics_snowplow_link_click_1, {targetUrl: 'https://example.com', elementId: 'x'})
    assert.deepEqual(apps(await events({validEvents: true})), ['test2', 'test1'])
    assert.deepEqual(apps(await events({validEvents: false})), ['broken'])
    assert.deepEqual(apps(await events({validEvents: null})).length, 3)
  })

  test('timeRange: start inclusive, end exclusive, epoch ms or ISO', async () => {
    await api.add(e1, e2, e3)
    assert.deepEqual(apps(await events({timeRange: {start: T0, end: T0 + 120_000}})), ['test2', 'test1'])
    assert.deepEqual(apps(await events({timeRange: {start: new Date(T0 + 30_000).toISOString()}})), ['test3', 'test2'])
    assert.deepEqual(apps(await events({timeRange: {end: T0 + 30_000}})), ['test1'])
  })

  test('filters: case-insensitive exact, OR within a column, AND across, empty and complex ignored', async () => {
    await api.add(e1, e2, e3)
    const f = (filters: {column: string; values: string[]}[]) => events({filters})
    assert.deepEqual(apps(await f([{column: 'app_id', values: ['TEST1']}])), ['test1'])
    assert.deepEqual(apps(await f([{column: 'app_id', values: ['test']}])), [])
    assert.deepEqual(apps(await f([{column: 'app_id', values: ['test1', 'test3']}])), ['test3', 'test1'])
    assert.deepEqual(apps(await f([{column: 'app_id', values: ['test1', 'test3']}, {column: 'event', values: ['page_ping']}])), ['test3'])
    assert.deepEqual(apps(await f([{column: 'event_name', values: ['Link_Click']}])), ['test2'])
    assert.deepEqual(apps(await f([{column: 'domain_sessionidx', values: ['3']}])).length, 3)
    assert.deepEqual(apps(await f([{column: 'br_cookies', values: ['true']}])).length, 3)
    assert.deepEqual(apps(await f([{column: 'user_id', values: ['null']}])), ['test1'])
    assert.deepEqual(apps(await f([{column: 'event_id', values: [e2.eventId!.toUpperCase()]}])), ['test2'])
    assert.deepEqual(apps(await f([{column: 'app_id', values: ['']}])).length, 3)
    assert.deepEqual(apps(await f([{column: 'contexts_some_field', values: ['x']}, {column: 'unstruct_event_some_field', values: ['y']}])).length, 3)
    // Micro before 4.4 sent one `value`
    assert.deepEqual(apps(await events({filters: [{column: 'app_id', value: 'test2'}]})), ['test2'])
    // our common filter object on top
    assert.deepEqual(apps(await events({filter: {event_type: 'pp'}})), ['test3'])
  })

  test('sorting compares strings; complex columns do not sort', async () => {
    await api.add(e2, e1, e3)
    assert.deepEqual(apps(await events({sorting: {column: 'app_id', desc: false}})), ['test1', 'test2', 'test3'])
    assert.deepEqual(apps(await events({sorting: {column: 'app_id', desc: true}})), ['test3', 'test2', 'test1'])
    assert.deepEqual(apps(await events({sorting: {column: 'collector_tstamp', desc: false}})), ['test1', 'test2', 'test3'])
    // a JSON null compares as the text "null", as in Micro; ties stay newest first
    assert.deepEqual(apps(await events({sorting: {column: 'user_id', desc: false}})), ['test1', 'test3', 'test2'])
    // geo_location is missing everywhere: order unchanged (newest first)
    assert.deepEqual(apps(await events({sorting: {column: 'geo_location', desc: false}})), ['test3', 'test1', 'test2'])
    assert.deepEqual(apps(await events({sorting: {column: 'contexts_com_x_1', desc: false}})), ['test3', 'test1', 'test2'])
  })

  test('paging is 1-based: 3 events, pageSize 2 → 2 pages', async () => {
    await api.add(e1, e2, e3)
    const p1 = await events({page: 1, pageSize: 2})
    const p2 = await events({page: 2, pageSize: 2})
    const p3 = await events({page: 3, pageSize: 2})
    assert.deepEqual([apps(p1), p1.totalPages, p1.totalItems], [['test3', 'test2'], 2, 3])
    assert.deepEqual([apps(p2), p2.totalPages], [['test1'], 2])
    assert.deepEqual(apps(p3), [])
    const empty = await events({page: 1, pageSize: 2, filters: [{column: 'app_id', values: ['nobody']}]})
    assert.deepEqual([empty.events, empty.totalPages, empty.totalItems], [[], 1, 0])
  })

  test('a page larger than one chunk streams in order', async () => {
    const many = Array.from({length: 450}, (_, i) => goodEvent({appId: `app${String(i).padStart(3, '0')}`, collectorTstamp: T0 + i}))
    await Promise.all(many.map((e) => api.add(e)))
    const page = await events({page: 1, pageSize: 1000, sorting: {column: 'app_id', desc: false}})
    assert.equal(page.events.length, 450)
    assert.deepEqual(apps(page), many.map((e) => e.appId))
  })

  test('wrong shapes are 422 naming the field; malformed JSON 400', async () => {
    const noPage = await api.post('/micro/events', {filters: []})
    assert.equal(noPage.status, 422)
    assert.match(await noPage.text(), /page must be an integer/)
    assert.equal((await api.post('/micro/events', {page: 1, pageSize: 1, validEvents: 'yes'})).status, 422)
    assert.equal((await api.post('/micro/events', '{')).status, 400)
  })

  test('/micro/columns: sorted lossy keys plus nested context and event fields', async () => {
    assert.deepEqual(await (await api.get('/micro/columns')).json(), [])
    await api.add(e1, e2, badEvent())
    const columns = (await (await api.get('/micro/columns')).json()) as string[]
    assert.deepEqual(columns, [...columns].sort())
    for (const c of [
      'app_id',
      'event_id',
      'collector_tstamp',
      'contexts_com_snowplowanalytics_snowplow_web_page_1',
      'contexts_com_snowplowanalytics_snowplow_web_page_1.id',
      'contexts_com_snowplowanalytics_snowplow_web_page_1._schema_version',
      'unstruct_event_com_snowplowanalytics_snowplow_link_click_1',
      'unstruct_event_com_snowplowanalytics_snowplow_link_click_1.targetUrl',
      'unstruct_event_com_snowplowanalytics_snowplow_link_click_1.elementId',
    ]) {
      assert.ok(columns.includes(c), c)
    }
    for (const c of ['contexts', 'derived_contexts', 'unstruct_event', 'geo_location']) assert.ok(!columns.includes(c), c)
  })

  test('/micro/columnStats: flags, distinct values (max 20), empty store', async () => {
    const stats = async (columns: string[]) => (await (await api.post('/micro/columnStats', {columns})).json()) as Record<string, {sortable: boolean; filterable: boolean; values: string[] | null}>
    assert.deepEqual(await stats(['event_id', 'app_id']), {
      event_id: {sortable: true, filterable: true, values: []},
      app_id: {sortable: true, filterable: true, values: []},
    })
    await api.add(e1, e2, e3)
    const s = await stats(['app_id', 'collector_tstamp', 'contexts_com_snowplowanalytics_snowplow_web_page_1', 'unstruct_event_x', 'domain_sessionidx'])
    assert.deepEqual(s.app_id, {sortable: true, filterable: true, values: ['test3', 'test2', 'test1']})
    assert.deepEqual(s.collector_tstamp, {sortable: true, filterable: false, values: null})
    assert.deepEqual(s.contexts_com_snowplowanalytics_snowplow_web_page_1, {sortable: false, filterable: false, values: null})
    assert.deepEqual(s.unstruct_event_x, {sortable: false, filterable: false, values: null})
    assert.deepEqual(s.domain_sessionidx!.values, ['3'])
    await Promise.all(Array.from({length: 25}, () => api.add(goodEvent())))
    assert.equal((await stats(['event_id'])).event_id!.values!.length, 20)
    assert.equal((await api.post('/micro/columnStats', {columns: 'app_id'})).status, 422)
  })

  test('/micro/timeline: valid and failed per bucket, request order kept, end exclusive', async () => {
    const failed = goodEvent({status: 'incomplete', collectorTstamp: T0 + 125_000})
    await api.add(e1, e2, e3, failed, badEvent({collectorTstamp: T0}))
    const minute = (m: number) => ({start: T0 + m * 60_000, end: T0 + (m + 1) * 60_000})
    const buckets = [minute(2), minute(0), minute(1), {start: T0, end: T0 + 30_000}]
    const res = await api.post('/micro/timeline', {buckets})
    assert.equal(res.status, 200)
    assert.deepEqual(await res.json(), {
      points: [
        {validEvents: 1, failedEvents: 1, bucket: buckets[0]},
        {validEvents: 2, failedEvents: 0, bucket: buckets[1]},
        {validEvents: 0, failedEvents: 0, bucket: buckets[2]},
        {validEvents: 1, failedEvents: 0, bucket: buckets[3]},
      ],
    })
    const iso = await api.post('/micro/timeline', {buckets: [{start: new Date(T0).toISOString(), end: new Date(T0 + 60_000).toISOString()}]})
    assert.deepEqual(((await iso.json()) as {points: {validEvents: number}[]}).points[0]!.validEvents, 2)
    assert.equal((await api.post('/micro/timeline', {})).status, 422)
  })
})
