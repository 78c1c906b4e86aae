import {test} from 'node:test'
import assert from 'node:assert/strict'
import {loadCollectorPayload} from '../../src/adapters/loader.js'
import {tp1Adapter} from '../../src/adapters/tp1.js'
import {redirectAdapter} from '../../src/adapters/redirect.js'
import {igluAdapter} from '../../src/adapters/iglu-adapter.js'
import {decodeBase64Lenient, encodeBase64UrlSafe} from '../../src/adapters/base64.js'
import type {LoadedPayload} from '../../src/adapters/raw-event.js'
import type {CollectorPayload} from '../../src/thrift/collector-payload.js'
import {payload} from './fixtures.js'

function load(overrides: Partial<CollectorPayload>): LoadedPayload {
  const r = loadCollectorPayload(payload(overrides))
  assert.ok(r.ok)
  return r.payload
}

test('base64: url-safe with or without padding, standard alphabet, never failing', () => {
  assert.equal(encodeBase64UrlSafe('my_string'), 'bXlfc3RyaW5n')
  assert.equal(encodeBase64UrlSafe('™®字'), '4oSiwq7lrZc')
  assert.equal(decodeBase64Lenient('4oSiwq7lrZc'), '™®字')
  assert.equal(decodeBase64Lenient('4oSiwq7lrZc='), '™®字')
  assert.equal(decodeBase64Lenient(Buffer.from('a?>b').toString('base64')), 'a?>b')
  assert.equal(decodeBase64Lenient('äöü - &'), '')
})

test('tp1: one event from the querystring; empty querystring is an adapter failure', () => {
  const ok = tp1Adapter(load({path: '/i', querystring: 'e=pp&p=web&tv=lol'}))
  assert.ok(ok.ok)
  assert.deepEqual(Object.entries(ok.events[0]!.parameters), [['e', 'pp'], ['p', 'web'], ['tv', 'lol']])
  assert.deepEqual(ok.events[0]!.api, {vendor: 'com.snowplowanalytics.snowplow', version: 'tp1'})
  const bad = tp1Adapter(load({path: '/i'}))
  assert.deepEqual(bad, {
    ok: false,
    badRowType: 'adapter_failures',
    api: {vendor: 'com.snowplowanalytics.snowplow', version: 'tp1'},
    messages: [{field: 'querystring', value: null, expectation: 'empty querystring: not a valid URI redirect'}],
  })
})

test('r/tp2: uri_redirect event, or entity prepended to contexts', () => {
  const plain = redirectAdapter(load({path: '/r/tp2', querystring: 'u=https%3A%2F%2Fexample.com%2F&aid=x'}))
  assert.ok(plain.ok)
  const p = plain.events[0]!.parameters
  assert.equal(p.e!, 'ue')
  assert.equal(p.tv!, 'r-tp2')
  assert.equal(p.p!, 'web')
  assert.equal('u' in p, false)
  assert.deepEqual(JSON.parse(p.ue_pr!), {
    schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0',
    data: {schema: 'iglu:com.snowplowanalytics.snowplow/uri_redirect/jsonschema/1-0-0', data: {uri: 'https://example.com/'}},
  })

  const cx = encodeBase64UrlSafe(JSON.stringify({schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0', data: [{schema: 'iglu:a.b/c/jsonschema/1-0-0', data: {}}]}))
  const withCx = redirectAdapter(load({path: '/r/tp2', querystring: `u=https://a.com/&e=pv&cx=${cx}`}))
  assert.ok(withCx.ok)
  const data = JSON.parse(decodeBase64Lenient(withCx.events[0]!.parameters.cx!)).data
  assert.equal(data.length, 2)
  assert.equal(data[0].schema, 'iglu:com.snowplowanalytics.snowplow/uri_redirect/jsonschema/1-0-0')

  const noCo = redirectAdapter(load({path: '/r/tp2', querystring: 'u=https://a.com/&e=pv'}))
  assert.ok(noCo.ok)
  assert.equal(JSON.parse(noCo.events[0]!.parameters.co!).schema, 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1')

  const missing = redirectAdapter(load({path: '/r/tp2', querystring: 'e=pv'}))
  assert.equal(missing.ok, false)
  assert.equal(!missing.ok && missing.badRowType, 'tracker_protocol_violations')
})

test('iglu adapter: GET params, JSON body with schema in qs, self-describing body, form', () => {
  const get = igluAdapter(load({path: '/com.snowplowanalytics.iglu/v1', querystring: 'schema=iglu%3Acom.acme%2Fcampaign%2Fjsonschema%2F1-0-0&name=x&empty=&aid=app1'}))
  assert.ok(get.ok)
  const p = get.events[0]!.parameters
  assert.equal(p.e!, 'ue')
  assert.equal(p.tv!, 'com.snowplowanalytics.iglu-v1')
  assert.equal(p.p!, 'app')
  assert.equal(p.aid!, 'app1')
  assert.deepEqual(JSON.parse(p.ue_pr!).data, {schema: 'iglu:com.acme/campaign/jsonschema/1-0-0', data: {name: 'x', empty: null}})

  const sdBody = igluAdapter(load({path: '/com.snowplowanalytics.iglu/v1', contentType: 'application/json', body: '{"schema":"iglu:com.acme/x/jsonschema/1-0-0","data":{"a":1}}'}))
  assert.ok(sdBody.ok)
  assert.deepEqual(JSON.parse(sdBody.events[0]!.parameters.ue_pr!).data, {schema: 'iglu:com.acme/x/jsonschema/1-0-0', data: {a: 1}})

  const form = igluAdapter(load({path: '/com.snowplowanalytics.iglu/v1', querystring: 'schema=iglu:com.acme/x/jsonschema/1-0-0', contentType: 'application/x-www-form-urlencoded', body: 'a=1&b=two+words'}))
  assert.ok(form.ok)
  assert.deepEqual(JSON.parse(form.events[0]!.parameters.ue_pr!).data.data, {a: '1', b: 'two words'})

  const noSchema = igluAdapter(load({path: '/com.snowplowanalytics.iglu/v1', querystring: 'a=1'}))
  assert.equal(!noSchema.ok && noSchema.badRowType, 'adapter_failures')
})
