import {test} from 'node:test'
import assert from 'node:assert/strict'
import {initialState, reduce, selectedEvent, visibleEvents, type TailState} from '../../src/tui/state.js'
import type {StreamEvent} from '../../src/client/types.js'
import {streamEvent} from './fixtures.js'

function withEvents(events: StreamEvent[], state: TailState = initialState()): TailState {
  return reduce(state, {type: 'events', events})
}

test('counts per status; views g/b/a; the / filter over schema, name and errors', () => {
  const s = withEvents([
    streamEvent(),
    streamEvent({status: 'bad', eventType: null, schema: null, eventId: null, errors: ['Error while extracting event(s)…']}),
    streamEvent({status: 'incomplete', eventType: 'unstruct', errors: ['Error while validating the event.', '{"x":"checkout missing total"}']}),
  ])
  assert.deepEqual(s.counts, {good: 1, bad: 1, incomplete: 1})
  assert.equal(visibleEvents(reduce(s, {type: 'view', view: 'good'})).length, 1)
  assert.deepEqual(visibleEvents(reduce(s, {type: 'view', view: 'bad'})).map((e) => e.status), ['bad', 'incomplete'])
  let f = reduce(s, {type: 'startFilter'})
  f = reduce(f, {type: 'draft', text: 'CHECKOUT'})
  assert.equal(visibleEvents(f).length, 3, 'not applied while typing')
  f = reduce(f, {type: 'commitFilter'})
  assert.deepEqual(visibleEvents(f).map((e) => e.status), ['incomplete'])
  assert.equal(visibleEvents(reduce(reduce(f, {type: 'startFilter'}), {type: 'cancelFilter'})).length, 1)
})

test('follows the newest unless scrolled; moving back to the bottom follows again', () => {
  let s = withEvents([streamEvent(), streamEvent(), streamEvent()])
  assert.equal(s.selected, null)
  assert.equal(selectedEvent(s)?.id, s.events[2]!.id)
  s = reduce(s, {type: 'move', by: -1, visible: 3})
  assert.equal(s.selected, 1)
  s = withEvents([streamEvent()], s)
  assert.equal(selectedEvent(s)?.id, s.events[1]!.id, 'the cursor stays on its event while new ones arrive')
  s = reduce(s, {type: 'move', by: 5, visible: 4})
  assert.equal(s.selected, null)
})

test('pause holds new events and shows them on resume; clear empties the view and the counts', () => {
  let s = reduce(withEvents([streamEvent()]), {type: 'togglePause'})
  s = withEvents([streamEvent(), streamEvent()], s)
  assert.equal(s.events.length, 1)
  assert.equal(s.held.length, 2)
  s = reduce(s, {type: 'togglePause'})
  assert.equal(s.events.length, 3)
  assert.equal(s.counts.good, 3)
  s = reduce(s, {type: 'clear'})
  assert.deepEqual([s.events.length, s.counts], [0, {good: 0, bad: 0, incomplete: 0}])
})

test('at most maxEvents are kept, the oldest dropped first', () => {
  const s = withEvents([streamEvent(), streamEvent(), streamEvent()], initialState({maxEvents: 2}))
  assert.equal(s.events.length, 2)
  assert.equal(s.counts.good, 3, 'counts keep counting')
})

test('the / filter finds events by name, also a failed event whose schema survives only in its bad row', () => {
  const ue = Buffer.from(JSON.stringify({schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0', data: {schema: 'iglu:com.example/button_click/jsonschema/1-0-0', data: {}}})).toString('base64url')
  const row = JSON.stringify({schema: 'iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/2-0-1', data: {failure: {messages: []}, payload: {raw: {parameters: [{name: 'ue_px', value: ue}]}}}})
  const s = withEvents([
    streamEvent({eventType: 'unstruct', schema: 'iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1'}),
    streamEvent({status: 'incomplete', eventType: 'unstruct', schema: null, errors: ['Error while validating the event.', row]}),
    streamEvent(),
  ])
  const filtered = (text: string) => visibleEvents(reduce(reduce(reduce(s, {type: 'startFilter'}), {type: 'draft', text}), {type: 'commitFilter'})).map((e) => e.status)
  assert.deepEqual(filtered('link_click'), ['good'])
  assert.deepEqual(filtered('com.example/button_click'), ['incomplete'])
  assert.deepEqual(filtered('button_click'), ['incomplete'])
})
