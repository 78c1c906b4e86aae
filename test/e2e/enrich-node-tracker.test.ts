import {test, before, after} from 'node:test'
import assert from 'node:assert/strict'
import {
  newTracker,
  buildPageView,
  buildStructEvent,
  buildSelfDescribingEvent,
  buildEcommerceTransaction,
  buildEcommerceTransactionItem,
  type Tracker,
} from '@snowplow/node-tracker'
import {startMicro, type RunningMicro} from '../../src/micro/server.js'
import {defaultMicroOptions} from '../../src/micro/options.js'
import {microOptionsFromFlags} from '../../src/micro/flags.js'
import {FIELDS, parseTsv, toLossyObject} from '../../src/event/index.js'
import {ensureQueryFunctions} from '../../src/store/queries/sql-functions.js'
import {EVENT_JSON_SQL} from '../../src/store/queries/event-json.js'
import {RAW_EVENT_COLUMNS, fillRawEvents} from '../../src/store/queries/raw-event-replay.js'
import {startRealIglu, type RealIglu} from '../pipeline/real-iglu.js'

const LINK_CLICK = 'iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1'
const WEB_PAGE = 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0'
const MOBILE = 'iglu:com.snowplowanalytics.snowplow/mobile_context/jsonschema/1-0-1'

let iglu: RealIglu
let micro: RunningMicro
const output: string[] = []

interface Row {
  status: string
  event_id: string
  event_type: string | null
  schema_uri: string | null
  app_id: string | null
  /** the canonical JSON as the API reads it (derived from the TSV) */
  event: string | null
  /** what the events.event column holds */
  stored_event: string | null
  tsv: string | null
  /** Micro's rawEvent as the API reads it (replayed from the stored payload) */
  raw_event: string | null
  raw_position: number | null
  payload_id: number
  /** what the events.raw_event column holds */
  stored_raw_event: string | null
  errors: string
  bad_row: string | null
}

before(async () => {
  iglu = await startRealIglu()
  micro = await startMicro(
    defaultMicroOptions({port: 0, dbFile: ':memory:', igluClient: iglu.client, output: {format: 'tsv', write: (chunk) => output.push(chunk)}}),
  )
})
after(async () => {
  await micro?.close()
  await iglu?.close()
})

function tracker(encodeBase64: boolean, eventMethod: 'post' | 'get' = 'post'): Tracker {
  return newTracker(
    {namespace: 'sp-e2e', appId: 'shop', encodeBase64},
    {endpoint: '127.0.0.1', port: micro.port, protocol: 'http', eventMethod, bufferSize: 1},
  )
}

function rows(): Row[] {
  ensureQueryFunctions(micro.store.db)
  const all = micro.store.db
    .prepare(
      `SELECT e.status, e.event_id, e.event_type, e.schema_uri, e.app_id, ${EVENT_JSON_SQL} AS event, e.event AS stored_event,
         e.tsv, ${RAW_EVENT_COLUMNS}, e.raw_event AS stored_raw_event, e.errors, e.bad_row FROM events e ORDER BY e.id`,
    )
    .all() as Row[]
  fillRawEvents(micro.store.db, all)
  return all
}

function contextsOf(id: string): string[] {
  return (
    micro.store.db
      .prepare('SELECT uri FROM event_contexts JOIN events ON events.id = event_rowid WHERE events.event_id = ? ORDER BY position')
      .all(id) as {uri: string}[]
  ).map((r) => r.uri)
}

test('the real node tracker: page view, struct, self-describing and ecommerce events, checked field by field', async () => {
  micro.store.reset()
  const t = tracker(true)
  t.track(buildPageView({pageUrl: 'https://shop.example:8443/products/1?utm_source=news#reviews', pageTitle: 'Product 1', referrer: 'https://www.google.com/search?q=shoes'}), [
    {schema: WEB_PAGE, data: {id: '5cea9899-10df-4ccf-bf66-8c36f4a4bba2'}},
  ])
  t.track(buildStructEvent({category: 'shop', action: 'add-to-basket', label: 'sku-1', property: 'red', value: 2.5}))
  t.track(buildSelfDescribingEvent({event: {schema: LINK_CLICK, data: {targetUrl: 'https://shop.example/cart', elementId: 'buy'}}}), [
    {schema: MOBILE, data: {osType: 'ios', osVersion: '17.1', deviceManufacturer: 'Apple', deviceModel: 'iPhone15,2'}},
    {schema: WEB_PAGE, data: {id: '5cea9899-10df-4ccf-bf66-8c36f4a4bba2'}},
  ])
  t.track(buildEcommerceTransaction({orderId: 'order-1', total: 8000, tax: 80.5, shipping: 10, city: 'London', country: 'UK', currency: 'GBP'}))
  t.track(buildEcommerceTransactionItem({orderId: 'order-1', sku: 'sku-1', price: 4000, quantity: 2, name: 'Red shoes', category: 'shoes', currency: 'GBP'}))
  await t.flush()

  const all = rows()
  assert.deepEqual(
    all.map((r) => [r.status, r.event_type, r.schema_uri]),
    [
      ['good', 'page_view', 'iglu:com.snowplowanalytics.snowplow/page_view/jsonschema/1-0-0'],
      ['good', 'struct', 'iglu:com.google.analytics/event/jsonschema/1-0-0'],
      ['good', 'unstruct', LINK_CLICK],
      ['good', 'transaction', 'iglu:com.snowplowanalytics.snowplow/transaction/jsonschema/1-0-0'],
      ['good', 'transaction_item', 'iglu:com.snowplowanalytics.snowplow/transaction_item/jsonschema/1-0-0'],
    ],
  )
  const [pv, se, ue, tr, ti] = all.map((r) => JSON.parse(r.event!))
  for (const e of [pv, se, ue, tr, ti]) {
    assert.equal(Object.keys(e).length, FIELDS.length)
    assert.equal(e.app_id, 'shop')
    assert.equal(e.platform, 'srv')
    assert.equal(e.name_tracker, 'sp-e2e')
    assert.match(e.v_tracker, /^node-/)
    assert.match(e.v_collector, /^ssc-sp-/)
    assert.match(e.v_etl, /^sp-/)
    assert.equal(e.user_ipaddress, '127.0.0.1')
    assert.match(e.event_id, /^[0-9a-f-]{36}$/)
    assert.match(e.collector_tstamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z$/)
    assert.ok(e.dvce_created_tstamp && e.dvce_sent_tstamp && e.derived_tstamp)
    assert.ok(e.network_userid)
  }
  assert.equal(pv.page_url, 'https://shop.example:8443/products/1?utm_source=news#reviews')
  assert.equal(pv.page_title, 'Product 1')
  assert.equal(pv.page_urlscheme, 'https')
  assert.equal(pv.page_urlhost, 'shop.example')
  assert.equal(pv.page_urlport, 8443)
  assert.equal(pv.page_urlpath, '/products/1')
  assert.equal(pv.page_urlquery, 'utm_source=news')
  assert.equal(pv.page_urlfragment, 'reviews')
  assert.equal(pv.page_referrer, 'https://www.google.com/search?q=shoes')
  assert.equal(pv.refr_urlhost, 'www.google.com')
  assert.equal(pv.refr_urlport, 443)
  assert.equal(pv.refr_urlquery, 'q=shoes')
  assert.deepEqual(pv.contexts, {
    schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0',
    data: [{schema: WEB_PAGE, data: {id: '5cea9899-10df-4ccf-bf66-8c36f4a4bba2'}}],
  })
  assert.deepEqual(pv.derived_contexts, {})
  assert.equal(pv.unstruct_event, null)
  assert.equal(pv.event_vendor, 'com.snowplowanalytics.snowplow')
  assert.equal(pv.event_name, 'page_view')
  assert.equal(pv.event_format, 'jsonschema')
  assert.equal(pv.event_version, '1-0-0')

  assert.equal(se.se_category, 'shop')
  assert.equal(se.se_action, 'add-to-basket')
  assert.equal(se.se_label, 'sku-1')
  assert.equal(se.se_property, 'red')
  assert.equal(se.se_value, 2.5)
  assert.deepEqual(se.contexts, {})

  assert.deepEqual(ue.unstruct_event, {
    schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0',
    data: {schema: LINK_CLICK, data: {targetUrl: 'https://shop.example/cart', elementId: 'buy'}},
  })
  assert.equal(ue.event_name, 'link_click')
  assert.equal(ue.event_version, '1-0-1')
  assert.deepEqual(contextsOf(ue.event_id), [MOBILE, WEB_PAGE])
  const rawUe = JSON.parse(all[2]!.raw_event!)
  assert.ok(rawUe.parameters.ue_px, 'base64 stays encoded in the raw event')
  assert.ok(rawUe.parameters.cx)

  assert.equal(tr.tr_orderid, 'order-1')
  assert.equal(tr.tr_total, 8000)
  assert.equal(tr.tr_tax, 80.5)
  assert.equal(tr.tr_shipping, 10)
  assert.equal(tr.tr_city, 'London')
  assert.equal(tr.tr_currency, 'GBP')
  assert.equal(ti.ti_orderid, 'order-1')
  assert.equal(ti.ti_sku, 'sku-1')
  assert.equal(ti.ti_name, 'Red shoes')
  assert.equal(ti.ti_price, 4000)
  assert.equal(ti.ti_quantity, 2)
  assert.equal(ti.ti_currency, 'GBP')

  // each event is stored once, as TSV; the canonical JSON above was read back from it
  for (const r of all) assert.equal(r.stored_event, null)
  // and the rawEvent above was replayed from the stored payload: each row keeps only its position
  // (positions count from 0 in each payload)
  const firstOfPayload = new Map<number, number>()
  all.forEach((r, i) => firstOfPayload.set(r.payload_id, firstOfPayload.get(r.payload_id) ?? i))
  assert.deepEqual(all.map((r) => [r.stored_raw_event, r.raw_position]), all.map((r, i) => [null, i - firstOfPayload.get(r.payload_id)!]))
  // the API's one-event lookup replays it too
  const lookup = (await (await fetch(`http://127.0.0.1:${micro.port}/micro/event/${ue.event_id}`)).json()) as {good: {rawEvent: unknown}}
  assert.deepEqual(lookup.good.rawEvent, rawUe)
  const lossy = toLossyObject(parseTsv(all[2]!.tsv!))
  assert.deepEqual(lossy.unstruct_event_com_snowplowanalytics_snowplow_link_click_1, {targetUrl: 'https://shop.example/cart', elementId: 'buy'})
  assert.equal((lossy.contexts_com_snowplowanalytics_snowplow_mobile_context_1 as unknown[]).length, 1)

  // --output-tsv wrote one line per event (subscribers run after the commit: poll with a deadline)
  const deadline = Date.now() + 5000
  const outputLines = () => output.join('').split('\n').slice(0, -1)
  while (outputLines().length < 5 && Date.now() < deadline) await new Promise((r) => setImmediate(r))
  const lines = outputLines()
  assert.equal(lines.length, 5, 'one line per event')
  assert.deepEqual(lines.map((l) => l.split('\t').length), [131, 131, 131, 131, 131])
})

test('plain (non-base64) contexts over GET, and an invalid event stored as incomplete with its bad row', async () => {
  micro.store.reset()
  const t = tracker(false, 'get')
  t.track(buildSelfDescribingEvent({event: {schema: LINK_CLICK, data: {foo: 'bar'}}}), [{schema: WEB_PAGE, data: {id: '5cea9899-10df-4ccf-bf66-8c36f4a4bba2'}}])
  await t.flush()
  const [row] = rows()
  assert.equal(row!.status, 'incomplete')
  assert.equal(row!.event_type, 'unstruct')
  const errors = JSON.parse(row!.errors)
  assert.equal(errors[0], 'Error while validating the event.')
  const bad = JSON.parse(row!.bad_row!)
  assert.equal(bad.schema, 'iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/2-0-1')
  assert.equal(bad.data.failure.messages[0].schemaKey, LINK_CLICK)
  const raw = JSON.parse(row!.raw_event!)
  assert.deepEqual(raw.api, {vendor: 'com.snowplowanalytics.snowplow', version: 'tp1'})
  assert.ok(raw.parameters.co)
  const ev = JSON.parse(row!.event!)
  assert.deepEqual(contextsOf(ev.event_id), [WEB_PAGE])
  assert.equal(ev.derived_contexts.data[0].schema, 'iglu:com.snowplowanalytics.snowplow/failure/jsonschema/1-0-0')
})

test('sp micro flags: -t and -j together are refused with Micro\'s message', () => {
  assert.throws(() => microOptionsFromFlags({'output-tsv': true, 'output-json': true}), {message: 'Cannot specify both --output-tsv and --output-json'})
  const options = microOptionsFromFlags({'output-json': true, schemas: ['schemas'], offline: true}, '/tmp/x')
  assert.equal(options.output?.format, 'json')
  assert.deepEqual(options.iglu, {resolverFile: undefined, schemaDirs: ['/tmp/x/schemas'], offline: true, checkSchemaCache: true})
})
