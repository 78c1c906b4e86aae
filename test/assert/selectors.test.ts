import {test} from 'node:test'
import assert from 'node:assert/strict'
import {parseExpectation, parseSpec} from '../../src/assert/index.js'
import {filterFromFlags} from '../../src/cli/event-flags.js'
import {uriMatcher} from '../../src/store/queries/event-filter.js'
import {isSpError} from '../../src/errors/sp-error.js'

const usage = (fn: () => unknown, message: RegExp) =>
  assert.throws(fn, (e: unknown) => isSpError(e) && message.test(e.message) && ['ASSERT_INVALID_EXPECTATION', 'ASSERT_INVALID_SPEC', 'INVALID_OPTION'].includes(e.code))

test('a misspelt event type is a usage error with a suggestion, at once', () => {
  usage(() => parseExpectation('pageview'), /unknown event type "pageview"; did you mean page_view\?/)
  usage(() => parseExpectation('page_veiw>=2'), /did you mean page_view\?/)
  usage(() => parseExpectation('strcut:se_action=add'), /did you mean struct\?/)
  usage(() => parseExpectation('unstuct'), /did you mean unstruct\?/)
  usage(() => parseSpec({expect: [{event_type: 'pageview'}]}, 'a.json'), /a\.json: \$\.expect\[0\]\.event_type: unknown event type "pageview" \(did you mean page_view\?\)/)
  usage(() => filterFromFlags({good: false, bad: false, incomplete: false, failed: false, 'event-type': 'page-views'}), /--event-type: unknown event type "page-views" \(did you mean page_view\?\)/)
  assert.equal(parseExpectation('pv').filter.event_type, 'pv')
  assert.equal(parseExpectation('transaction_item').filter.event_type, 'transaction_item')
})

test('events are selected by name: link_click, vendor/name, a URI with * versions', () => {
  assert.equal(parseExpectation('link_click').filter.schema, 'iglu:*/link_click/jsonschema/*-*-*')
  assert.equal(parseExpectation('button_click>=2').filter.schema, 'iglu:*/button_click/jsonschema/*-*-*')
  assert.equal(parseExpectation('com.example/button_click:data.label=pay').filter.schema, 'iglu:com.example/button_click/jsonschema/*-*-*')
  assert.equal(parseExpectation('com.example/button_click/jsonschema/1-*-*').filter.schema, 'iglu:com.example/button_click/jsonschema/1-*-*')
  usage(() => parseExpectation('a b'), /is not an event type, a schema/)

  const name = uriMatcher('link_click')
  assert.ok(name.regex!.test('iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1'))
  assert.ok(name.regex!.test('iglu:com.acme/link_click/jsonschema/2-0-0'))
  assert.ok(!name.regex!.test('iglu:com.acme/link_clicks/jsonschema/1-0-0'))
  assert.ok(!name.regex!.test('iglu:com.acme/x/link_click/jsonschema/1-0-0'))
  const vendorName = uriMatcher('com.example/button_click')
  assert.ok(vendorName.regex!.test('iglu:com.example/button_click/jsonschema/1-2-3'))
  assert.ok(!vendorName.regex!.test('iglu:com.examplex/button_click/jsonschema/1-2-3'))
  assert.deepEqual(uriMatcher('iglu:com.acme/checkout/jsonschema/1-0-0'), {uri: 'iglu:com.acme/checkout/jsonschema/1-0-0', glob: null, regex: null})
  assert.equal(uriMatcher('com.acme/checkout/jsonschema/1-0-0').uri, 'iglu:com.acme/checkout/jsonschema/1-0-0')
})
