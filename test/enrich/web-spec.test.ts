/**
 * Port of Snowplow Enrich 6's SchemaEnrichmentSpec, ParseCrossDomainSpec and ExtractPageUriSpec
 * (modules/common/src/test/scala/.../enrichments/). Our own test code.
 */
import {test} from 'node:test'
import assert from 'node:assert/strict'
import {extractSchemaFields, schemaFieldsMismatch} from '../../src/enrich/schema-fields.js'
import {parseCrossDomain} from '../../src/enrich/cross-domain.js'
import {parseIgluUri} from '../../src/adapters/self-describing.js'
import type {SchemaKey} from '../../src/iglu/types.js'
import {enrich} from './spec-enrich.js'

test('SchemaEnrichmentSpec e1: extracting SchemaKeys from valid events', () => {
  const key = (vendor: string, name: string) => ({vendor, name, format: 'jsonschema', version: '1-0-0'})
  const table: [string, string, SchemaKey | null, unknown][] = [
    ['page view', 'page_view', null, key('com.snowplowanalytics.snowplow', 'page_view')],
    ['ping ping', 'page_ping', null, key('com.snowplowanalytics.snowplow', 'page_ping')],
    ['transaction', 'transaction', null, key('com.snowplowanalytics.snowplow', 'transaction')],
    ['transaction item', 'transaction_item', null, key('com.snowplowanalytics.snowplow', 'transaction_item')],
    ['struct event', 'struct', null, key('com.google.analytics', 'event')],
    [
      'unstruct event',
      'unstruct',
      parseIgluUri('iglu:com.snowplowanalytics.snowplow-website/signup_form_submitted/jsonschema/1-0-0') as SchemaKey,
      key('com.snowplowanalytics.snowplow-website', 'signup_form_submitted'),
    ],
  ]
  for (const [name, event, unstruct, expected] of table) assert.deepEqual(extractSchemaFields(event, unstruct), expected, name)
})

test('SchemaEnrichmentSpec e2: invalid events fail when extracting SchemaKeys, with Enrich\'s message byte for byte', () => {
  for (const event of ['unknown', null]) {
    const message = extractSchemaFields(event, null)
    assert.equal(typeof message, 'string')
    assert.equal(message, schemaFieldsMismatch(event))
  }
  assert.equal(
    schemaFieldsMismatch('unknown'),
    "trying to extract the schema of the enriched event but event type [unknown] doesn't match\n          any of page_view, page_ping, struct, transaction, transaction_item and unstruct\n          ",
  )
})

const none = {ok: true, fields: null}

test('ParseCrossDomainSpec e1: empty when the querystring is empty', () => {
  assert.deepEqual(parseCrossDomain(null), none)
  assert.deepEqual(parseCrossDomain(''), none)
})

test('ParseCrossDomainSpec e2: empty when the querystring contains no _sp parameter', () => {
  assert.deepEqual(parseCrossDomain('foo=bar'), none)
})

test('ParseCrossDomainSpec e3: empty when _sp has no value', () => {
  assert.deepEqual(parseCrossDomain('_sp'), none)
})

test('ParseCrossDomainSpec e4: a failure when the _sp timestamp is unparseable', () => {
  assert.deepEqual(parseCrossDomain('_sp=abc.not-a-timestamp'), {
    ok: false,
    failure: {enrichment: null, message: {field: 'sp_dtm', value: 'not-a-timestamp', expectation: 'Not in the expected format: ms since epoch'}},
  })
})

const fields = (extra: Record<string, unknown>) => ({
  ok: true,
  fields: {domain_user_id: 'abc', timestamp: null, session_id: null, user_id: null, source_id: null, source_platform: null, reason: null, ...extra},
})

test('ParseCrossDomainSpec e5: the domain user ID alone', () => {
  assert.deepEqual(parseCrossDomain('_sp=abc'), fields({}))
})

test('ParseCrossDomainSpec e6: the domain user ID and timestamp', () => {
  assert.deepEqual(parseCrossDomain('_sp=abc.1426245561368'), fields({timestamp: Date.parse('2015-03-13T11:19:21.368Z')}))
})

test('ParseCrossDomainSpec e7: neither field from an empty _sp parameter', () => {
  assert.deepEqual(parseCrossDomain('_sp='), none)
})

test('ParseCrossDomain: the extended format, and more than seven parts ignored as Enrich does', () => {
  assert.deepEqual(
    parseCrossDomain('_sp=abc.1697175843762.176ff68a-4769-4566-ad0e-3792c1c8148f.dGVzdGVy.c29tZVNvdXJjZUlk.web.dGVzdGluZ19yZWFzb24'),
    fields({timestamp: 1697175843762, session_id: '176ff68a-4769-4566-ad0e-3792c1c8148f', user_id: 'tester', source_id: 'someSourceId', source_platform: 'web', reason: 'testing_reason'}),
  )
  assert.deepEqual(parseCrossDomain('_sp=a.1.2.3.4.5.6.7'), none)
})

const ORIGINAL = 'http://www.mysite.com/shop/session/_internal/checkout'
const CUSTOM = 'http://www.mysite.com/shop/checkout'
const LEAN = {e: 'pp', tv: 'js-0.13.1', p: 'web'}

test('ExtractPageUriSpec e1: no page URI when none is provided', async () => {
  const r = await enrich(LEAN)
  assert.equal(r.fields.page_url, null)
  assert.equal(r.failure, null)
})

test('ExtractPageUriSpec e2: the URI from the tracker if it has one, else the referer', async () => {
  const table: [string, string | null, string | null, string][] = [
    ['both URIs match (98% of the time)', ORIGINAL, ORIGINAL, ORIGINAL],
    ["tracker didn't send URI (e.g. No-JS Tracker)", ORIGINAL, null, ORIGINAL],
    ["collector didn't record the referer (rare)", null, ORIGINAL, ORIGINAL],
    ['collector and tracker URIs differ - use tracker', ORIGINAL, CUSTOM, CUSTOM],
  ]
  for (const [name, referer, tracker, expected] of table) {
    const r = await enrich(tracker === null ? LEAN : {...LEAN, url: tracker}, {refererUri: referer})
    assert.equal(r.fields.page_url, expected, name)
  }
})

test('ExtractPageUriSpec e3: a browser-truncated page URL is taken as a custom URL, not an error', async () => {
  const truncated = ORIGINAL.slice(0, -5)
  const r = await enrich({...LEAN, url: truncated}, {refererUri: ORIGINAL})
  assert.equal(r.fields.page_url, truncated)
  assert.equal(r.fields.page_urlpath, '/shop/session/_internal/che')
})
