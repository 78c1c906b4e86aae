import {test} from 'node:test'
import assert from 'node:assert/strict'
import {explodeUri} from '../../src/enrich/uri.js'
import {derivedTstamp, extractSchemaFields, schemaFieldsMismatch} from '../../src/enrich/schema-fields.js'

test('URL parts: scheme, host, port defaults 80/443, raw path, query, fragment, "" → null', () => {
  const cases: [string, unknown][] = [
    ['http://x.com', {uri: 'http://x.com', scheme: 'http', host: 'x.com', port: 80, path: null, query: null, fragment: null}],
    ['https://x.com/', {uri: 'https://x.com/', scheme: 'https', host: 'x.com', port: 443, path: '/', query: null, fragment: null}],
    ['http://localhost:8000/__/', {uri: 'http://localhost:8000/__/', scheme: 'http', host: 'localhost', port: 8000, path: '/__/', query: null, fragment: null}],
    ['https://u:p@shop.example:8443/a%20b/c?x=1&y=%2F#frag', {uri: 'https://u:p@shop.example:8443/a%20b/c?x=1&y=%2F#frag', scheme: 'https', host: 'shop.example', port: 8443, path: '/a%20b/c', query: 'x=1&y=%2F', fragment: 'frag'}],
    ['http://x.com/?#', {uri: 'http://x.com/?#', scheme: 'http', host: 'x.com', port: 80, path: '/', query: null, fragment: null}],
    ['http://[::1]:9090/p', {uri: 'http://[::1]:9090/p', scheme: 'http', host: '[::1]', port: 9090, path: '/p', query: null, fragment: null}],
    ['http://x.com/a b', {uri: 'http://x.com/a%20b', scheme: 'http', host: 'x.com', port: 80, path: '/a%20b', query: null, fragment: null}],
  ]
  for (const [text, expected] of cases) assert.deepEqual(explodeUri(text), expected, text)
})

test('derived_tstamp: true_tstamp, else collector − (sent − created), else collector', () => {
  assert.equal(derivedTstamp(5, 100, 50, 40), 5)
  assert.equal(derivedTstamp(null, 100, 50, 40), 90)
  assert.equal(derivedTstamp(null, 100, 40, 50), 100) // created after sent: device clock unusable
  assert.equal(derivedTstamp(null, 100, null, 40), 100)
})

test('event_vendor/name/format/version for every event type', () => {
  const sp = (name: string) => ({vendor: 'com.snowplowanalytics.snowplow', name, format: 'jsonschema', version: '1-0-0'})
  assert.deepEqual(extractSchemaFields('page_view', null), sp('page_view'))
  assert.deepEqual(extractSchemaFields('page_ping', null), sp('page_ping'))
  assert.deepEqual(extractSchemaFields('transaction', null), sp('transaction'))
  assert.deepEqual(extractSchemaFields('transaction_item', null), sp('transaction_item'))
  assert.deepEqual(extractSchemaFields('struct', null), {vendor: 'com.google.analytics', name: 'event', format: 'jsonschema', version: '1-0-0'})
  assert.deepEqual(
    extractSchemaFields('unstruct', {vendor: 'com.acme', name: 'x', format: 'jsonschema', version: {model: 2, revision: 1, addition: 3}}),
    {vendor: 'com.acme', name: 'x', format: 'jsonschema', version: '2-1-3'},
  )
  assert.equal(extractSchemaFields('unstruct', null), null)
  assert.equal(extractSchemaFields('ad_impression', null), schemaFieldsMismatch('ad_impression'))
  assert.equal(
    schemaFieldsMismatch(null),
    "trying to extract the schema of the enriched event but event type [null] doesn't match\n          any of page_view, page_ping, struct, transaction, transaction_item and unstruct\n          ",
  )
})
