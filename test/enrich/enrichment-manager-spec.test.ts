/**
 * Port of the parts of Snowplow Enrich 6's EnrichmentManagerSpec (modules/common/src/test/scala/
 * .../enrichments/EnrichmentManagerSpec.scala) that need no optional enrichment: atomic field
 * parsing, user agents, `getCrossDomain` without the cross_navigation enrichment,
 * `getCollectorVersionSet`, `validateEnriched`'s atomic lengths. Our own test code; each test
 * names the Scala example it ports.
 */
import {test} from 'node:test'
import assert from 'node:assert/strict'
import {enrich} from './spec-enrich.js'
import {FIELD_INDEX, toTsv} from '../../src/event/index.js'

const LEAN = {e: 'pp', tv: 'js-0.13.1', p: 'web'}
const FAT = {e: 'pp', tv: 's'.repeat(500), p: 'web'}

test('EnrichmentManagerSpec enrichEvent: set all atomic fields from tracker payload fields', async () => {
  const ts = '2025-01-01 01:02:03.000'
  const table: [string, string, Record<string, string | number>][] = [
    ['e', 'pp', {event: 'page_ping'}],
    ['ip', '192.168.0.1', {user_ipaddress: '192.168.0.1'}],
    ['aid', 'myapp', {app_id: 'myapp'}],
    ['p', 'web', {platform: 'web'}],
    ['tid', '42', {txn_id: 42}],
    ['uid', 'myuser', {user_id: 'myuser'}],
    ['duid', 'myduid', {domain_userid: 'myduid'}],
    ['nuid', 'mynuid', {network_userid: 'mynuid'}],
    ['ua', 'myua', {useragent: 'myua'}],
    ['fp', 'myfp', {user_fingerprint: 'myfp'}],
    ['vid', '42', {domain_sessionidx: 42}],
    ['sid', '6e6e6d0f-f191-4249-8ac8-469db39332a3', {domain_sessionid: '6e6e6d0f-f191-4249-8ac8-469db39332a3'}],
    ['dtm', '1735693323000', {dvce_created_tstamp: ts}],
    ['ttm', '1735693323000', {true_tstamp: ts}],
    ['stm', '1735693323000', {dvce_sent_tstamp: ts}],
    ['tna', 'mytna', {name_tracker: 'mytna'}],
    ['tv', 'mytv', {v_tracker: 'mytv'}],
    ['cv', 'mycv', {v_collector: 'mycv'}],
    ['lang', 'mylang', {br_lang: 'mylang'}],
    ['f_pdf', '1', {br_features_pdf: 1}],
    ['f_fla', '1', {br_features_flash: 1}],
    ['f_java', '1', {br_features_java: 1}],
    ['f_dir', '1', {br_features_director: 1}],
    ['f_qt', '1', {br_features_quicktime: 1}],
    ['f_realp', '1', {br_features_realplayer: 1}],
    ['f_wma', '1', {br_features_windowsmedia: 1}],
    ['f_gears', '1', {br_features_gears: 1}],
    ['f_ag', '1', {br_features_silverlight: 1}],
    ['cookie', '1', {br_cookies: 1}],
    ['res', '42x420', {dvce_screenwidth: 42, dvce_screenheight: 420}],
    ['cd', 'mycd', {br_colordepth: 'mycd'}],
    ['tz', 'mytz', {os_timezone: 'mytz'}],
    ['refr', 'myrefr', {page_referrer: 'myrefr'}],
    ['url', 'myurl', {page_url: 'myurl'}],
    ['page', 'mypage', {page_title: 'mypage'}],
    ['cs', 'mycs', {doc_charset: 'mycs'}],
    ['ds', '42x420', {doc_width: 42, doc_height: 420}],
    ['vp', '42x420', {br_viewwidth: 42, br_viewheight: 420}],
    ['eid', 'a741bd4c-2365-4c35-92fa-00fe62d71b8d', {event_id: 'a741bd4c-2365-4c35-92fa-00fe62d71b8d'}],
    ['ev_ca', 'myval', {se_category: 'myval'}],
    ['ev_ac', 'myval', {se_action: 'myval'}],
    ['ev_la', 'myval', {se_label: 'myval'}],
    ['ev_pr', 'myval', {se_property: 'myval'}],
    ['ev_va', '42', {se_value: '42'}],
    ['se_ca', 'myval', {se_category: 'myval'}],
    ['se_ac', 'myval', {se_action: 'myval'}],
    ['se_la', 'myval', {se_label: 'myval'}],
    ['se_pr', 'myval', {se_property: 'myval'}],
    ['se_va', '42', {se_value: '42'}],
    ['tr_id', 'myval', {tr_orderid: 'myval'}],
    ['tr_af', 'myval', {tr_affiliation: 'myval'}],
    ['tr_tt', '42', {tr_total: '42'}],
    ['tr_tx', '42', {tr_tax: '42'}],
    ['tr_sh', '42', {tr_shipping: '42'}],
    ['tr_ci', 'mycity', {tr_city: 'mycity'}],
    ['tr_st', 'mystate', {tr_state: 'mystate'}],
    ['tr_co', 'myhome', {tr_country: 'myhome'}],
    ['ti_id', 'myorder', {ti_orderid: 'myorder'}],
    ['ti_sk', 'mysku', {ti_sku: 'mysku'}],
    ['ti_na', 'myname', {ti_name: 'myname'}],
    ['ti_nm', 'myname2', {ti_name: 'myname2'}],
    ['ti_ca', 'mycat', {ti_category: 'mycat'}],
    ['ti_pr', '42', {ti_price: '42'}],
    ['ti_qu', '42', {ti_quantity: 42}],
    ['pp_mix', '42', {pp_xoffset_min: 42}],
    ['pp_max', '42', {pp_xoffset_max: 42}],
    ['pp_miy', '42', {pp_yoffset_min: 42}],
    ['pp_may', '42', {pp_yoffset_max: 42}],
    ['tr_cu', 'XYZ', {tr_currency: 'XYZ'}],
    ['ti_cu', 'XYZ', {ti_currency: 'XYZ'}],
    ['tnuid', 'mytnuid', {network_userid: 'mytnuid'}],
  ]
  for (const [key, value, expected] of table) {
    const r = await enrich({...LEAN, [key]: value})
    assert.equal(r.failure, null, key)
    // as the enriched TSV prints them (txn_id 42 is `42`, a timestamp `2025-01-01 01:02:03.000`)
    const columns = toTsv(r.event).split('\t')
    for (const [field, v] of Object.entries(expected)) assert.equal(columns[FIELD_INDEX[field]!], String(v), `${key} → ${field}`)
  }
})

test('EnrichmentManagerSpec enrichEvent: emit an EnrichedEvent for valid integer fields', async () => {
  for (const integer of ['42', '-42', 'null']) {
    for (const field of ['tid', 'vid', 'ti_qu', 'pp_mix', 'pp_max', 'pp_miy', 'pp_may']) {
      const r = await enrich({e: 'ue', tv: 'js-0.13.1', p: 'web', [field]: integer})
      assert.equal(r.failure, null, `${field}=${integer}`)
    }
  }
})

test('EnrichmentManagerSpec enrichEvent: emit an EnrichedEvent for valid decimal fields', async () => {
  for (const decimal of ['42', '42.5', 'null']) {
    for (const field of ['ev_va', 'se_va', 'tr_tt', 'tr_tx', 'tr_sh', 'ti_pr']) {
      const r = await enrich({e: 'ue', tv: 'js-0.13.1', p: 'web', [field]: decimal})
      assert.equal(r.failure, null, `${field}=${decimal}`)
    }
  }
})

test('EnrichmentManagerSpec enrichEvent: create an EnrichedEvent with correct BigDecimal field values', async () => {
  const decimals: [string, string][] = [
    ['42', '42'],
    ['42.5', '42.5'],
    ['137777104559', '137777104559'],
    ['-137777104559', '-137777104559'],
    ['1E7', '10000000'],
    ['1.2E9', '1200000000'],
    ['0.000001', '0.000001'],
    ['0.0000001', '1E-7'],
  ]
  for (const [input, expected] of decimals) {
    const r = await enrich({e: 'ue', tv: 'js-0.13.1', p: 'web', ev_va: input})
    assert.equal(r.failure, null)
    assert.equal(r.fields.se_value, expected, input)
  }
})

test("EnrichmentManagerSpec enrichEvent: have a preference of 'ua' query string parameter over user agent of HTTP header", async () => {
  const ua = 'Mozilla/5.0 (X11; Linux x86_64; rv:75.0) Gecko/20100101 Firefox/75.0'
  const r = await enrich({...LEAN, ua}, {useragent: 'header-useragent'})
  assert.equal(r.fields.useragent, ua)
})

test("EnrichmentManagerSpec enrichEvent: use user agent of HTTP header if 'ua' query string parameter is not set", async () => {
  assert.equal((await enrich(LEAN, {useragent: 'header-useragent'})).fields.useragent, 'header-useragent')
})

test('EnrichmentManagerSpec enrichEvent: accept user agent of HTTP header when it is not URL decodable', async () => {
  const ua = 'Mozilla/5.0 (X11; Linux x86_64; rv:75.0) Gecko/20100101 %1$s/%2$s Firefox/75.0'
  assert.equal((await enrich(LEAN, {useragent: ua})).fields.useragent, ua)
})

test("EnrichmentManagerSpec enrichEvent: accept 'ua' in query string when it is not URL decodable", async () => {
  const ua = 'Mozilla/5.0 (X11; Linux x86_64; rv:75.0) Gecko/20100101 %1$s/%2$s Firefox/75.0'
  assert.equal((await enrich({...LEAN, ua}, {useragent: 'header-useragent'})).fields.useragent, ua)
})

// getCrossDomain, through the page URL's querystring as enrich reads it, no cross_navigation enrichment
const page = (qs: string) => `http://www.example.com/page${qs}`

test('EnrichmentManagerSpec getCrossDomain: do nothing if none query string parameters - crossNavigation disabled', async () => {
  for (const url of [null, page('')]) {
    const r = await enrich(url === null ? LEAN : {...LEAN, url})
    assert.equal(r.failure, null)
    assert.deepEqual([r.fields.refr_domain_userid, r.fields.refr_dvce_tstamp], [null, null])
  }
})

test('EnrichmentManagerSpec getCrossDomain: do nothing if _sp is empty - crossNavigation disabled', async () => {
  for (const url of [page('?_sp='), page('?_sp')]) {
    const r = await enrich({...LEAN, url})
    assert.equal(r.failure, null)
    assert.deepEqual([r.fields.refr_domain_userid, r.fields.refr_dvce_tstamp], [null, null])
  }
})

test('EnrichmentManagerSpec getCrossDomain: add atomic props but no ctx with original _sp format and cross navigation disabled', async () => {
  const r = await enrich({...LEAN, url: page('?_sp=abc.1697175843762')})
  assert.equal(r.failure, null)
  assert.equal(r.fields.refr_domain_userid, 'abc')
  assert.equal(r.fields.refr_dvce_tstamp, '2023-10-13 05:44:03.762')
  assert.equal(r.event[122], null, 'no derived context')
})

test('EnrichmentManagerSpec getCrossDomain: add atomic props but no ctx with extended _sp format and cross navigation disabled', async () => {
  const sp = 'abc.1697175843762.176ff68a-4769-4566-ad0e-3792c1c8148f.dGVzdGVy.c29tZVNvdXJjZUlk.web.dGVzdGluZ19yZWFzb24'
  const r = await enrich({...LEAN, url: page(`?utm_source=x&_sp=${sp}`)})
  assert.equal(r.failure, null)
  assert.equal(r.fields.refr_domain_userid, 'abc')
  assert.equal(r.fields.refr_dvce_tstamp, '2023-10-13 05:44:03.762')
})

test('EnrichmentManagerSpec getCrossDomain: error without info if parsing failed and cross navigation is disabled', async () => {
  const r = await enrich({...LEAN, url: page('?_sp=abc.some_invalid_timestamp_value')})
  assert.deepEqual(r.failure, {
    type: 'enrichment_failures',
    messages: [{enrichment: null, message: {field: 'sp_dtm', value: 'some_invalid_timestamp_value', expectation: 'Not in the expected format: ms since epoch'}}],
  })
})

test('EnrichmentManagerSpec getCollectorVersionSet: an enrichment failure if v_collector is null or empty, none if set', async () => {
  const {enrichEvent} = await import('../../src/enrich/enrich-event.js')
  const {specRawEvent} = await import('./spec-enrich.js')
  const {specIgluClient} = await import('../adapters/spec-iglu.js')
  const iglu = specIgluClient()
  for (const name of ['', 'v42']) {
    const raw = {...specRawEvent(LEAN), source: {name, encoding: 'UTF-8', hostname: null}}
    const outcome = await enrichEvent(raw, {iglu})
    if (name === '') {
      assert.deepEqual(outcome.failure, {type: 'enrichment_failures', messages: [{enrichment: null, message: {field: 'v_collector', value: null, expectation: 'should be set'}}]})
    } else assert.equal(outcome.failure, null)
  }
})

test('EnrichmentManagerSpec validateEnriched: create a SchemaViolations bad row if an atomic field is oversized', async () => {
  const r = await enrich(FAT)
  assert.deepEqual(r.failure, {
    type: 'schema_violations',
    messages: [
      {
        schemaKey: 'iglu:com.snowplowanalytics.snowplow/atomic/jsonschema/1-0-0',
        error: {error: 'ValidationError', dataReports: [{message: 'Field is longer than maximum allowed size 100', path: 'v_tracker', keyword: 'atomic_field_length_exceeded', targets: []}]},
      },
    ],
  })
  assert.equal(r.partial!.v_tracker, 's'.repeat(500), 'the bad row keeps the value')
})

test('EnrichmentManagerSpec validateEnriched: remove an oversized atomic field if emitFailed is set to true', async () => {
  const r = await enrich(FAT)
  assert.equal(r.fields.v_tracker, null)
  assert.equal(r.fields.event, 'page_ping')
})

test('EnrichmentManagerSpec enrichEvent: a lean event is enriched', async () => {
  const r = await enrich(LEAN)
  assert.equal(r.failure, null)
  assert.equal(r.fields.v_tracker, 'js-0.13.1')
})

const EMAIL_SENT = 'iglu:com.acme/email_sent/jsonschema/1-0-0'
const CLIENT_SESSION = {
  schema: 'iglu:com.snowplowanalytics.snowplow/client_session/jsonschema/1-0-1',
  data: {
    sessionIndex: 1,
    storageMechanism: 'LOCAL_STORAGE',
    firstEventId: '5c33fccf-6be5-4ce6-afb1-e34026a3ca75',
    sessionId: '21c2a0dd-892d-42d1-b156-3a9d4e147eef',
    previousSessionId: null,
    userId: '20d631b8-7837-49df-a73e-6da73154e6fd',
  },
}
const co = (...entities: unknown[]) => JSON.stringify({schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0', data: entities})
const uePr = (event: unknown) => JSON.stringify({schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0', data: event})
const INVALID_UE_DATA = {emailAddress: 'hello@world.com', emailAddress2: 'foo@bar.org', unallowedAdditionalField: 'foo@bar.org'}
const INVALID_CONTEXT_DATA = {foo: 'hello@world.com', emailAddress2: 'foo@bar.org'}
type Entity = {schema: string; data: Record<string, unknown>}

test('EnrichmentManagerSpec enrichEvent: a SchemaViolations bad row if the input event contains an invalid context', async () => {
  const r = await enrich({...LEAN, co: co({schema: EMAIL_SENT, data: {foo: 'hello@world.com', emailAddress2: 'foo@bar.org'}})})
  assert.equal(r.failure?.type, 'schema_violations')
})

test('EnrichmentManagerSpec enrichEvent: a SchemaViolations bad row if the input unstructured event is invalid', async () => {
  const r = await enrich({e: 'ue', tv: 'js-0.13.1', p: 'web', ue_pr: uePr({schema: EMAIL_SENT, data: INVALID_UE_DATA})})
  assert.equal(r.failure?.type, 'schema_violations')
})

test('EnrichmentManagerSpec enrichEvent: 1 ValidationError for the atomic field and 1 for the unstruct event', async () => {
  const r = await enrich({e: 'ue', tv: 'js-0.13.1', p: 'web', tr_tt: 'not number', ue_pr: uePr({schema: EMAIL_SENT, data: INVALID_UE_DATA})})
  assert.equal(r.failure?.type, 'schema_violations')
  const [atomic, ue, ...rest] = r.failure!.messages as {schemaKey: string; error: unknown}[]
  assert.equal(rest.length, 0)
  assert.equal(atomic!.schemaKey, 'iglu:com.snowplowanalytics.snowplow/atomic/jsonschema/1-0-0')
  assert.match(JSON.stringify(atomic!.error), /tr_tt/)
  assert.match(JSON.stringify(atomic!.error), /Cannot be converted to java\.math\.BigDecimal/)
  assert.equal(ue!.schemaKey, EMAIL_SENT)
  assert.match(JSON.stringify(ue!.error), /unallowedAdditionalField: is not defined in the schema and the schema does not allow additional properties/)
})

function failureEntity(r: Awaited<ReturnType<typeof enrich>>): Entity {
  const derived = r.event[122] as Entity[]
  assert.equal(derived[0]!.schema, 'iglu:com.snowplowanalytics.snowplow/failure/jsonschema/1-0-0')
  return derived[0]!
}

test('EnrichmentManagerSpec enrichEvent: remove the invalid unstructured event and enrich the event if emitFailed is set to true', async () => {
  const r = await enrich({...LEAN, co: co(CLIENT_SESSION), ue_pr: uePr({schema: EMAIL_SENT, data: INVALID_UE_DATA})})
  assert.equal(r.failure?.type, 'schema_violations')
  assert.equal(r.event[58], null, 'no unstruct_event')
  assert.deepEqual((r.event[52] as Entity[]).map((c) => c.schema), [CLIENT_SESSION.schema])
  const f = failureEntity(r)
  assert.equal(f.data.failureType, 'ValidationError')
  assert.deepEqual(f.data.errors, [
    {
      message: '$.unallowedAdditionalField: is not defined in the schema and the schema does not allow additional properties',
      source: 'unstruct',
      path: '$',
      keyword: 'additionalProperties',
      targets: ['unallowedAdditionalField'],
    },
  ])
  assert.equal(f.data.schema, EMAIL_SENT)
  assert.deepEqual(f.data.data, INVALID_UE_DATA)
})

// The spec lists additionalProperties first; networknt 1.0.76's PropertiesValidator (reading its
// code) adds the required errors first, as sp does and as SnowplowAdapterSpec e10 expects, so the
// two reports are compared regardless of order here.
const byMessage = (errors: unknown) => [...(errors as {message: string}[])].sort((a, b) => a.message.localeCompare(b.message))
const CONTEXT_ERRORS = [
  {message: '$.foo: is not defined in the schema and the schema does not allow additional properties', source: 'contexts', path: '$', keyword: 'additionalProperties', targets: ['foo']},
  {message: '$.emailAddress: is missing but it is required', source: 'contexts', path: '$', keyword: 'required', targets: ['emailAddress']},
]

test('EnrichmentManagerSpec enrichEvent: remove the invalid context and enrich the event if emitFailed is set to true', async () => {
  const r = await enrich({...LEAN, co: co({schema: EMAIL_SENT, data: INVALID_CONTEXT_DATA}), ue_pr: uePr(CLIENT_SESSION)})
  assert.equal(r.failure?.type, 'schema_violations')
  assert.equal(r.event[52], null, 'no contexts left')
  assert.equal((r.event[58] as Entity).schema, CLIENT_SESSION.schema)
  const f = failureEntity(r)
  assert.equal(f.data.failureType, 'ValidationError')
  assert.deepEqual(byMessage(f.data.errors), byMessage(CONTEXT_ERRORS))
  assert.equal(f.data.schema, EMAIL_SENT)
  assert.deepEqual(f.data.data, INVALID_CONTEXT_DATA)
})

test('EnrichmentManagerSpec enrichEvent: remove one invalid context (out of 2) and enrich the event if emitFailed is set to true', async () => {
  const r = await enrich({...LEAN, co: co({schema: EMAIL_SENT, data: INVALID_CONTEXT_DATA}, CLIENT_SESSION)})
  assert.equal(r.failure?.type, 'schema_violations')
  assert.deepEqual((r.event[52] as Entity[]).map((c) => c.schema), [CLIENT_SESSION.schema])
  assert.deepEqual(byMessage(failureEntity(r).data.errors), byMessage(CONTEXT_ERRORS))
})

test('EnrichmentManagerSpec enrichEvent: emit an EnrichedEvent with superseded schemas', async () => {
  const sup = (v: string) => `iglu:com.acme/superseding_example/jsonschema/${v}`
  const entities = [
    {schema: EMAIL_SENT, data: {emailAddress: 'hello@world.com', emailAddress2: 'foo@bar.org'}},
    {schema: sup('1-0-0'), data: {field_a: 'value_a', field_b: 'value_b'}},
    {schema: sup('1-0-0'), data: {field_a: 'value_a', field_b: 'value_b', field_d: 'value_d'}},
    {schema: sup('1-0-1'), data: {field_a: 'value_a', field_b: 'value_b', field_c: 'value_c', field_d: 'value_d'}},
  ]
  const ue = {field_e: 'value_e', field_f: 'value_f', field_g: 'value_g'}
  const r = await enrich({e: 'ue', tv: 'js-0.13.1', p: 'web', co: co(...entities), ue_pr: uePr({schema: sup('2-0-0'), data: ue})})
  assert.equal(r.failure, null)
  const json = (field: string) => JSON.parse(r.fields[field] as string)
  assert.deepEqual(json('contexts'), {
    schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1',
    data: entities.map((e, i) => (i === 0 ? e : {schema: sup('1-0-1'), data: e.data})),
  })
  assert.deepEqual(json('derived_contexts'), {
    schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1',
    data: [
      {schema: 'iglu:com.snowplowanalytics.iglu/validation_info/jsonschema/1-0-0', data: {originalSchema: sup('2-0-0'), validatedWith: '2-0-1'}},
      {schema: 'iglu:com.snowplowanalytics.iglu/validation_info/jsonschema/1-0-0', data: {originalSchema: sup('1-0-0'), validatedWith: '1-0-1'}},
    ],
  })
  assert.deepEqual(json('unstruct_event'), {
    schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0',
    data: {schema: sup('2-0-1'), data: ue},
  })
})
