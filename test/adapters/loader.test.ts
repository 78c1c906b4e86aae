import {test} from 'node:test'
import assert from 'node:assert/strict'
import {loadCollectorPayload, parseApi, extractIpAddress} from '../../src/adapters/loader.js'
import {checkQuerystring, parsePairs, pairsToParams} from '../../src/adapters/querystring.js'
import {collectorPayloadToMicroJson} from '../../src/adapters/raw-event.js'
import {payload} from './fixtures.js'

test('querystring: + is a space, no = is a null value (kept), last duplicate wins, & and ; separate', () => {
  const pairs = parsePairs('e=pv&page=Hello+World%21&flag&aid=a&aid=b&x=%E2%84%A2;y=1')
  assert.deepEqual(pairs, [
    {name: 'e', value: 'pv'},
    {name: 'page', value: 'Hello World!'},
    {name: 'flag', value: null},
    {name: 'aid', value: 'a'},
    {name: 'aid', value: 'b'},
    {name: 'x', value: '™'},
    {name: 'y', value: '1'},
  ])
  const params = pairsToParams(pairs)
  assert.equal(params.aid, 'b')
  assert.equal(params.flag, null, 'kept without a value, as Enrich does')
  assert.deepEqual(parsePairs('bad=%E2%84'), [{name: 'bad', value: '\ufffd'}])
})

test('querystring: illegal raw characters give java.net.URI messages', () => {
  assert.equal(checkQuerystring('e=pv&page=a b'), 'Illegal character in query at index 29: http://localhost/?e=pv&page=a b')
  assert.equal(checkQuerystring('e=%zz'), 'Malformed escape pair at index 20: http://localhost/?e=%zz')
  assert.equal(checkQuerystring('e=pv&x=™[]'), null)
})

test('api from path: vendor/version, /i and /ice.png', () => {
  assert.deepEqual(parseApi('/com.snowplowanalytics.snowplow/tp2'), {vendor: 'com.snowplowanalytics.snowplow', version: 'tp2'})
  assert.deepEqual(parseApi('/i'), {vendor: 'com.snowplowanalytics.snowplow', version: 'tp1'})
  assert.deepEqual(parseApi('/ice.png'), {vendor: 'com.snowplowanalytics.snowplow', version: 'tp1'})
  assert.deepEqual(parseApi('/r/tp2'), {vendor: 'r', version: 'tp2'})
  assert.equal(parseApi('/a/b/c'), null)
  assert.equal(parseApi('/'), null)
})

test('user IP: first X-Forwarded-For, else Forwarded for=, else the remote address', () => {
  assert.equal(extractIpAddress(['X-Forwarded-For: 1.1.1.1, 2.2.2.2'], '9.9.9.9'), '1.1.1.1')
  assert.equal(extractIpAddress(['Forwarded: for=3.3.3.3;proto=http'], '9.9.9.9'), '3.3.3.3')
  assert.equal(extractIpAddress(['Forwarded: for="[2001:db8::1]:4711"'], '9.9.9.9'), '2001:db8::1')
  assert.equal(extractIpAddress(['Host: x'], '9.9.9.9'), '9.9.9.9')
})

test('loader failures: schema, path, querystring, network user id', () => {
  assert.deepEqual(loadCollectorPayload(payload({schema: 'iglu:com.acme/x/thrift/1-0-0'})), {
    ok: false,
    messages: [{error: 'verifying record as iglu:com.snowplowanalytics.snowplow/CollectorPayload/thrift/1-0-* failed: found iglu:com.acme/x/thrift/1-0-0'}],
  })
  assert.deepEqual(loadCollectorPayload(payload({path: '/a/b/c'})), {
    ok: false,
    messages: [{payloadField: 'path', value: '/a/b/c', expectation: 'path does not match (/)vendor/version(/) nor is a legacy /i(ce.png) request'}],
  })
  assert.deepEqual(loadCollectorPayload(payload({querystring: 'e=a b'})), {
    ok: false,
    messages: [
      {
        payloadField: 'querystring',
        value: 'e=a b',
        expectation: 'could not extract name-value pairs from querystring with encoding UTF-8: Illegal character in query at index 21: http://localhost/?e=a b',
      },
    ],
  })
  assert.deepEqual(loadCollectorPayload(payload({networkUserId: 'nope'})), {
    ok: false,
    messages: [{payloadField: 'networkUserId', value: 'nope', expectation: 'not valid UUID'}],
  })
})

test('loaded payload and Micro collectorPayload JSON', () => {
  const r = loadCollectorPayload(payload({querystring: 'e=pv&aid=x', headers: ['X-Forwarded-For: 8.8.8.8']}))
  assert.ok(r.ok)
  assert.equal(r.payload.context.ipAddress, '8.8.8.8')
  assert.deepEqual(JSON.parse(collectorPayloadToMicroJson(r.payload)), {
    api: {vendor: 'com.snowplowanalytics.snowplow', version: 'tp2'},
    querystring: ['e=pv', 'aid=x'],
    contentType: null,
    body: null,
    source: {name: 'ssc-sp-0.1.0-stdout', encoding: 'UTF-8', hostname: '127.0.0.1'},
    context: {
      timestamp: '2021-08-29T12:01:05.787Z',
      ipAddress: '8.8.8.8',
      useragent: 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:91.0) Gecko/20100101 Firefox/91.0',
      refererUri: 'http://localhost:8000/',
      headers: ['X-Forwarded-For: 8.8.8.8'],
      userId: '3734601f-5c3d-47c5-b367-0883e1ed74e6',
    },
  })
})
