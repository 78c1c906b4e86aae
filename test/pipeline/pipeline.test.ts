import {test, before, after} from 'node:test'
import assert from 'node:assert/strict'
import {createEnrichPipeline, MICRO_ERRORS, type EnrichPipeline} from '../../src/pipeline/enrich-pipeline.js'
import {encodeCollectorPayload} from '../../src/thrift/codec.js'
import {encodeBase64UrlSafe} from '../../src/adapters/base64.js'
import {parseTsv, toTsv, FIELDS} from '../../src/event/index.js'
import {SP_VERSION} from '../../src/version.js'
import type {CollectorPayload} from '../../src/thrift/collector-payload.js'
import type {ProcessedEvent} from '../../src/store/types.js'
import {payload} from '../adapters/fixtures.js'
import {startRealIglu, type RealIglu} from './real-iglu.js'

let iglu: RealIglu
let pipeline: EnrichPipeline

before(async () => {
  iglu = await startRealIglu()
  pipeline = createEnrichPipeline({iglu: iglu.client})
})
after(() => iglu.close())

const TP2 = '/com.snowplowanalytics.snowplow/tp2'
const JSON_CT = 'application/json; charset=UTF-8'

async function run(overrides: Partial<CollectorPayload>): Promise<ProcessedEvent[]> {
  const p = payload(overrides)
  return pipeline.process(encodeCollectorPayload(p), p)
}

function post(events: Record<string, string>[], qs?: string) {
  return run({
    path: TP2,
    contentType: JSON_CT,
    querystring: qs,
    body: JSON.stringify({schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4', data: events}),
  })
}

const sd = (schema: string, data: unknown) => ({schema, data})
const contexts = (...entities: unknown[]) => JSON.stringify(sd('iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0', entities))
const unstruct = (schema: string, data: unknown) => JSON.stringify(sd('iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0', sd(schema, data)))
const LINK_CLICK = 'iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1'
const MOBILE = 'iglu:com.snowplowanalytics.snowplow/mobile_context/jsonschema/1-0-1'
const WEB_PAGE = 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0'
const mobile = {osType: 'ios', osVersion: '17', deviceManufacturer: 'Apple', deviceModel: 'iPhone'}

function badRow(e: ProcessedEvent) {
  assert.ok(e.badRow, 'has a bad row')
  assert.equal(e.errors[1], e.badRow)
  return JSON.parse(e.badRow) as {schema: string; data: {processor: unknown; failure: any; payload: any}}
}

test('GET /i page ping (Micro MicroApiSpec): one good event', async () => {
  const [e, ...rest] = await run({path: '/i', querystring: 'e=pp&p=web&tv=lol'})
  assert.equal(rest.length, 0)
  assert.equal(e!.status, 'good')
  assert.equal(e!.eventType, 'page_ping')
  assert.equal(e!.schema, 'iglu:com.snowplowanalytics.snowplow/page_ping/jsonschema/1-0-0')
  assert.deepEqual(e!.errors, [])
  assert.equal(e!.badRow, null)
  assert.equal(e!.collectorPayload, null)
  const ev = JSON.parse(e!.event!)
  assert.equal(ev.platform, 'web')
  assert.equal(ev.v_tracker, 'lol')
  assert.equal(ev.event_id, e!.eventId)
  assert.match(ev.v_etl, /^sp-\d+\.\d+\.\d+/)
  assert.equal(ev.v_collector, 'ssc-sp-0.1.0-stdout')
  assert.equal(ev.collector_tstamp, '2021-08-29T12:01:05.787Z')
  assert.equal(ev.derived_tstamp, '2021-08-29T12:01:05.787Z')
  assert.equal(ev.network_userid, '3734601f-5c3d-47c5-b367-0883e1ed74e6')
  assert.equal(ev.user_ipaddress, '172.17.0.1')
  assert.equal(ev.useragent, 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:91.0) Gecko/20100101 Firefox/91.0')
  // page_url comes from the Referer header when `url` is absent
  assert.equal(ev.page_url, 'http://localhost:8000/')
  assert.equal(ev.page_urlport, 8000)
  assert.equal(ev.page_urlpath, '/')
  assert.equal(ev.page_urlquery, null)
  assert.equal(e!.tsv!.split('\t').length, 131)
  const raw = JSON.parse(e!.rawEvent!)
  assert.deepEqual(raw.api, {vendor: 'com.snowplowanalytics.snowplow', version: 'tp1'})
  assert.deepEqual(raw.parameters, {e: 'pp', p: 'web', tv: 'lol'})
  assert.equal(raw.context.timestamp, '2021-08-29T12:01:05.787Z')
})

test('invalid eid: incomplete event, schema_violations with the atomic IgluError, failure entity', async () => {
  const [e] = await run({path: '/i', querystring: 'e=pp&p=web&tv=lol&eid=invalidEventId'})
  assert.equal(e!.status, 'incomplete')
  assert.equal(e!.errors[0], MICRO_ERRORS.validation)
  const row = badRow(e!)
  assert.equal(row.schema, 'iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/2-0-1')
  assert.deepEqual(row.data.processor, {artifact: 'sp', version: SP_VERSION})
  assert.deepEqual(row.data.failure.messages, [
    {
      schemaKey: 'iglu:com.snowplowanalytics.snowplow/atomic/jsonschema/1-0-0',
      error: {error: 'ValidationError', dataReports: [{message: 'Not a valid UUID', path: 'eid', keyword: 'atomic_field_parse_error', targets: []}]},
    },
  ])
  assert.equal(Object.keys(row.data.payload.enriched).length, 131)
  assert.equal(row.data.payload.enriched.event, 'page_ping')
  assert.deepEqual(row.data.payload.raw.parameters.find((p: any) => p.name === 'eid'), {name: 'eid', value: 'invalidEventId'})
  const ev = JSON.parse(e!.event!)
  assert.notEqual(ev.event_id, 'invalidEventId')
  const failure = ev.derived_contexts.data[0]
  assert.equal(failure.schema, 'iglu:com.snowplowanalytics.snowplow/failure/jsonschema/1-0-0')
  assert.equal(failure.data.failureType, 'ValidationError')
  assert.equal(failure.data.schema, 'iglu:com.snowplowanalytics.snowplow/atomic/jsonschema/1-0-0')
  assert.equal(failure.data.componentName, 'sp')
  assert.equal(failure.data.errors[0].message, 'Not a valid UUID')
  assert.ok(e!.collectorPayload)
  assert.ok(e!.rawEvent)
})

test('tp2 POST: one good + one invalid link_click; contexts in order; querystring merged into every event', async () => {
  const events = await post(
    [
      {e: 'pv', p: 'web', tv: 'js-3.1.3', aid: 'shop', url: 'https://shop.example:8443/p?q=1#top', cx: encodeBase64UrlSafe(contexts(sd(LINK_CLICK, {targetUrl: 'http://a.b'}), sd(MOBILE, mobile)))},
      {e: 'ue', p: 'web', tv: 'js-3.1.3', aid: 'shop', ue_pr: unstruct(LINK_CLICK, {foo: 'bar'})},
    ],
    'aid=from-qs',
  )
  assert.equal(events.length, 2)
  const [good, bad] = events
  assert.equal(good!.status, 'good')
  assert.deepEqual(good!.contexts, [LINK_CLICK, MOBILE])
  assert.equal(good!.appId, 'from-qs')
  const ev = JSON.parse(good!.event!)
  assert.equal(ev.page_urlscheme, 'https')
  assert.equal(ev.page_urlhost, 'shop.example')
  assert.equal(ev.page_urlport, 8443)
  assert.equal(ev.page_urlpath, '/p')
  assert.equal(ev.page_urlquery, 'q=1')
  assert.equal(ev.page_urlfragment, 'top')
  assert.equal(ev.contexts.schema, 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0')
  assert.deepEqual(ev.contexts.data[1], sd(MOBILE, mobile))
  assert.match(good!.tsv!, /contexts\/jsonschema\/1-0-1/)

  assert.equal(bad!.status, 'incomplete')
  assert.equal(bad!.appId, 'from-qs')
  assert.equal(bad!.eventType, 'unstruct')
  assert.equal(bad!.schema, null)
  const row = badRow(bad!)
  assert.equal(row.data.failure.messages[0].schemaKey, LINK_CLICK)
  assert.equal(row.data.failure.messages[0].error.error, 'ValidationError')
  const reports = row.data.failure.messages[0].error.dataReports
  assert.ok(reports.some((r: any) => r.keyword === 'required' && r.targets.includes('targetUrl')), JSON.stringify(reports))
  const incomplete = JSON.parse(bad!.event!)
  assert.equal(incomplete.unstruct_event, null)
  assert.equal(incomplete.derived_contexts.data[0].data.failureType, 'ValidationError')
  assert.equal(incomplete.derived_contexts.data[0].data.errors[0].source, 'unstruct')
})

test('unknown schema as event or context: ResolutionError, invalid entity removed, valid ones kept', async () => {
  const unknown = 'iglu:com.doesnotexist/does_not_exist/jsonschema/1-0-1'
  const [asEvent] = await post([{e: 'ue', p: 'web', tv: 't', ue_pr: unstruct(unknown, {a: 1})}])
  const m = badRow(asEvent!).data.failure.messages[0]
  assert.equal(m.schemaKey, unknown)
  assert.equal(m.error.error, 'ResolutionError')
  assert.ok(m.error.lookupHistory.length >= 1)
  const [asContext] = await post([{e: 'pv', p: 'web', tv: 't', co: contexts(sd(unknown, {}), sd(WEB_PAGE, {id: '5cea9899-10df-4ccf-bf66-8c36f4a4bba2'}))}])
  assert.equal(asContext!.status, 'incomplete')
  assert.deepEqual(asContext!.contexts, [WEB_PAGE])
  const failure = JSON.parse(asContext!.event!).derived_contexts.data[0].data
  assert.equal(failure.failureType, 'ResolutionError')
  assert.equal(failure.errors[0].message, `Resolution error: schema ${unknown} not found`)
  assert.equal(failure.errors[0].source, 'contexts')
})

test('contexts and unstruct problems: NotJson, NotIglu, CriterionMismatch', async () => {
  const cases: [Record<string, string>, (m: any) => void][] = [
    [{cx: 'äöü - &'}, (m) => assert.deepEqual(Object.keys(m), ['field', 'value', 'error'])],
    [{co: ''}, (m) => assert.equal(m.field, 'contexts')],
    [{co: '{"data":[]}'}, (m) => assert.deepEqual(m, {json: {data: []}, error: 'INVALID_DATA_PAYLOAD'})],
    [{co: '{"schema":"iglu:com.acme/x/jsonschema/1-0-0","data":[]}'}, (m) => assert.deepEqual(m, {schemaKey: 'iglu:com.acme/x/jsonschema/1-0-0', schemaCriterion: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-*'})],
    [{ue_pr: '{"schema":"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/2-0-0","data":{}}'}, (m) => assert.equal(m.schemaCriterion, 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-*')],
    [{ue_px: encodeBase64UrlSafe('{"schema":"not-iglu","data":{}}')}, (m) => assert.deepEqual(m, {json: {schema: 'not-iglu', data: {}}, error: 'INVALID_IGLUURI'})],
  ]
  for (const [params, check] of cases) {
    const [e] = await post([{e: 'pv', p: 'web', tv: 't', ...params}])
    assert.equal(e!.status, 'incomplete', JSON.stringify(params))
    const row = badRow(e!)
    assert.equal(row.schema, 'iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/2-0-1')
    check(row.data.failure.messages[0])
  }
})

test('missing e and ad impressions: enrichment_failures from the schema enrichment', async () => {
  for (const [e, shown] of [[undefined, 'null'], ['ad', 'ad_impression']] as const) {
    const [ev] = await run({path: '/i', querystring: e ? `e=${e}&p=web&tv=t` : 'p=web&tv=t'})
    assert.equal(ev!.status, 'incomplete')
    const row = badRow(ev!)
    assert.equal(row.schema, 'iglu:com.snowplowanalytics.snowplow.badrows/enrichment_failures/jsonschema/2-0-1')
    assert.deepEqual(row.data.failure.messages, [
      {
        enrichment: null,
        message: {
          field: 'event',
          value: e ? shown : null,
          expectation: `trying to extract the schema of the enriched event but event type [${shown}] doesn't match\n          any of page_view, page_ping, struct, transaction, transaction_item and unstruct\n          `,
        },
      },
    ])
    const failure = JSON.parse(ev!.event!).derived_contexts.data[0].data
    assert.equal(failure.failureType, 'EnrichmentError: ')
    assert.equal(failure.errors[0].source, 'event')
  }
})

test('precedence: schema violations win over enrichment failures; lengths come last and are nulled', async () => {
  const [both] = await run({path: '/i', querystring: 'p=web&tv=t&eid=nope'})
  const row = badRow(both!)
  assert.equal(row.schema, 'iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/2-0-1')
  assert.equal(JSON.parse(both!.event!).derived_contexts.data.length, 2)

  const [long] = await post([{e: 'pv', p: 'web', tv: 't', page: 'x'.repeat(2001)}])
  const lengthRow = badRow(long!)
  assert.deepEqual(lengthRow.data.failure.messages[0].error.dataReports, [
    {message: 'Field is longer than maximum allowed size 2000', path: 'page_title', keyword: 'atomic_field_length_exceeded', targets: []},
  ])
  assert.equal(lengthRow.data.payload.enriched.page_title.length, 2001)
  assert.equal(JSON.parse(long!.event!).page_title, null)
})

test('standard events: schema URIs and typed fields', async () => {
  const events = await post([
    {e: 'se', p: 'web', tv: 't', se_ca: 'cat', se_ac: 'act', se_va: '0.0'},
    {e: 'tr', p: 'web', tv: 't', tr_id: 'o1', tr_tt: '8000', tr_cu: 'GBP'},
    {e: 'ti', p: 'web', tv: 't', ti_id: 'o1', ti_sk: 'sku', ti_pr: '4000', ti_qu: '2'},
    {e: 'pv', p: 'web', tv: 't', dtm: '1630238465748', stm: '1630238465752'},
  ])
  assert.deepEqual(
    events.map((e) => [e.status, e.eventType, e.schema]),
    [
      ['good', 'struct', 'iglu:com.google.analytics/event/jsonschema/1-0-0'],
      ['good', 'transaction', 'iglu:com.snowplowanalytics.snowplow/transaction/jsonschema/1-0-0'],
      ['good', 'transaction_item', 'iglu:com.snowplowanalytics.snowplow/transaction_item/jsonschema/1-0-0'],
      ['good', 'page_view', 'iglu:com.snowplowanalytics.snowplow/page_view/jsonschema/1-0-0'],
    ],
  )
  const [se, tr, ti, pv] = events.map((e) => JSON.parse(e.event!))
  assert.equal(se.se_value, 0)
  assert.equal(tr.tr_total, 8000)
  assert.equal(ti.ti_quantity, 2)
  assert.equal(ti.ti_price, 4000)
  assert.equal(pv.derived_tstamp, '2021-08-29T12:01:05.783Z') // collector − (sent − created)
})

test('tp2 adapter violations: content types, empty requests, bad JSON, wrong schema', async () => {
  const expectOne = async (overrides: Partial<CollectorPayload>, messages: unknown[] | ((m: any[]) => void)) => {
    const [e, ...rest] = await run({path: TP2, ...overrides})
    assert.equal(rest.length, 0)
    assert.equal(e!.status, 'bad')
    assert.equal(e!.errors[0], MICRO_ERRORS.adapter)
    assert.equal(e!.rawEvent, null)
    assert.equal(e!.event, null)
    const row = badRow(e!)
    assert.equal(row.schema, 'iglu:com.snowplowanalytics.snowplow.badrows/tracker_protocol_violations/jsonschema/1-0-1')
    assert.equal(row.data.failure.vendor, 'com.snowplowanalytics.snowplow')
    assert.equal(row.data.failure.version, 'tp2')
    assert.equal(row.data.payload.vendor, 'com.snowplowanalytics.snowplow')
    if (typeof messages === 'function') messages(row.data.failure.messages)
    else assert.deepEqual(row.data.failure.messages, messages)
    assert.ok(JSON.parse(e!.collectorPayload!).api)
  }
  const expectation = 'expected one of application/json, application/json; charset=utf-8, application/json; charset=UTF-8'
  await expectOne({}, [
    {field: 'body', value: null, expectation: 'empty body: not a valid tracker protocol event'},
    {field: 'querystring', value: null, expectation: 'empty querystring: not a valid tracker protocol event'},
  ])
  await expectOne({contentType: 'text/plain', body: '{}'}, [{field: 'contentType', value: 'text/plain', expectation}])
  await expectOne({body: '{}'}, [{field: 'contentType', value: null, expectation}])
  await expectOne({contentType: 'application/json', querystring: 'e=pv'}, [{field: 'body', value: null, expectation: 'empty body: not a valid track protocol event'}])
  await expectOne({contentType: 'application/json', body: 'not json'}, (m) => {
    assert.equal(m[0].field, 'body')
    assert.equal(m[0].value, 'not json')
    assert.match(m[0].error, /^invalid json: /)
  })
  await expectOne({contentType: 'application/json', body: '{"data":[]}'}, [{json: {data: []}, error: 'INVALID_DATA_PAYLOAD'}])
  await expectOne({contentType: 'application/json', body: JSON.stringify(sd(MOBILE, mobile))}, [
    {schemaKey: MOBILE, schemaCriterion: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-*'},
  ])
  await expectOne({contentType: 'application/json', body: JSON.stringify(sd('iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4', [{e: 'pv', p: 'web', tv: 't', vid: 1}]))}, (m) => {
    assert.equal(m[0].schemaKey, 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4')
    assert.equal(m[0].error.error, 'ValidationError')
  })
  // GET with a querystring and no body: unknown keys are ignored
  const [get] = await run({path: TP2, querystring: 'e=pv&p=web&tv=t&whatever=1'})
  assert.equal(get!.status, 'good')
})

test('adapter_failures for unknown vendors; format violations for paths and unreadable Thrift', async () => {
  const [unknown] = await run({path: '/bad/path', querystring: 'e=pv'})
  assert.equal(unknown!.status, 'bad')
  assert.equal(unknown!.errors[0], MICRO_ERRORS.adapter)
  assert.deepEqual(unknown!.api, {vendor: 'bad', version: 'path'})
  const row = badRow(unknown!)
  assert.equal(row.schema, 'iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-0-0')
  assert.deepEqual(row.data.failure.messages, [{field: 'vendor/version', value: 'bad/path', expectation: 'vendor/version combination is not supported'}])
  assert.deepEqual(row.data.payload.querystring, [{name: 'e', value: 'pv'}])

  const [path] = await run({path: '/a/b/c'})
  assert.equal(path!.errors[0], MICRO_ERRORS.thrift)
  assert.equal(path!.collectorPayload, null)
  const pathRow = badRow(path!)
  assert.equal(pathRow.schema, 'iglu:com.snowplowanalytics.snowplow.badrows/collector_payload_format_violation/jsonschema/1-0-0')
  assert.equal(pathRow.data.failure.loader, 'thrift')
  assert.equal(pathRow.data.failure.message.payloadField, 'path')

  const junk = Buffer.from('not thrift at all')
  const [garbage] = await pipeline.processThrift(junk)
  assert.equal(garbage!.status, 'bad')
  assert.equal(garbage!.errors[0], "Can't deserialize Thrift bytes.")
  const g = badRow(garbage!)
  assert.match(g.data.failure.message.error, /^error deserializing raw event: /)
  assert.equal(g.data.payload, junk.toString('base64'))
})

test('X-Forwarded-For, ip and ua parameters, nuid and tnuid', async () => {
  const [e] = await run({path: '/i', querystring: 'e=pv&p=web&tv=t&tnuid=third', headers: ['X-Forwarded-For: 203.0.113.9, 10.0.0.1']})
  const ev = JSON.parse(e!.event!)
  assert.equal(ev.user_ipaddress, '203.0.113.9')
  assert.equal(ev.network_userid, 'third')
  const [f] = await run({path: '/i', querystring: 'e=pv&p=web&tv=t&ip=198.51.100.1&ua=Custom%09UA'})
  const fv = JSON.parse(f!.event!)
  assert.equal(fv.user_ipaddress, '198.51.100.1')
  assert.equal(fv.useragent, 'Custom    UA')
  assert.equal(FIELDS.length, Object.keys(fv).length)
})

test('r/tp2 and the Iglu adapter through the whole pipeline', async () => {
  const [redirect] = await run({path: '/r/tp2', querystring: 'u=https%3A%2F%2Fexample.com%2Flanding&aid=ads'})
  assert.equal(redirect!.status, 'good')
  assert.equal(redirect!.schema, 'iglu:com.snowplowanalytics.snowplow/uri_redirect/jsonschema/1-0-0')
  const rev = JSON.parse(redirect!.event!)
  assert.equal(rev.v_tracker, 'r-tp2')
  assert.equal(rev.platform, 'web')
  assert.deepEqual(rev.unstruct_event.data.data, {uri: 'https://example.com/landing'})

  const [iglu] = await run({
    path: '/com.snowplowanalytics.iglu/v1',
    querystring: `schema=${encodeURIComponent(LINK_CLICK)}&targetUrl=${encodeURIComponent('https://a.example/')}&aid=hooks`,
  })
  assert.equal(iglu!.status, 'good')
  assert.equal(iglu!.schema, LINK_CLICK)
  assert.deepEqual(iglu!.api, {vendor: 'com.snowplowanalytics.iglu', version: 'v1'})
  const iev = JSON.parse(iglu!.event!)
  assert.equal(iev.platform, 'app')
  assert.equal(iev.app_id, 'hooks')
  assert.equal(iev.v_tracker, 'com.snowplowanalytics.iglu-v1')
  assert.deepEqual(iev.unstruct_event.data.data, {targetUrl: 'https://a.example/'})
})

test('base64 contexts with or without padding, standard or url-safe alphabet', async () => {
  const json = contexts(sd(WEB_PAGE, {id: '5cea9899-10df-4ccf-bf66-8c36f4a4bba2'}))
  const std = Buffer.from(json).toString('base64')
  for (const cx of [std, std.replace(/=+$/, ''), encodeBase64UrlSafe(json)]) {
    const [e] = await post([{e: 'pv', p: 'web', tv: 't', cx}])
    assert.equal(e!.status, 'good')
    assert.deepEqual(e!.contexts, [WEB_PAGE])
  }
})

test('every bad row and failure entity validates against its Iglu Central schema', async () => {
  const {parseIgluUri} = await import('../../src/adapters/self-describing.js')
  const produced: ProcessedEvent[] = [
    ...(await run({path: '/i', querystring: 'e=pp&p=web&tv=lol&eid=invalidEventId'})),
    ...(await run({path: '/i', querystring: 'p=web&tv=t'})),
    ...(await post([{e: 'ue', p: 'web', tv: 't', ue_pr: unstruct(LINK_CLICK, {foo: 'bar'})}])),
    ...(await post([{e: 'pv', p: 'web', tv: 't', co: contexts(sd('iglu:com.doesnotexist/x/jsonschema/1-0-0', {}))}])),
    ...(await post([{e: 'pv', p: 'web', tv: 't', cx: 'garbage'}])),
    ...(await post([{e: 'pv', p: 'web', tv: 't', page: 'x'.repeat(2001)}])),
    ...(await run({path: TP2, contentType: 'application/json', body: 'not json'})),
    ...(await run({path: TP2})),
    ...(await run({path: '/com.acme/v1', querystring: 'a=1'})),
    ...(await run({path: '/a/b/c'})),
    ...(await pipeline.processThrift(Buffer.from('junk'))),
  ]
  const seen = new Set<string>()
  for (const e of produced) {
    const row = badRow(e)
    seen.add(row.schema.split('/')[1]!)
    const key = parseIgluUri(row.schema)
    assert.ok(typeof key !== 'string')
    const report = await iglu.client.validate(key, row.data)
    // Like Enrich, raw parameter values are kept whole, beyond the schema's maxLength 512 (a base64
    // `cx` alone often is): that is the one deviation the bad-row schemas see.
    const problems =
      report.ok || !('dataReports' in report.error)
        ? report.ok ? [] : [report.error]
        : report.error.dataReports.filter((r) => !(r.keyword === 'maxLength' && /^\$\.payload\.raw\.parameters\[\d+\]\.value$/.test(r.path ?? '')))
    assert.deepEqual(problems, [], row.schema)
    if (e.event) {
      for (const entity of JSON.parse(e.event).derived_contexts.data) {
        const ek = parseIgluUri(entity.schema)
        assert.ok(typeof ek !== 'string')
        const r = await iglu.client.validate(ek, entity.data)
        assert.ok(r.ok, `${entity.schema}: ${JSON.stringify(!r.ok && r.error)}`)
      }
    }
  }
  assert.deepEqual([...seen].sort(), [
    'adapter_failures',
    'collector_payload_format_violation',
    'enrichment_failures',
    'schema_violations',
    'tracker_protocol_violations',
  ])
})

test('hostile input never throws and never breaks the TSV: 300 random events', async () => {
  // a seeded generator keeps the test deterministic
  let seed = 42
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
  const alphabet = ['a', 'Z', '0', '9', '-', '.', '\t', '\n', '\r', '"', '\\', '{', '}', '[', ']', ':', ',', ' ', 'é', '字', '\u0000', 'x', '1', 'e']
  const text = () => Array.from({length: Math.floor(rnd() * 12)}, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('')
  const keys = ['e', 'p', 'tv', 'aid', 'eid', 'tid', 'vid', 'sid', 'dtm', 'stm', 'ttm', 'res', 'vp', 'ds', 'cookie', 'f_pdf', 'se_va', 'tr_tt', 'ti_qu', 'pp_mix', 'url', 'refr', 'page', 'ip', 'ua', 'co', 'cx', 'ue_pr', 'ue_px', 'nuid', 'tnuid']
  const events: Record<string, string>[] = []
  for (let i = 0; i < 300; i++) {
    const ev: Record<string, string> = {e: rnd() < 0.7 ? 'pv' : text(), p: rnd() < 0.8 ? 'web' : text(), tv: 't'}
    for (const k of keys) if (rnd() < 0.3) ev[k] = text()
    events.push(ev)
  }
  for (let i = 0; i < events.length; i += 30) {
    const out = await post(events.slice(i, i + 30))
    assert.equal(out.length, 30)
    for (const e of out) {
      assert.ok(e.status === 'good' || e.status === 'incomplete')
      assert.equal(e.tsv!.split('\t').length, 131)
      assert.ok(!/[\n\r]/.test(e.tsv!))
      assert.equal(toTsv(parseTsv(e.tsv!)), e.tsv, 'the stored line reads back exactly')
      if (e.status === 'incomplete') JSON.parse(e.badRow!)
    }
  }
})
