import {test} from 'node:test'
import assert from 'node:assert/strict'
import {
  F,
  FIELDS,
  FIELD_COUNT,
  FIELD_INDEX,
  createEnrichedEvent,
  setField,
  getField,
  toTsv,
  parseTsv,
  toCanonicalJson,
  toLossyObject,
  toPartiallyEnrichedEvent,
  shreddedSuffix,
  formatIsoTimestamp,
  formatTsvTimestamp,
} from '../../src/event/index.js'

test('the model has the 131 enrich columns in TSV order with unique names', () => {
  assert.equal(FIELD_COUNT, 131)
  assert.equal(new Set(FIELDS.map((f) => f.name)).size, 131)
  assert.equal(FIELDS[0]!.name, 'app_id')
  assert.equal(FIELDS[52]!.name, 'contexts')
  assert.equal(FIELDS[121]!.name, 'refr_dvce_tstamp') // not the docs' refr_device_tstamp
  assert.equal(FIELDS[130]!.name, 'true_tstamp')
  for (const [name, index] of Object.entries(F)) assert.equal(FIELD_INDEX[name], index, name)
  const limits = Object.fromEntries(FIELDS.map((f) => [f.name, f.limit]))
  assert.equal(limits.page_url, 10000)
  assert.equal(limits.geo_country, 2)
  assert.equal(limits.mkt_clickid, 1000)
  assert.equal(FIELDS.find((f) => f.name === 'mkt_clickid')!.schemaLimit, 128)
})

test('an empty event is 130 tabs in TSV', () => {
  assert.equal(toTsv(createEnrichedEvent()), '\t'.repeat(130))
})

function sampleEvent() {
  const ev = createEnrichedEvent()
  setField(ev, 'app_id', 'shop')
  setField(ev, 'platform', 'web')
  setField(ev, 'collector_tstamp', Date.parse('2013-11-26T00:02:05.000Z'))
  setField(ev, 'dvce_created_tstamp', Date.parse('2013-11-26T00:03:57.885Z'))
  setField(ev, 'event', 'unstruct')
  setField(ev, 'event_id', 'c6ef3124-b53a-4b13-a233-0088f79dcbcb')
  setField(ev, 'txn_id', 28288)
  setField(ev, 'domain_sessionidx', 3)
  setField(ev, 'geo_latitude', 37.443604)
  setField(ev, 'geo_longitude', -122.4124)
  setField(ev, 'se_value', '1000')
  setField(ev, 'tr_total', '8000')
  setField(ev, 'br_cookies', 1)
  setField(ev, 'br_features_pdf', 0)
  setField(ev, 'contexts', [
    {schema: 'iglu:org.schema/WebPage/jsonschema/1-0-0', data: {genre: 'blog', inLanguage: 'en-US'}},
    {schema: 'iglu:org.w3/PerformanceTiming/jsonschema/1-0-0', data: {navigationStart: 1415358089861}},
    {schema: 'iglu:org.schema/WebPage/jsonschema/1-0-0', data: {genre: 'news'}},
  ])
  setField(ev, 'unstruct_event', {
    schema: 'iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1',
    data: {targetUrl: 'http://www.example.com', elementClasses: ['foreground']},
  })
  return ev
}

test('TSV serialization: typed columns, 1-0-1 contexts wrapper, compact JSON in key order', () => {
  const cols = toTsv(sampleEvent()).split('\t')
  assert.equal(cols.length, 131)
  assert.equal(cols[F.collector_tstamp], '2013-11-26 00:02:05.000')
  assert.equal(cols[4], '2013-11-26 00:03:57.885')
  assert.equal(cols[7], '28288')
  assert.equal(cols[FIELD_INDEX.br_cookies!], '1')
  assert.equal(cols[FIELD_INDEX.br_features_pdf!], '0')
  assert.equal(cols[FIELD_INDEX.br_features_java!], '')
  assert.equal(cols[F.se_value], '1000')
  assert.equal(
    cols[F.contexts],
    '{"schema":"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1","data":[{"schema":"iglu:org.schema/WebPage/jsonschema/1-0-0","data":{"genre":"blog","inLanguage":"en-US"}},{"schema":"iglu:org.w3/PerformanceTiming/jsonschema/1-0-0","data":{"navigationStart":1415358089861}},{"schema":"iglu:org.schema/WebPage/jsonschema/1-0-0","data":{"genre":"news"}}]}',
  )
  assert.equal(
    cols[F.unstruct_event],
    '{"schema":"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0","data":{"schema":"iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1","data":{"targetUrl":"http://www.example.com","elementClasses":["foreground"]}}}',
  )
  assert.equal(cols[F.derived_contexts], '')
})

test('canonical JSON is Micro GoodEvent.event: every field, nulls, ISO without zero fractions, {} contexts', () => {
  const empty = JSON.parse(toCanonicalJson(createEnrichedEvent()))
  assert.deepEqual(Object.keys(empty), FIELDS.map((f) => f.name))
  assert.deepEqual(empty.contexts, {})
  assert.deepEqual(empty.derived_contexts, {})
  assert.equal(empty.unstruct_event, null)
  assert.equal(empty.app_id, null)

  const json = JSON.parse(toCanonicalJson(sampleEvent()))
  assert.equal(json.collector_tstamp, '2013-11-26T00:02:05Z')
  assert.equal(json.dvce_created_tstamp, '2013-11-26T00:03:57.885Z')
  assert.equal(json.txn_id, 28288)
  assert.equal(json.se_value, 1000)
  assert.equal(json.tr_total, 8000)
  assert.equal(json.br_cookies, true)
  assert.equal(json.br_features_pdf, false)
  assert.equal(json.geo_latitude, 37.443604)
  assert.equal(json.contexts.schema, 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0')
  assert.equal(json.contexts.data.length, 3)
  assert.equal(json.unstruct_event.schema, 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0')
  assert.deepEqual(json.unstruct_event.data.data, {targetUrl: 'http://www.example.com', elementClasses: ['foreground']})
})

test('TSV → event → TSV, canonical JSON and lossy JSON round trip', () => {
  const tsv = toTsv(sampleEvent())
  const back = parseTsv(tsv)
  assert.equal(toTsv(back), tsv)
  assert.equal(toCanonicalJson(back), toCanonicalJson(sampleEvent()))
  const lossy = toLossyObject(back)
  assert.equal(lossy.contexts, undefined)
  assert.equal(lossy.unstruct_event, undefined)
  assert.deepEqual(lossy.contexts_org_schema_web_page_1, [
    {genre: 'blog', inLanguage: 'en-US', _schema_version: 'iglu:org.schema/WebPage/jsonschema/1-0-0'},
    {genre: 'news', _schema_version: 'iglu:org.schema/WebPage/jsonschema/1-0-0'},
  ])
  assert.deepEqual(lossy.contexts_org_w3_performance_timing_1, [
    {navigationStart: 1415358089861, _schema_version: 'iglu:org.w3/PerformanceTiming/jsonschema/1-0-0'},
  ])
  assert.deepEqual(lossy.unstruct_event_com_snowplowanalytics_snowplow_link_click_1, {
    targetUrl: 'http://www.example.com',
    elementClasses: ['foreground'],
  })
  assert.equal(lossy.geo_location, '37.443604,-122.4124')
  assert.equal(lossy.collector_tstamp, '2013-11-26T00:02:05Z')
  assert.equal(lossy.app_id, 'shop')
  assert.equal(lossy.user_id, null)
  const versionOnly = toLossyObject(back, {schemaVersion: 'version'})
  assert.equal((versionOnly.contexts_org_w3_performance_timing_1 as {_schema_version: string}[])[0]!._schema_version, '1-0-0')
})

test('parseTsv accepts any contexts wrapper version and rejects wrong column counts and values', () => {
  const ev = createEnrichedEvent()
  const cols = toTsv(ev).split('\t')
  cols[F.contexts] = '{"schema":"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0","data":[{"schema":"iglu:a.b/c/jsonschema/1-0-0","data":{}}]}'
  cols[F.event_id] = 'c6ef3124-b53a-4b13-a233-0088f79dcbcb'
  assert.deepEqual(getField(parseTsv(cols.join('\t')), 'contexts'), [{schema: 'iglu:a.b/c/jsonschema/1-0-0', data: {}}])
  assert.throws(() => parseTsv('a\tb'), {message: 'Expected 131 fields, received 2 fields.'})
  cols[F.event_id] = 'not-a-uuid'
  assert.throws(() => parseTsv(cols.join('\t')), /event_id/)
})

test('shredded column names follow the SDK rules', () => {
  assert.equal(shreddedSuffix('iglu:org.schema/WebPage/jsonschema/1-0-0')!.suffix, 'org_schema_web_page_1')
  assert.equal(shreddedSuffix('iglu:com.snowplowanalytics.snowplow/ua_parser_context/jsonschema/1-0-0')!.suffix, 'com_snowplowanalytics_snowplow_ua_parser_context_1')
  assert.equal(shreddedSuffix('iglu:com.my-company/Add-To-Cart/jsonschema/2-1-0')!.suffix, 'com_my_company_add_to_cart_2')
})

test('partially enriched event for bad rows: strings, TSV timestamps, numbers for ints and bytes', () => {
  const p = toPartiallyEnrichedEvent(sampleEvent())
  assert.equal(Object.keys(p).length, 131)
  assert.equal(p.collector_tstamp, '2013-11-26 00:02:05.000')
  assert.equal(p.txn_id, '28288')
  assert.equal(p.domain_sessionidx, 3)
  assert.equal(p.br_cookies, 1)
  assert.equal(p.se_value, '1000')
  assert.equal(p.user_id, null)
  assert.match(p.contexts as string, /contexts\/jsonschema\/1-0-1/)
})

test('timestamp text forms', () => {
  assert.equal(formatTsvTimestamp(Date.parse('2021-08-29T12:01:05.787Z')), '2021-08-29 12:01:05.787')
  assert.equal(formatIsoTimestamp(Date.parse('2021-08-29T12:01:05.000Z')), '2021-08-29T12:01:05Z')
  assert.equal(formatIsoTimestamp(Date.parse('2021-08-29T12:01:05.880Z')), '2021-08-29T12:01:05.880Z')
})
