import {test} from 'node:test'
import assert from 'node:assert/strict'
import {colorEnabled, filterFromFlags, isCI, statusesFromFlags, type EventFilterFlagValues} from '../../src/cli/event-flags.js'
import {parseDuration, parseSince} from '../../src/client/duration.js'

const none: EventFilterFlagValues = {good: false, bad: false, incomplete: false, failed: false}

test('status flags become the API status (or a combination kept client-side)', () => {
  assert.deepEqual(filterFromFlags(none), {})
  assert.deepEqual(filterFromFlags({...none, good: true}), {status: 'good'})
  assert.deepEqual(filterFromFlags({...none, failed: true}), {status: 'failed'})
  assert.deepEqual(filterFromFlags({...none, bad: true, incomplete: true}), {status: 'failed'})
  assert.deepEqual(filterFromFlags({...none, good: true, bad: true}), {status: 'good,bad'})
  assert.deepEqual(statusesFromFlags({...none, good: true, bad: true}), ['good', 'bad'])
  assert.deepEqual(statusesFromFlags({...none, good: true, failed: true}), [])
})

test('the other flags map to the API filter names; --since accepts durations and ISO times', () => {
  const now = Date.parse('2026-11-27T20:00:00.000Z')
  assert.deepEqual(
    filterFromFlags({...none, schema: 'com.acme/x/jsonschema/1-*-*', 'event-type': 'pv', context: ['a/b/jsonschema/1-0-0'], 'app-id': 'shop', 'event-id': 'e', text: 'boom', since: '5m'}, now),
    {schema: 'com.acme/x/jsonschema/1-*-*', event_type: 'pv', contexts: ['a/b/jsonschema/1-0-0'], app_id: 'shop', event_id: 'e', q: 'boom', since: '2026-11-27T19:55:00.000Z'},
  )
  assert.equal(parseSince('2026-11-27T10:00:00Z', now), '2026-11-27T10:00:00.000Z')
  assert.equal(parseDuration('500ms'), 500)
  assert.equal(parseDuration('2'), 2000)
  assert.equal(parseDuration('1.5m'), 90_000)
  assert.throws(() => parseDuration('soon'), /duration like 500ms/)
})

test('colour only on a terminal, never with NO_COLOR, always with FORCE_COLOR; CI detection', () => {
  assert.equal(colorEnabled({isTTY: true}, {}), true)
  assert.equal(colorEnabled({isTTY: false}, {}), false)
  assert.equal(colorEnabled({isTTY: true}, {NO_COLOR: '1'}), false)
  assert.equal(colorEnabled({isTTY: true}, {NO_COLOR: ''}), true, 'an empty NO_COLOR does not count (no-color.org)')
  assert.equal(colorEnabled({isTTY: false}, {FORCE_COLOR: '1'}), true)
  assert.equal(colorEnabled({isTTY: true}, {FORCE_COLOR: '0'}), false)
  assert.equal(colorEnabled({isTTY: true}, {TERM: 'dumb'}), false)
  assert.equal(isCI({CI: 'true'}), true)
  assert.equal(isCI({CI: 'false'}), false)
  assert.equal(isCI({GITHUB_ACTIONS: 'true'}), true)
  assert.equal(isCI({}), false)
})
