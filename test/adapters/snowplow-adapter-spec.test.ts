/**
 * Port of Snowplow Enrich 6's SnowplowAdapterSpec (modules/common/src/test/scala/.../adapters/
 * registry/snowplow/SnowplowAdapterSpec.scala), e1–e20: the tp1, tp2 and redirect adapters. Our own
 * test code; each test names the Scala example it ports.
 */
import {test} from 'node:test'
import assert from 'node:assert/strict'
import {tp1Adapter} from '../../src/adapters/tp1.js'
import {tp2Adapter} from '../../src/adapters/tp2.js'
import {redirectAdapter} from '../../src/adapters/redirect.js'
import {encodeBase64Mime} from '../../src/adapters/base64.js'
import type {AdapterResult} from '../../src/adapters/types.js'
import type {Api, LoadedPayload} from '../../src/adapters/raw-event.js'
import {specIgluClient} from './spec-iglu.js'
import {pairs, paramsOf, specPayload, toSelfDescJson, SPEC_CONTEXT, SPEC_SOURCE} from './spec-payloads.js'

const TP1: Api = {vendor: 'com.snowplowanalytics.snowplow', version: 'tp1'}
const TP2: Api = {vendor: 'com.snowplowanalytics.snowplow', version: 'tp2'}
const JSON_CT = 'application/json'
const JSON_CHARSET = 'application/json; charset=utf-8'
const JSON_CAPITAL_CHARSET = 'application/json; charset=UTF-8'
const iglu = specIgluClient()
const tp2 = (p: LoadedPayload) => tp2Adapter(p, {iglu})

/** The adapter's events as Enrich's RawEvents (parameters compared as a map). */
async function events(result: AdapterResult | Promise<AdapterResult>) {
  const r = await result
  assert.ok(r.ok, `expected events, got ${JSON.stringify(r)}`)
  return r.events.map((e) => ({...e, parameters: paramsOf(e.parameters)}))
}

async function failures(result: AdapterResult | Promise<AdapterResult>) {
  const r = await result
  assert.ok(!r.ok, 'expected a failure')
  return r.messages
}

const rawEvent = (api: Api, parameters: Record<string, string | null>, contentType: string | null = null) => ({
  api,
  parameters,
  contentType,
  source: SPEC_SOURCE,
  context: SPEC_CONTEXT,
})

test('SnowplowAdapterSpec e1: Tp1 gives one RawEvent when the querystring is populated', async () => {
  assert.deepEqual(await events(tp1Adapter(specPayload(TP1, pairs(['aid', 'test'])))), [rawEvent(TP1, {aid: 'test'})])
})

test('SnowplowAdapterSpec e2: Tp1 fails on an empty querystring', async () => {
  assert.deepEqual(await failures(tp1Adapter(specPayload(TP1, []))), [{field: 'querystring', value: null, expectation: 'empty querystring: not a valid URI redirect'}])
})

test('SnowplowAdapterSpec e3: Tp2 gives one RawEvent when only the querystring is populated', async () => {
  assert.deepEqual(await events(tp2(specPayload(TP2, pairs(['aid', 'tp2'], ['e', 'se'])))), [rawEvent(TP2, {aid: 'tp2', e: 'se'})])
})

test('SnowplowAdapterSpec e4: Tp2 gives one RawEvent from a one-event body', async () => {
  const body = toSelfDescJson('[{"tv":"ios-0.1.0","p":"mob","e":"se"}]', 'payload_data')
  assert.deepEqual(await events(tp2(specPayload(TP2, [], JSON_CHARSET, body))), [rawEvent(TP2, {tv: 'ios-0.1.0', p: 'mob', e: 'se'}, JSON_CHARSET)])
})

test("SnowplowAdapterSpec e5: Tp2 gives three RawEvents, the querystring's parameters merged into each", async () => {
  const body = toSelfDescJson('[{"tv":"1","p":"1","e":"1"},{"tv":"2","p":"2","e":"2"},{"tv":"3","p":"3","e":"3"}]', 'payload_data')
  const got = await events(tp2(specPayload(TP2, pairs(['tv', '0'], ['nuid', '123']), JSON_CAPITAL_CHARSET, body)))
  assert.deepEqual(got, [
    rawEvent(TP2, {tv: '0', p: '1', e: '1', nuid: '123'}, JSON_CAPITAL_CHARSET),
    rawEvent(TP2, {tv: '0', p: '2', e: '2', nuid: '123'}, JSON_CAPITAL_CHARSET),
    rawEvent(TP2, {tv: '0', p: '3', e: '3', nuid: '123'}, JSON_CAPITAL_CHARSET),
  ])
})

test('SnowplowAdapterSpec e6: Tp2 accepts application/json; charset=UTF-8', async () => {
  const body = toSelfDescJson('[{"tv":"ios-0.1.0","p":"mob","e":"se"}]', 'payload_data')
  assert.deepEqual(await events(tp2(specPayload(TP2, [], JSON_CAPITAL_CHARSET, body))), [rawEvent(TP2, {tv: 'ios-0.1.0', p: 'mob', e: 'se'}, JSON_CAPITAL_CHARSET)])
})

test('SnowplowAdapterSpec e7: Tp2 fails when querystring, body and content type mismatch', async () => {
  const CT = 'expected one of application/json, application/json; charset=utf-8, application/json; charset=UTF-8'
  const table: [string, ReturnType<typeof pairs>, string | null, string | null, unknown[]][] = [
    ['Invalid content type', [], 'text/plain', 'body', [{field: 'contentType', value: 'text/plain', expectation: CT}]],
    [
      'Neither querystring nor body populated',
      [],
      null,
      null,
      [
        {field: 'body', value: null, expectation: 'empty body: not a valid tracker protocol event'},
        {field: 'querystring', value: null, expectation: 'empty querystring: not a valid tracker protocol event'},
      ],
    ],
    ['Body populated but content type missing', [], null, 'body', [{field: 'contentType', value: null, expectation: CT}]],
    ['Content type populated but body missing', pairs(['a', 'b']), JSON_CHARSET, null, [{field: 'body', value: null, expectation: 'empty body: not a valid track protocol event'}]],
    ['Body is not a JSON', pairs(['a', 'b']), JSON_CT, 'body', [{field: 'body', value: 'body', error: "invalid json: expected json value got 'body' (line 1, column 1)"}]],
  ]
  for (const [name, qs, ct, body, expected] of table) assert.deepEqual(await failures(tp2(specPayload(TP2, qs, ct, body))), expected, name)
})

test('SnowplowAdapterSpec e8: Tp2 fails when the body is not self-describing', async () => {
  assert.deepEqual(await failures(tp2(specPayload(TP2, pairs(['aid', 'test']), JSON_CT, '{"not":"self-desc"}'))), [{json: {not: 'self-desc'}, error: 'INVALID_DATA_PAYLOAD'}])
})

test('SnowplowAdapterSpec e9: Tp2 fails when the body is in a schema other than payload_data', async () => {
  const body = toSelfDescJson('{"longitude":20.1234}', 'geolocation_context')
  assert.deepEqual(await failures(tp2(specPayload(TP2, [], JSON_CT, body))), [
    {
      schemaKey: 'iglu:com.snowplowanalytics.snowplow/geolocation_context/jsonschema/1-0-0',
      error: {error: 'ValidationError', dataReports: [{message: '$.latitude: is missing but it is required', path: '$', keyword: 'required', targets: ['latitude']}]},
    },
  ])
})

test('SnowplowAdapterSpec e10: Tp2 fails when the body fails payload_data validation', async () => {
  const PD = 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-0'
  const required = (at: string, p: string) => ({message: `${at}.${p}: is missing but it is required`, path: at, keyword: 'required', targets: [p]})
  const table: [string, string, unknown[]][] = [
    ['JSON object instead of array', '{}', [{message: '$: object found, array expected', path: '$', keyword: 'type', targets: ['object', 'array']}]],
    ['Missing required properties', '[{"tv":"ios-0.1.0"}]', [required('$[0]', 'p'), required('$[0]', 'e')]],
    [
      '1 valid, 1 invalid',
      '[{"tv":"ios-0.1.0","p":"mob","e":"se"},{"new":"foo"}]',
      [
        required('$[1]', 'tv'),
        required('$[1]', 'p'),
        required('$[1]', 'e'),
        {message: '$[1].new: is not defined in the schema and the schema does not allow additional properties', path: '$[1]', keyword: 'additionalProperties', targets: ['new']},
      ],
    ],
  ]
  for (const [name, json, reports] of table) {
    const got = await failures(tp2(specPayload(TP2, [], JSON_CT, toSelfDescJson(json, 'payload_data'))))
    assert.deepEqual(got, [{schemaKey: PD, error: {error: 'ValidationError', dataReports: reports}}], name)
  }
})

const GITHUB = 'https://github.com/snowplow/snowplow'
const URI_REDIRECT_ENTITY = `{"schema":"iglu:com.snowplowanalytics.snowplow/uri_redirect/jsonschema/1-0-0","data":{"uri":"${GITHUB}"}}`
const CONTEXTS =
  '{"data":[{"data":{"osType":"OSX","appleIdfv":"some_appleIdfv","openIdfa":"some_Idfa","carrier":"some_carrier","deviceModel":"large","osVersion":"3.0.0","appleIdfa":"some_appleIdfa","androidIdfa":"some_androidIdfa","deviceManufacturer":"Amstrad"},"schema":"iglu:com.snowplowanalytics.snowplow/mobile_context/jsonschema/1-0-0"},{"data":{"longitude":10,"bearing":50,"speed":16,"altitude":20,"altitudeAccuracy":0.3,"latitudeLongitudeAccuracy":0.5,"latitude":7},"schema":"iglu:com.snowplowanalytics.snowplow/geolocation_context/jsonschema/1-0-0"}],"schema":"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0"}'
const CONTEXTS_WITH_REDIRECT = CONTEXTS.replace('{"data":[', `{"data":[${URI_REDIRECT_ENTITY},`)
const NEW_CO = `{"schema":"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1","data":[${URI_REDIRECT_ENTITY}]}`

test('SnowplowAdapterSpec e11: Redirect with no event type gives a uri_redirect event', async () => {
  const got = await events(redirectAdapter(specPayload(TP2, pairs(['u', GITHUB], ['cx', 'dGVzdHRlc3R0ZXN0']))))
  assert.deepEqual(got, [
    rawEvent(TP2, {
      e: 'ue',
      tv: 'r-tp2',
      ue_pr: `{"schema":"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0","data":${URI_REDIRECT_ENTITY}}`,
      p: 'web',
      cx: 'dGVzdHRlc3R0ZXN0',
    }),
  ])
})

test('SnowplowAdapterSpec e12: Redirect with an event type but no contexts adds a co', async () => {
  const got = await events(redirectAdapter(specPayload(TP2, pairs(['u', GITHUB], ['e', 'se'], ['aid', 'ads']))))
  assert.deepEqual(got, [rawEvent(TP2, {e: 'se', aid: 'ads', tv: 'r-tp2', co: NEW_CO, p: 'web'})])
})

test('SnowplowAdapterSpec e13: Redirect with an event type and an empty co replaces it', async () => {
  const got = await events(redirectAdapter(specPayload(TP2, pairs(['u', GITHUB], ['e', 'se'], ['aid', 'ads'], ['co', '']))))
  assert.deepEqual(got, [rawEvent(TP2, {e: 'se', aid: 'ads', tv: 'r-tp2', co: NEW_CO, p: 'web'})])
})

test('SnowplowAdapterSpec e14: Redirect with an event type and unencoded contexts prepends the entity', async () => {
  const got = await events(redirectAdapter(specPayload(TP2, pairs(['u', GITHUB], ['e', 'se'], ['co', CONTEXTS]))))
  assert.deepEqual(got, [rawEvent(TP2, {e: 'se', tv: 'r-tp2', co: CONTEXTS_WITH_REDIRECT, p: 'web'})])
})

test("SnowplowAdapterSpec e15: Redirect with an event type and Base64 contexts re-encodes them as Java's MIME encoder", async () => {
  const got = await events(redirectAdapter(specPayload(TP2, pairs(['u', GITHUB], ['e', 'se'], ['cx', encodeBase64Mime(CONTEXTS)], ['p', 'web']))))
  const cx = encodeBase64Mime(CONTEXTS_WITH_REDIRECT)
  assert.deepEqual(got, [rawEvent(TP2, {e: 'se', tv: 'r-tp2', cx, p: 'web'})])
  // commons-codec's `new Base64(true)`: URL-safe, unpadded, 76-character lines joined by CRLF
  const lines = cx.split('\r\n')
  assert.ok(lines.length > 1 && lines.slice(0, -1).every((l) => l.length === 76) && /^[A-Za-z0-9_-]+$/.test(lines.join('')))
  assert.equal(Buffer.from(cx, 'base64').toString('utf8'), CONTEXTS_WITH_REDIRECT)
})

test('SnowplowAdapterSpec e16: Redirect fails on an empty querystring', async () => {
  assert.deepEqual(await failures(redirectAdapter(specPayload(TP2, []))), [{field: 'querystring', value: null, expectation: 'empty querystring: not a valid URI redirect'}])
})

test('SnowplowAdapterSpec e17: Redirect fails when there is no u parameter', async () => {
  assert.deepEqual(await failures(redirectAdapter(specPayload(TP2, pairs(['aid', 'test'])))), [
    {field: 'querystring', value: 'aid=test', expectation: 'missing `u` parameter: not a valid URI redirect'},
  ])
})

test('SnowplowAdapterSpec e18: Redirect with an event type fails on a corrupted co', async () => {
  assert.deepEqual(await failures(redirectAdapter(specPayload(TP2, pairs(['u', GITHUB], ['e', 'se'], ['co', '{[-'])))), [
    {field: 'co|cx', value: '{[-', error: `invalid json: expected " got '[-' (line 1, column 2)`},
  ])
})

test('SnowplowAdapterSpec e19: Redirect with an event type fails on a corrupted cx', async () => {
  assert.deepEqual(await failures(redirectAdapter(specPayload(TP2, pairs(['u', GITHUB], ['e', 'se'], ['cx', '¢¢¢'])))), [
    {field: 'co|cx', value: '', error: 'invalid json: exhausted input'},
  ])
})

test('SnowplowAdapterSpec e20: Redirect fails when u has no value (&u), writing it as u=null', async () => {
  assert.deepEqual(await failures(redirectAdapter(specPayload(TP2, pairs(['u', null], ['cx', 'dGVzdHRlc3R0ZXN0'])))), [
    {field: 'querystring', value: 'u=null&cx=dGVzdHRlc3R0ZXN0', expectation: 'missing `u` parameter: not a valid URI redirect'},
  ])
})

test('SnowplowAdapter (Enrich toMap): a parameter without value is kept, so /i?foo is an event, not an empty querystring', async () => {
  assert.deepEqual(await events(tp1Adapter(specPayload(TP1, pairs(['foo', null])))), [rawEvent(TP1, {foo: null})])
  assert.deepEqual(await events(tp2(specPayload(TP2, pairs(['e', 'pv'], ['foo', null])))), [rawEvent(TP2, {e: 'pv', foo: null})])
})
