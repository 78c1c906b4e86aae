/**
 * Port of Snowplow Enrich 6's IgluAdapterSpec (modules/common/src/test/scala/.../adapters/registry/
 * IgluAdapterSpec.scala), e1–e17: `com.snowplowanalytics.iglu/v1`. Our own test code; each test
 * names the Scala example it ports. The event data's key order is Enrich's (a Scala Map's).
 */
import {test} from 'node:test'
import assert from 'node:assert/strict'
import {igluAdapter} from '../../src/adapters/iglu-adapter.js'
import type {AdapterResult} from '../../src/adapters/types.js'
import type {Api} from '../../src/adapters/raw-event.js'
import {pairs, paramsOf, specPayload, SPEC_CONTEXT} from './spec-payloads.js'

const API: Api = {vendor: 'com.snowplowanalytics.iglu', version: 'v1'}
const CF_SOURCE = {name: 'cloudfront', encoding: 'UTF-8', hostname: null}
const CLJ_SOURCE = {name: 'clj-tomcat', encoding: 'UTF-8', hostname: null}
const STATIC = {tv: 'com.snowplowanalytics.iglu-v1', e: 'ue', p: 'app'}
const ALL_TYPES = 'expected one of application/json, application/json; charset=utf-8, application/x-www-form-urlencoded'
const ue = (schema: string, data: string) =>
  `{"schema":"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0","data":{"schema":"${schema}","data":${data}}}`

function events(result: AdapterResult) {
  assert.ok(result.ok, `expected events, got ${JSON.stringify(result)}`)
  return result.events.map((e) => ({...e, parameters: paramsOf(e.parameters)}))
}

function failures(result: AdapterResult) {
  assert.ok(!result.ok, 'expected a failure')
  assert.equal(result.badRowType, 'adapter_failures')
  return result.messages
}

const rawEvent = (parameters: Record<string, string | null>, contentType: string | null, source = CLJ_SOURCE) => ({api: API, parameters, contentType, source, context: SPEC_CONTEXT})

test('IgluAdapterSpec e1: one RawEvent from a minimally populated CloudFront querystring', () => {
  const qs = pairs(
    ['schema', 'iglu:com.acme/campaign/jsonschema/1-0-0'],
    ['user', '6353af9b-e288-4cf3-9f1c-b377a9c84dac'],
    ['name', 'download'],
    ['publisher_name', 'Organic'],
    ['source', ''],
    ['tracking_id', ''],
    ['ad_unit', ''],
  )
  const data = '{"name":"download","source":null,"ad_unit":null,"tracking_id":null,"publisher_name":"Organic","user":"6353af9b-e288-4cf3-9f1c-b377a9c84dac"}'
  assert.deepEqual(events(igluAdapter(specPayload(API, qs, null, null, CF_SOURCE))), [
    rawEvent({...STATIC, ue_pr: ue('iglu:com.acme/campaign/jsonschema/1-0-0', data)}, null, CF_SOURCE),
  ])
})

test('IgluAdapterSpec e2: one RawEvent from a maximally populated CloudFront querystring', () => {
  const qs = pairs(
    ['schema', 'iglu:com.acme/campaign/jsonschema/1-0-0'],
    ['user', '6353af9b-e288-4cf3-9f1c-b377a9c84dac'],
    ['name', 'install'],
    ['source', 'newsfeed'],
    ['tracking_id', '3353af9c-e298-2cf3-9f1c-b377a9c84dad'],
    ['ad_unit', 'UN-11-b'],
    ['aid', 'webhooks'],
  )
  const data = '{"name":"install","source":"newsfeed","ad_unit":"UN-11-b","tracking_id":"3353af9c-e298-2cf3-9f1c-b377a9c84dad","user":"6353af9b-e288-4cf3-9f1c-b377a9c84dac"}'
  assert.deepEqual(events(igluAdapter(specPayload(API, qs, null, null, CF_SOURCE))), [
    rawEvent({...STATIC, ue_pr: ue('iglu:com.acme/campaign/jsonschema/1-0-0', data), aid: 'webhooks'}, null, CF_SOURCE),
  ])
})

test('IgluAdapterSpec e3: one RawEvent from a Clojure-Tomcat querystring (aid, cv and an empty nuid stay atomic)', () => {
  const qs = pairs(
    ['schema', 'iglu:com.acme/campaign/jsonschema/2-0-0'],
    ['user', '6353af9b-e288-4cf3-9f1c-b377a9c84dac'],
    ['name', 'retarget'],
    ['source', 'newsfeed'],
    ['tracking_id', ''],
    ['ad_unit', 'UN-11-b'],
    ['aid', 'my webhook project'],
    ['cv', 'clj-0.5.0-tom-0.0.4'],
    ['nuid', ''],
  )
  const data = '{"name":"retarget","source":"newsfeed","ad_unit":"UN-11-b","tracking_id":null,"user":"6353af9b-e288-4cf3-9f1c-b377a9c84dac"}'
  assert.deepEqual(events(igluAdapter(specPayload(API, qs))), [
    rawEvent({...STATIC, ue_pr: ue('iglu:com.acme/campaign/jsonschema/2-0-0', data), aid: 'my webhook project', cv: 'clj-0.5.0-tom-0.0.4', nuid: ''}, null),
  ])
})

test('IgluAdapterSpec e4: a non-app platform when p is given', () => {
  const qs = pairs(['schema', 'iglu:com.acme/campaign/jsonschema/1-0-1'], ['user', '6353af9b-e288-4cf3-9f1c-b377a9c84dac'], ['name', 'download'], ['p', 'mob'])
  assert.deepEqual(events(igluAdapter(specPayload(API, qs, null, null, CF_SOURCE))), [
    rawEvent(
      {tv: 'com.snowplowanalytics.iglu-v1', e: 'ue', p: 'mob', ue_pr: ue('iglu:com.acme/campaign/jsonschema/1-0-1', '{"user":"6353af9b-e288-4cf3-9f1c-b377a9c84dac","name":"download"}')},
      null,
      CF_SOURCE,
    ),
  ])
})

const NO_SCHEMA = [
  {field: 'schema', value: null, expectation: 'empty `schema` field'},
  {field: 'body', value: null, expectation: 'empty body'},
]

test('IgluAdapterSpec e5: no parameters at all: no schema, no body', () => {
  assert.deepEqual(failures(igluAdapter(specPayload(API, [], null, null, CF_SOURCE))), NO_SCHEMA)
})

test('IgluAdapterSpec e6: no schema parameter: no schema, no body', () => {
  assert.deepEqual(failures(igluAdapter(specPayload(API, pairs(['some_param', 'foo'], ['p', 'mob']), null, null, CF_SOURCE))), NO_SCHEMA)
})

test('IgluAdapterSpec e7: a schema parameter that is no Iglu URI is INVALID_IGLUURI', () => {
  assert.deepEqual(failures(igluAdapter(specPayload(API, pairs(['schema', 'iglooooooo://blah']), null, null, CF_SOURCE))), [
    {field: 'schema', value: 'iglooooooo://blah', expectation: 'INVALID_IGLUURI'},
  ])
})

const QS = pairs(['schema', 'iglu:com.acme/campaign/jsonschema/1-0-1'], ['some_param', 'foo'], ['p', 'mob'])
const OBJECT = '{"key":"value", "everwets":"processed"}'
const MOB_EVENT = {tv: 'com.snowplowanalytics.iglu-v1', e: 'ue', p: 'mob', ue_pr: ue('iglu:com.acme/campaign/jsonschema/1-0-1', '{"key":"value","everwets":"processed"}')}

test('IgluAdapterSpec e8: schema in the querystring and a JSON body with a valid content type', () => {
  assert.deepEqual(events(igluAdapter(specPayload(API, QS, 'application/json', OBJECT))), [rawEvent(MOB_EVENT, 'application/json')])
})

test('IgluAdapterSpec e9: an unsupported content type', () => {
  assert.deepEqual(failures(igluAdapter(specPayload(API, QS, 'application/badtype', OBJECT))), [{field: 'contentType', value: 'application/badtype', expectation: ALL_TYPES}])
})

test('IgluAdapterSpec e10: a JSON body with no key-value pairs', () => {
  assert.deepEqual(failures(igluAdapter(specPayload(API, QS, 'application/json', '{}'))), [{field: 'body', value: '{}', expectation: 'has no key-value pairs'}])
})

test('IgluAdapterSpec e11: a body without a content type', () => {
  assert.deepEqual(failures(igluAdapter(specPayload(API, QS, null, '{"key":"value"}'))), [{field: 'contentType', value: null, expectation: ALL_TYPES}])
})

const SD_BODY = '{"schema":"iglu:com.acme/campaign/jsonschema/1-0-1", "data":{"some_param":"foo"}}'

test('IgluAdapterSpec e12: a self-describing JSON body', () => {
  assert.deepEqual(events(igluAdapter(specPayload(API, pairs(['p', 'mob']), 'application/json', SD_BODY))), [
    rawEvent({tv: 'com.snowplowanalytics.iglu-v1', e: 'ue', p: 'mob', ue_pr: ue('iglu:com.acme/campaign/jsonschema/1-0-1', '{"some_param":"foo"}')}, 'application/json'),
  ])
})

test('IgluAdapterSpec e13: a self-describing JSON body with an unsupported content type', () => {
  assert.deepEqual(failures(igluAdapter(specPayload(API, pairs(['p', 'mob']), 'application/xxx-url-form-encoded', SD_BODY))), [
    {field: 'contentType', value: 'application/xxx-url-form-encoded', expectation: 'expected one of application/json, application/json; charset=utf-8'},
  ])
})

test('IgluAdapterSpec e14: schema in the querystring, a body with an unsupported content type', () => {
  const qs = pairs(['schema', 'iglu:com.acme/campaign/jsonschema/1-0-1'])
  assert.deepEqual(failures(igluAdapter(specPayload(API, qs, 'application/xxx-url-form-encoded', '{"some_param":"foo"}'))), [
    {field: 'contentType', value: 'application/xxx-url-form-encoded', expectation: ALL_TYPES},
  ])
})

test('IgluAdapterSpec e15: a form body gives platform srv', () => {
  const qs = pairs(['schema', 'iglu:com.acme/campaign/jsonschema/1-0-1'])
  const ct = 'application/x-www-form-urlencoded'
  assert.deepEqual(events(igluAdapter(specPayload(API, qs, ct, 'some_param=foo&hello=world'))), [
    rawEvent({tv: 'com.snowplowanalytics.iglu-v1', e: 'ue', p: 'srv', ue_pr: ue('iglu:com.acme/campaign/jsonschema/1-0-1', '{"some_param":"foo","hello":"world"}')}, ct),
  ])
})

test('IgluAdapterSpec e16: schema in the querystring and a JSON array body: one event per element', () => {
  const body = '[{"key":"value", "everwets":"processed"},{"key":"value", "everwets":"processed"}]'
  assert.deepEqual(events(igluAdapter(specPayload(API, QS, 'application/json', body))), [rawEvent(MOB_EVENT, 'application/json'), rawEvent(MOB_EVENT, 'application/json')])
})

test('IgluAdapterSpec e17: schema in the querystring and an empty JSON array body', () => {
  assert.deepEqual(failures(igluAdapter(specPayload(API, QS, 'application/json', '[]'))), [{field: 'body', value: '[]', expectation: 'empty array of events'}])
})
