/**
 * Port of Snowplow Enrich 6's ThriftLoaderSpec and IpAddressExtractorSpec (modules/common/src/test/
 * scala/.../loaders/). The Thrift payloads are the spec's own test vectors
 * (test/fixtures/thrift-loader-spec.json); the test code is ours.
 */
import {test} from 'node:test'
import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'
import {decodeCollectorPayload} from '../../src/thrift/codec.js'
import {extractIpAddress, loadCollectorPayload} from '../../src/adapters/loader.js'
import {createEnrichPipeline} from '../../src/pipeline/enrich-pipeline.js'
import {specIgluClient} from './spec-iglu.js'

const VECTORS = JSON.parse(readFileSync(new URL('../fixtures/thrift-loader-spec.json', import.meta.url), 'utf8')) as Record<string, string>
const TP1 = {vendor: 'com.snowplowanalytics.snowplow', version: 'tp1'}
const load = (name: string) => loadCollectorPayload(decodeCollectorPayload(Buffer.from(VECTORS[name]!, 'base64')))
const MAC_UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.9; rv:26.0) Gecko/20100101 Firefox/26.0'

function loaded(name: string) {
  const r = load(name)
  assert.ok(r.ok, JSON.stringify(r))
  return r.payload
}

test('ThriftLoaderSpec: tolerate fake tracker protocol GET parameters', () => {
  const p = loaded('fake tracker protocol GET parameters')
  assert.deepEqual(p.api, TP1)
  assert.deepEqual(p.querystring, [{name: 'testParam', value: '3'}, {name: 'testParam2', value: '4'}])
  assert.deepEqual([p.body, p.contentType], [null, null])
  assert.deepEqual(p.source, {name: 'ssc-0.0.1-Stdout', encoding: 'UTF-8', hostname: '127.0.0.1'})
  assert.deepEqual(p.context, {
    timestamp: Date.parse('2014-01-16T00:49:58.278Z'),
    ipAddress: '127.0.0.1',
    useragent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/31.0.1650.63 Safari/537.36',
    refererUri: null,
    headers: [
      'Cookie: sp=c5f3a09f-75f8-4309-bec5-fea560f78455',
      'Accept-Language: en-US, en',
      'Accept-Encoding: gzip, deflate, sdch',
      'User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/31.0.1650.63 Safari/537.36',
      'Accept: text/html, application/xhtml+xml, application/xml;q=0.9, image/webp, */*;q=0.8',
      'Cache-Control: max-age=0',
      'Connection: keep-alive',
      'Host: 127.0.0.1:8080',
    ],
    userId: 'c5f3a09f-75f8-4309-bec5-fea560f78455',
  })
})

const COMMON_PARAMS: [string, string][] = [
  ['vp', '2560x961'], ['ds', '2560x961'], ['vid', ''], ['duid', '3c1757544e39bca4'], ['p', 'mob'], ['tv', 'js-0.13.1'], ['fp', '2695930803'],
  ['aid', 'CFe23a'], ['lang', 'en-US'], ['cs', 'UTF-8'], ['tz', 'Europe/London'], ['uid', 'alex 123'], ['f_pdf', '0'], ['f_qt', '1'],
  ['f_realp', '0'], ['f_wma', '0'], ['f_dir', '0'], ['f_fla', '1'], ['f_java', '0'], ['f_gears', '0'], ['f_ag', '0'], ['res', '2560x1440'],
  ['cd', '24'], ['cookie', '1'], ['url', 'file://file:///Users/alex/Development/dev-environment/demo/1-tracker/events.html/overridden-url/'],
]
const withVid = (vid: string) => COMMON_PARAMS.map(([k, v]): [string, string] => [k, k === 'vid' ? vid : v])
const MAC_HEADERS_AFTER_COOKIE = ['Accept-Encoding: gzip, deflate', 'Accept-Language: en-US, en', 'Accept: image/png, image/*;q=0.8, */*;q=0.5', `User-Agent: ${MAC_UA}`, 'Host: localhost:4001']

function assertMacPayload(name: string, timestamp: string, params: [string, string][], headersBefore: string[], lastHeaders = MAC_HEADERS_AFTER_COOKIE) {
  const p = loaded(name)
  assert.deepEqual(p.api, TP1)
  assert.deepEqual(p.querystring.map((nv) => [nv.name, nv.value]), params)
  assert.deepEqual(p.source, {name: 'ssc-0.0.1-Stdout', encoding: 'UTF-8', hostname: 'localhost'})
  const {headers, ...context} = p.context
  assert.deepEqual(context, {timestamp: Date.parse(timestamp), ipAddress: '10.0.2.2', useragent: MAC_UA, refererUri: null, userId: '75a13583-5c99-40e3-81fc-541084dfc784'})
  assert.deepEqual(headers.slice(0, headersBefore.length), headersBefore)
  assert.match(headers[headersBefore.length]!, /^Cookie: __utma=111872281\.878084487\.1390237107/)
  assert.deepEqual(headers.slice(headersBefore.length + 1), lastHeaders)
}

test('ThriftLoaderSpec: parse valid page ping GET payload', () => {
  const params: [string, string][] = [
    ['e', 'pp'], ['page', 'Asynchronous website/webapp examples for snowplow.js'], ['pp_mix', '0'], ['pp_max', '0'], ['pp_miy', '0'], ['pp_may', '0'],
    ['co', '{"page":{"page_type":"test","last_updated$tms":1393372800000},"user":{"user_type":"tester"}}'], ['dtm', '1390936938855'], ['tid', '797743'],
    ...withVid('7'),
  ]
  assertMacPayload('valid page ping GET payload', '2014-01-28T19:22:20.040Z', params, ['Connection: keep-alive'])
})

test('ThriftLoaderSpec: parse valid unstructured event GET payload', () => {
  const params: [string, string][] = [
    ['e', 'ue'], ['ue_na', 'Viewed Product'],
    ['ue_pr', '{"product_id":"ASO01043","category":"Dresses","brand":"ACME","returning":true,"price":49.95,"sizes":["xs","s","l","xl","xxl"],"available_since$dt":15801}'],
    ['dtm', '1390941115263'], ['tid', '647615'],
    ...withVid('8'),
  ]
  assertMacPayload('valid unstructured event GET payload', '2014-01-28T20:31:56.846Z', params, ['Connection: keep-alive'])
})

test('ThriftLoaderSpec: parse valid parameterless payload', () => {
  const lastHeaders = ['Accept-Encoding: gzip, deflate', 'Accept-Language: en-US, en', 'Accept: text/html, application/xhtml+xml, application/xml;q=0.9, */*;q=0.8', `User-Agent: ${MAC_UA}`, 'Host: localhost:4001']
  assertMacPayload('valid parameterless payload', '2014-01-28T19:04:14.469Z', [], ['Cache-Control: max-age=0', 'Connection: keep-alive'], lastHeaders)
  assert.equal(loaded('valid parameterless payload').body, null)
})

test('ThriftLoaderSpec: fail to parse random bytes', async () => {
  const pipeline = createEnrichPipeline({iglu: specIgluClient()})
  const accepted = new Set([
    'error deserializing raw event: Reached end of bytes when parsing as thrift format',
    'error deserializing raw event: Cannot read. Remote side has closed. Tried to read 1 bytes, but only got 0 bytes. (This is often indicative of an internal error on the server side. Please check your server logs.)',
    'error deserializing raw event: Cannot read. Remote side has closed. Tried to read 2 bytes, but only got 0 bytes. (This is often indicative of an internal error on the server side. Please check your server logs.)',
  ])
  // what Base64.decodeBase64 makes of arbitrary strings: nothing, or a byte or two
  const inputs = [Buffer.alloc(0)]
  for (let b = 1; b < 256; b++) inputs.push(Buffer.from([b]), Buffer.from([b, (b * 7) & 255]))
  for (const bytes of inputs) {
    const out = await pipeline.processThrift(bytes)
    assert.equal(out.length, 1, bytes.toString('hex'))
    const row = JSON.parse(out[0]!.badRow!)
    assert.equal(row.schema, 'iglu:com.snowplowanalytics.snowplow.badrows/collector_payload_format_violation/jsonschema/1-0-0')
    assert.equal(row.data.failure.loader, 'thrift')
    assert.ok(accepted.has(row.data.failure.message.error), `${bytes.toString('hex')}: ${row.data.failure.message.error}`)
    assert.equal(row.data.payload, bytes.toString('base64'))
  }
})

test('ThriftLoaderSpec: fail to parse a payload if the schema key does not match our expected schema key', () => {
  assert.deepEqual(load('schema key does not match'), {
    ok: false,
    messages: [{error: 'verifying record as iglu:com.snowplowanalytics.snowplow/CollectorPayload/thrift/1-0-* failed: found iglu:com.snowplowanalytics.snowplow/wrong-schema/thrift/1-0-0'}],
  })
})

const DEFAULT = '255.255.255.255'

test('IpAddressExtractorSpec: correctly extract an X-FORWARDED-FOR header', () => {
  const table: [string, string[], string][] = [
    ['No headers', [], DEFAULT],
    ['No X-FORWARDED-FOR header', ['Accept-Charset: utf-8', 'Connection: keep-alive'], DEFAULT],
    ['Unparseable X-FORWARDED-FOR header', ['X-Forwarded-For: localhost'], DEFAULT],
    ['Good X-FORWARDED-FOR header', ['Accept-Charset: utf-8', 'X-Forwarded-For: 129.78.138.66, 129.78.64.103', 'Connection: keep-alive'], '129.78.138.66'],
    ['Good incorrectly capitalized X-FORWARDED-FOR header', ['Accept-Charset: utf-8', 'x-FoRwaRdeD-FOr: 129.78.138.66, 129.78.64.103', 'Connection: keep-alive'], '129.78.138.66'],
    ['IP address with all columns', ['X-Forwarded-For: ::::::::::::::::::::::::::::::'], ':::::::::::::::'],
    ['Extra values after valid IPv4 address', ['X-Forwarded-For: 129.78.138.66abcdefg'], '129.78.138.66'],
    ['Extra values after valid IPv6 address', ['X-Forwarded-For: 2001:0db8:85a3:0000:0000:8a2e:0370:7334abcdefg'], '2001:0db8:85a3:0000:0000:8a2e:0370:'],
    ['IPv6 address in X-FORWARDED-FOR header', ['X-Forwarded-For: 2001:0db8:85a3:0000:0000:8a2e:0370:7334'], '2001:0db8:85a3:0000:0000:8a2e:0370:7334'],
    ['IPv6 quoted address in X-FORWARDED-FOR header', ['X-Forwarded-For: "[2001:0db8:85a3:0000:0000:8a2e:0370:7334]"'], '2001:0db8:85a3:0000:0000:8a2e:0370:7334'],
    ['IPv4 address in Forwarded header', ['Forwarded: for=129.78.138.66, 129.78.64.103'], '129.78.138.66'],
    ['IPv6 incorrectly quoted address in Forwarded header', ['Forwarded: for=2001:0db8:85a3:0000:0000:8a2e:0370:7334, for=129.78.138.56'], '2001:0db8:85a3:0000:0000:8a2e:0370:7334'],
    ['IPv6 quoted correctly in Forwarded header', ['Forwarded: for="[2001:0db8:85a3:0000:0000:8a2e:0370:7334]", "129.78.128.66"'], '2001:0db8:85a3:0000:0000:8a2e:0370:7334'],
  ]
  for (const [name, headers, expected] of table) assert.equal(extractIpAddress(headers, DEFAULT), expected, name)
})

test('IpAddressExtractorSpec: prioritize X-Forwarded-For over Forwarded: for=', () => {
  assert.equal(extractIpAddress(['Forwarded: for=2.2.2.2', 'X-Forwarded-For: 1.1.1.1'], DEFAULT), '1.1.1.1')
})

test('IpAddressExtractorSpec: remove port if any', () => {
  assert.equal(extractIpAddress(['X-Forwarded-For: 1.1.1.1:8080'], DEFAULT), '1.1.1.1')
  assert.equal(extractIpAddress(['X-Forwarded-For: [1fff:0:a88:85a3::ac1f]:8001'], DEFAULT), '1fff:0:a88:85a3::ac1f')
})

test('IpAddressExtractorSpec: oversized invalid IP address', () => {
  assert.equal(extractIpAddress([`X-Forwarded-For: ${'a'.repeat(1000000)}`], DEFAULT), DEFAULT)
})

test('IpAddressExtractor: a Forwarded address counts only while no other header follows it, as in Enrich', () => {
  assert.equal(extractIpAddress(['Forwarded: for=3.3.3.3'], DEFAULT), '3.3.3.3')
  assert.equal(extractIpAddress(['Forwarded: for=3.3.3.3', 'Host: x'], DEFAULT), DEFAULT)
})
