import {test} from 'node:test'
import assert from 'node:assert/strict'
import {MAX_RELATIVE_MINUTES, emptyView, parseViewQuery, timeRange, viewQuery, type ViewState} from '../../src/ui/view.js'

const view = (over: Partial<ViewState>): ViewState => ({...emptyView([]), ...over})

test('parses Micro 4.5 view URLs: columns in order, ~-joined values, status, time', () => {
  assert.equal(parseViewQuery(''), null)
  assert.equal(parseViewQuery('?'), null)
  assert.deepEqual(parseViewQuery('?app_id='), view({columns: ['app_id']}))
  assert.deepEqual(parseViewQuery('?app_id=web~mobile'), view({columns: ['app_id'], filters: {app_id: ['web', 'mobile']}}))
  assert.deepEqual(parseViewQuery('?b=&a=&c=')?.columns, ['b', 'a', 'c'])
  assert.deepEqual(parseViewQuery('?status=failed'), view({status: 'failed'}))
  assert.deepEqual(parseViewQuery('?status=valid'), view({status: 'valid'}))
  // good/bad read as their synonyms; anything else is ignored
  assert.equal(parseViewQuery('?status=bad')?.status, 'failed')
  assert.equal(parseViewQuery('?status=good')?.status, 'valid')
  assert.equal(parseViewQuery('?status='), null)
  assert.equal(parseViewQuery('?status=maybe'), null)
  assert.deepEqual(parseViewQuery('?unstruct_event_x.a%20b=one%20two'), view({columns: ['unstruct_event_x.a b'], filters: {'unstruct_event_x.a b': ['one two']}}))
})

test('drops the fixed columns (time, failure) and their nested fields from a URL', () => {
  assert.deepEqual(parseViewQuery('?collector_tstamp=&app_id=')?.columns, ['app_id'])
  assert.deepEqual(parseViewQuery('?contexts_com_snowplowanalytics_snowplow_failure_1.errors=&app_id=')?.columns, ['app_id'])
  assert.equal(parseViewQuery('?contexts_com_snowplowanalytics_snowplow_failure_1=oops'), null)
})

test('the time parameter: a sliding last<N>m window or an absolute start~end', () => {
  assert.deepEqual(parseViewQuery('?time=last15m')?.time, {kind: 'relative', minutes: 15})
  assert.deepEqual(parseViewQuery(`?time=last${MAX_RELATIVE_MINUTES}m`)?.time, {kind: 'relative', minutes: MAX_RELATIVE_MINUTES})
  for (const bad of ['last0m', `last${MAX_RELATIVE_MINUTES + 1}m`, 'last15', 'last-5m', 'lastm', '', '~', 'nonsense~rubbish']) {
    assert.equal(parseViewQuery(`?time=${bad}`), null, bad)
  }
  assert.deepEqual(parseViewQuery('?time=2026-03-14T00%3A00%3A00.000Z~2026-03-15T00%3A00%3A00.000Z')?.time, {
    kind: 'absolute',
    start: '2026-03-14T00:00:00.000Z',
    end: '2026-03-15T00:00:00.000Z',
  })
  assert.deepEqual(parseViewQuery('?time=2026-03-14T00%3A00%3A00.000Z~')?.time, {kind: 'absolute', start: '2026-03-14T00:00:00.000Z'})
  assert.deepEqual(parseViewQuery('?time=~2026-03-15T00%3A00%3A00.000Z')?.time, {kind: 'absolute', end: '2026-03-15T00:00:00.000Z'})
  // a bound that is not a date is dropped, the other kept
  assert.deepEqual(parseViewQuery('?time=nonsense~2026-03-15T00%3A00%3A00.000Z')?.time, {kind: 'absolute', end: '2026-03-15T00:00:00.000Z'})
})

test('writes Micro’s format: columns in order, status after them, time last', () => {
  assert.equal(viewQuery(view({columns: ['app_id']})), 'app_id=')
  assert.equal(viewQuery(view({columns: ['app_id', 'platform']})), 'app_id=&platform=')
  assert.equal(viewQuery(view({columns: ['app_id'], filters: {app_id: ['web', 'mobile']}})), 'app_id=web~mobile')
  // a filter on a column that is not shown is not part of the view
  assert.equal(viewQuery(view({columns: ['app_id'], filters: {platform: ['web']}})), 'app_id=')
  assert.equal(viewQuery(view({columns: ['app_id'], status: 'failed'})), 'app_id=&status=failed')
  assert.equal(viewQuery(view({status: 'failed'})), 'status=failed')
  assert.equal(viewQuery(view({time: {kind: 'relative', minutes: 15}})), 'time=last15m')
  assert.equal(
    viewQuery(view({time: {kind: 'absolute', start: '2026-03-14T00:00:00.000Z', end: '2026-03-15T00:00:00.000Z'}})),
    'time=2026-03-14T00%3A00%3A00.000Z~2026-03-15T00%3A00%3A00.000Z',
  )
  assert.equal(viewQuery(view({time: {kind: 'absolute', start: '2026-03-14T00:00:00.000Z'}})), 'time=2026-03-14T00%3A00%3A00.000Z~')
  assert.equal(viewQuery(view({columns: ['a&b=c'], filters: {'a&b=c': ['x y']}})), 'a%26b%3Dc=x%20y')
})

test('round trip, including awkward names and a value holding ~ (Micro would split it)', () => {
  const views: ViewState[] = [
    view({columns: ['app_id', 'platform'], filters: {app_id: ['web', 'mobile']}, status: 'failed', time: {kind: 'relative', minutes: 30}}),
    view({columns: ['unstruct_event_my_schema_1.a b'], filters: {'unstruct_event_my_schema_1.a b': ['one two', 'three&four', 'x~y']}, time: {kind: 'absolute', start: '2026-03-14T00:00:00.000Z'}}),
  ]
  for (const v of views) assert.deepEqual(parseViewQuery(viewQuery(v)), v)
  assert.match(viewQuery(views[1]!), /x%7Ey/)
})

test('a sliding window is anchored at the time of the query; an absolute one is passed as is', () => {
  const now = Date.parse('2026-03-14T12:00:00.000Z')
  assert.deepEqual(timeRange({kind: 'relative', minutes: 5}, now), {start: '2026-03-14T11:55:00.000Z'})
  assert.deepEqual(timeRange({kind: 'absolute', end: '2026-03-14T00:00:00.000Z'}, now), {start: undefined, end: '2026-03-14T00:00:00.000Z'})
  assert.equal(timeRange(null, now), null)
})
