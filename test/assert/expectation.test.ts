import {test} from 'node:test'
import assert from 'node:assert/strict'
import {countHolds, lowerBound, parseExpectation} from '../../src/assert/expectation.js'
import {isSpError} from '../../src/errors/sp-error.js'

test('selectors: event type, tracker code, Iglu URI with or without iglu: and * versions, statuses, *', () => {
  assert.deepEqual(parseExpectation('page_view>=1').filter, {status: 'good', event_type: 'page_view'})
  assert.deepEqual(parseExpectation('pv').filter, {status: 'good', event_type: 'pv'})
  const checkout = parseExpectation('iglu:com.acme/checkout/jsonschema/1-*-*=3')
  assert.deepEqual(checkout.filter, {status: 'good', schema: 'iglu:com.acme/checkout/jsonschema/1-*-*'})
  assert.deepEqual(checkout.count, {op: '=', n: 3})
  assert.equal(parseExpectation('com.acme/checkout/jsonschema/1-0-0').filter.schema, 'iglu:com.acme/checkout/jsonschema/1-0-0')
  assert.deepEqual(parseExpectation('com.acme/checkout/jsonschema/1-0-0').count, {op: '>=', n: 1}, 'a version is not a count')
  assert.deepEqual(parseExpectation('bad=0').filter, {status: 'bad'})
  assert.deepEqual(parseExpectation('failed=0').filter, {status: 'failed'})
  assert.deepEqual(parseExpectation('*>=10').filter, {})
})

test('field matchers: the example from the issue, shorthands, quoting, regex, presence', () => {
  const se = parseExpectation('se:event.se_category=shop>=2')
  assert.deepEqual(se.filter, {status: 'good', event_type: 'se'})
  assert.deepEqual(se.where, [{path: 'event.se_category', op: 'equals', value: 'shop'}])
  assert.deepEqual(se.count, {op: '>=', n: 2})
  const short = parseExpectation('struct:se_action!=remove,se_label~^sku-,se_value,!se_property')
  assert.deepEqual(short.where, [
    {path: 'event.se_action', op: 'not', value: 'remove'},
    {path: 'event.se_label', op: 'matches', value: '^sku-'},
    {path: 'event.se_value', op: 'exists'},
    {path: 'event.se_property', op: 'absent'},
  ])
  assert.deepEqual(parseExpectation('iglu:com.acme/checkout/jsonschema/1-0-0:data.total=10>=1').where, [
    {path: 'event.unstruct_event.data.data.total', op: 'equals', value: 10},
  ])
  // the documented rule: a trailing comparison is always the count
  const ambiguous = parseExpectation('iglu:com.acme/checkout/jsonschema/1-0-0:data.total=10')
  assert.deepEqual([ambiguous.where, ambiguous.count], [[{path: 'event.unstruct_event.data.data.total', op: 'exists'}], {op: '=', n: 10}])
  assert.deepEqual(parseExpectation('se:se_label="a,b"').where, [{path: 'event.se_label', op: 'equals', value: 'a,b'}])
  const narrowed = parseExpectation('page_view:status=incomplete,context=com.acme/user/jsonschema/1-0-0,app_id=Shop,q=checkout=0')
  assert.deepEqual(narrowed.filter, {status: 'incomplete', event_type: 'page_view', contexts: ['com.acme/user/jsonschema/1-0-0'], app_id: 'Shop', q: 'checkout'})
  assert.deepEqual(narrowed.where, [])
})

test('counts: every operator; what can be waited for', () => {
  const cases: Array<[string, number, boolean]> = [
    ['x=2', 2, true], ['x=2', 3, false], ['x!=0', 1, true], ['x>=2', 1, false], ['x<=2', 2, true], ['x>1', 1, false], ['x<1', 0, true],
  ]
  for (const [text, actual, holds] of cases) assert.equal(countHolds(parseExpectation(text).count, actual), holds, text)
  assert.equal(lowerBound(parseExpectation('x=3').count), 3)
  assert.equal(lowerBound(parseExpectation('x>3').count), 4)
  assert.equal(lowerBound(parseExpectation('x=0').count), null)
  assert.equal(lowerBound(parseExpectation('x<=3').count), null)
})

test('bad expectations are usage errors that show the grammar', () => {
  for (const text of ['', '>=1', 'iglu:com.acme/checkout/jsonschema/1-0', 'page view', 'se:se_label~(', 'page_view:', 'se:status=nope']) {
    assert.throws(() => parseExpectation(text), (e) => isSpError(e) && e.code === 'ASSERT_INVALID_EXPECTATION' && /SELECTOR/.test(e.message), text)
  }
})
