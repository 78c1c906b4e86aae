import {test} from 'node:test'
import assert from 'node:assert/strict'
import {buildPageView, buildSelfDescribingEvent} from '@snowplow/node-tracker'
import {MicroClient} from '../../src/client/micro-client.js'
import {parseExpectation, runAssertions} from '../../src/assert/index.js'
import {formatEventsTable} from '../../src/tui/line-format.js'
import {schemasOfFailure} from '../../src/badrows/schemas-of.js'
import {startAcmeMicro, CHECKOUT, BUTTON_CLICK} from '../helpers/acme-micro.js'
import {tracker} from '../client/tracking.js'

test('a schema filter finds incomplete events by their own schema and by a failing entity, in SQL and live', async (t) => {
  const {micro} = await startAcmeMicro(t)
  const client = new MicroClient(micro.url)
  // waiting first: the live matcher (JS) decides when the event commits
  const live = client.wait({schema: 'com.acme/checkout/jsonschema/1-*-*', status: 'incomplete'}, {count: 2, timeout: 10_000})
  const tr = tracker(micro.port)
  // its own data is invalid: enrich drops the event's schema from the enriched event
  tr.track(buildSelfDescribingEvent({event: {schema: CHECKOUT, data: {step: 'two'}}}))
  // a valid button click whose checkout entity is invalid
  tr.track(buildSelfDescribingEvent({event: {schema: BUTTON_CLICK, data: {label: 'pay'}}}), [{schema: CHECKOUT, data: {}}])
  tr.track(buildPageView({pageUrl: 'https://shop.example/'}))
  assert.equal((await live).status, 'satisfied')
  assert.equal((await client.wait({}, {count: 3, timeout: 10_000})).status, 'satisfied')

  // stored rows (SQL): /micro/bad and the count behind sp assert
  const bad = await client.bad({schema: CHECKOUT})
  assert.equal(bad.length, 2)
  assert.equal(await client.count({schema: 'iglu:com.acme/checkout/jsonschema/1-*-*', status: 'failed'}), 2)
  assert.equal(await client.count({schema: BUTTON_CLICK, status: 'incomplete'}), 1)
  assert.equal(await client.count({schema: BUTTON_CLICK, status: 'good'}), 0)
  assert.equal(await client.count({schema: 'iglu:com.acme/nothing/jsonschema/1-0-0'}), 0)

  // the rows show the event's own schema, not the entity's
  const failed = await client.captured({status: 'failed'})
  assert.deepEqual(failed.map((e) => e.schema).sort(), [BUTTON_CLICK, CHECKOUT])
  const table = formatEventsTable(failed, {color: false})
  assert.match(table, /◐ incomplete +unstruct +com\.acme\/checkout\/1-0-0/)
  assert.match(table, /◐ incomplete +unstruct +com\.acme\/button_click\/1-0-0/)

  // sp assert: the README's "failures of one schema"
  const report = await runAssertions(client, [parseExpectation('iglu:com.acme/checkout/jsonschema/1-*-*:status=incomplete>=2')], {timeoutMs: 500})
  assert.equal(report.passed, true, JSON.stringify(report.results[0]))
  assert.equal(report.results[0]!.actual, 2)
})

test('schemasOfFailure reads ue_pr and ue_px, both base64 alphabets, and the messages', () => {
  const envelope = (inner: string) => JSON.stringify({schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0', data: {schema: inner, data: {}}})
  const row = (parameters: unknown, messages: unknown[] = []) => ({schema: 'x', data: {failure: {messages}, payload: {raw: {parameters}}}})
  assert.deepEqual(schemasOfFailure(row([{name: 'ue_pr', value: envelope(CHECKOUT)}])), [CHECKOUT])
  assert.deepEqual(schemasOfFailure(JSON.stringify(row([{name: 'ue_px', value: Buffer.from(envelope(CHECKOUT)).toString('base64')}]))), [CHECKOUT])
  assert.deepEqual(schemasOfFailure(row({ue_px: Buffer.from(envelope(BUTTON_CLICK)).toString('base64url')}, [{schemaKey: CHECKOUT}, {schemaKey: 'iglu:com.snowplowanalytics.snowplow/atomic/jsonschema/1-0-0'}])), [BUTTON_CLICK, CHECKOUT])
  assert.deepEqual(schemasOfFailure('not json'), [])
  assert.deepEqual(schemasOfFailure(row([{name: 'ue_px', value: '%%%'}])), [])
})
