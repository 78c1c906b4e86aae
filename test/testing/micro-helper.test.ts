import {test, before, after} from 'node:test'
import assert from 'node:assert/strict'
import {buildSelfDescribingEvent, buildStructEvent} from '@snowplow/node-tracker'
import {createMicro, Micro, MicroExpectationError} from '../../src/testing/index.js'
import {startMicroUnderTest, type MicroUnderTest} from '../e2e/api-micro-harness.js'
import {LINK_CLICK, trackMix, tracker} from '../client/tracking.js'

let m: MicroUnderTest
let micro: Micro

before(async () => {
  m = await startMicroUnderTest()
  micro = createMicro({url: m.url, timeout: 5000})
})
after(async () => m?.close())

test('the package subpath sp/testing points at this module', async () => {
  const pkg = (await import('../../package.json', {with: {type: 'json'}})).default as {exports: Record<string, string>}
  assert.equal(pkg.exports['./testing'], './dist/src/testing/index.js')
})

test('SP_URL is the default URL', () => {
  const saved = process.env.SP_URL
  process.env.SP_URL = 'http://micro.test:9090'
  try {
    assert.equal(createMicro().url, 'http://micro.test:9090')
  } finally {
    if (saved === undefined) delete process.env.SP_URL
    else process.env.SP_URL = saved
  }
})

test('reset, waitFor with count and where, typed events, counts', async () => {
  await micro.reset()
  const t = tracker(m.micro.port)
  t.track(buildStructEvent({category: 'shop', action: 'add', label: 'sku-1'}))
  t.track(buildStructEvent({category: 'shop', action: 'add', label: 'sku-2'}))
  t.track(buildSelfDescribingEvent({event: {schema: LINK_CLICK, data: {targetUrl: 'https://shop.example/cart'}}}))
  const adds = await micro.waitFor({event_type: 'se'}, {count: 2, where: {se_action: 'add'}})
  assert.equal(adds.length, 2)
  assert.deepEqual(adds.map((e) => e.good?.event.se_label).sort(), ['sku-1', 'sku-2'])
  const [click] = await micro.waitFor({schema: 'com.snowplowanalytics.snowplow/link_click/jsonschema/1-*-*'}, {where: {'data.targetUrl': {matches: '/cart$'}}})
  assert.equal(click!.good?.event.unstruct_event?.data.schema, LINK_CLICK)
  assert.deepEqual(await micro.counts(), {total: 3, good: 3, bad: 0})
  await micro.expectNoBad()
  assert.equal((await micro.events({event_type: 'struct'})).length, 2)
})

test('waitFor times out with the closest events and their errors in the message', async () => {
  await micro.reset()
  trackMix(tracker(m.micro.port))
  await micro.waitFor({status: 'incomplete'})
  await assert.rejects(micro.waitFor({schema: LINK_CLICK}, {count: 2, timeout: 50}), (e) => {
    assert.ok(e instanceof MicroExpectationError)
    assert.equal(e.report.results[0]!.actual, 1)
    assert.match(e.message, /found 1/)
    assert.match(e.message, /◐ incomplete/)
    assert.match(e.message, /targetUrl/)
    return true
  })
  await assert.rejects(micro.expectNoBad(), (e) => e instanceof MicroExpectationError && /no bad or incomplete events/.test(e.message) && /targetUrl/.test(e.message))
})

test('expect() takes --expect strings or a spec object', async () => {
  await micro.reset()
  trackMix(tracker(m.micro.port))
  const report = await micro.expect(['page_view=1', 'se:se_category=shop>=1'])
  assert.equal(report.passed, true)
  await assert.rejects(micro.expect({expect: ['page_view=1'], noBad: true}, {timeout: 0}), MicroExpectationError)
})
