import {test, before, after} from 'node:test'
import assert from 'node:assert/strict'
import {buildStructEvent} from '@snowplow/node-tracker'
import {MicroClient} from '../../src/client/micro-client.js'
import {noBadExpectation, parseExpectation} from '../../src/assert/expectation.js'
import {runAssertions} from '../../src/assert/evaluate.js'
import {githubReport} from '../../src/assert/reporters/github.js'
import {junitReport} from '../../src/assert/reporters/junit.js'
import {textReport} from '../../src/assert/reporters/text.js'
import {startMicroUnderTest, type MicroUnderTest} from '../e2e/api-micro-harness.js'
import {sendUnknownVendor, trackMix, tracker} from '../client/tracking.js'

let m: MicroUnderTest
let client: MicroClient

before(async () => {
  m = await startMicroUnderTest()
  client = new MicroClient(m.url)
})
after(async () => m?.close())

async function seed(): Promise<void> {
  await client.reset()
  trackMix(tracker(m.micro.port))
  assert.equal((await client.wait({}, {count: 4, timeout: 10_000})).status, 'satisfied')
}

test('passing expectations: types, schemas with * versions, field matchers, upper bounds', async () => {
  await seed()
  const report = await runAssertions(
    client,
    ['page_view=1', 'pv', 'iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-*-*=1', 'se:se_category=shop,se_label~^sku->=1', 'incomplete=1', 'transaction=0'].map(parseExpectation),
    {timeoutMs: 2000},
  )
  assert.deepEqual(report.results.map((r) => [r.name, r.passed, r.actual]), [
    ['page_view=1', true, 1],
    ['pv', true, 1],
    ['iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-*-*=1', true, 1],
    ['se:se_category=shop,se_label~^sku->=1', true, 1],
    ['incomplete=1', true, 1],
    ['transaction=0', true, 0],
  ])
  assert.equal(report.passed, true)
  assert.deepEqual(report.counts, {total: 4, good: 3, bad: 1, incomplete: 1})
})

test('a failure shows the closest events: the incomplete link click with its validator message', async () => {
  await seed()
  const report = await runAssertions(client, [parseExpectation('iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1=2'), noBadExpectation()], {timeoutMs: 0})
  assert.equal(report.passed, false)
  const [clicks, noBad] = report.results
  assert.equal(clicks!.passed, false)
  assert.equal(clicks!.actual, 1)
  const incomplete = clicks!.closest.find((e) => e.status === 'incomplete')
  assert.ok(incomplete, 'the incomplete click is among the closest events')
  assert.ok(incomplete.errors.some((e) => e.includes('link_click') && e.includes('targetUrl')), incomplete.errors.join('\n'))
  assert.equal(noBad!.passed, false)
  assert.equal(noBad!.actual, 1)
  assert.equal(noBad!.closest.length, 1)
  assert.equal(noBad!.closest[0]!.status, 'incomplete')

  const text = textReport(report, {color: false})
  assert.match(text, /✗ iglu:com\.snowplowanalytics\.snowplow\/link_click\/jsonschema\/1-0-1=2/)
  assert.match(text, /expected exactly 2 good iglu:com\.snowplowanalytics\.snowplow\/link_click\/jsonschema\/1-0-1 event\(s\); found 1/)
  assert.match(text, /◐ incomplete/)
  assert.match(text, /targetUrl/)
  assert.match(text, /FAIL 2 expectations: 0 passed, 2 failed\. Events: 4 total, 3 good, 1 bad \(1 incomplete\)\./)
  assert.doesNotMatch(text, /\u001B\[/, 'no colour codes when colour is off')

  const xml = junitReport(report)
  assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="sp assert" tests="2" failures="2" errors="0"/)
  assert.equal(xml.match(/<testcase /g)?.length, 2)
  assert.equal(xml.match(/<failure type="AssertionError" message="expected /g)?.length, 2)
  assert.match(xml, /targetUrl/)

  const gh = githubReport(report, {file: 'asserts.json'})
  const lines = gh.trimEnd().split('\n')
  assert.equal(lines.length, 3)
  assert.match(lines[0]!, /^::error file=asserts\.json,title=sp assert%3A iglu%3Acom\.snowplowanalytics\.snowplow\/link_click\/jsonschema\/1-0-1=2::expected exactly 2/)
  assert.ok(lines[0]!.includes('%0A'), 'multi-line details escaped')
  assert.equal(lines[2], `sp assert: 0 passed, 2 failed (${m.url})`)
})

test('field matcher failures say which value was found', async () => {
  await seed()
  const report = await runAssertions(client, [parseExpectation('se:se_category=checkout')], {timeoutMs: 0})
  const r = report.results[0]!
  assert.equal(r.passed, false)
  assert.equal(r.actual, 0)
  const struct = r.closest.find((e) => e.eventType === 'struct')!
  assert.deepEqual(struct.mismatches, ['expected event.se_category = "checkout", found "shop"'])
})

test('waits for events that arrive after it started (no sleeps: /micro/wait answers when they land)', async () => {
  await client.reset()
  const pending = runAssertions(client, [parseExpectation('se:se_action=late>=2')], {timeoutMs: 20_000})
  const t = tracker(m.micro.port)
  // the first wait (2 struct events) is already open on the server when these arrive
  t.track(buildStructEvent({category: 'shop', action: 'early'}))
  t.track(buildStructEvent({category: 'shop', action: 'late'}))
  t.track(buildStructEvent({category: 'shop', action: 'late'}))
  const report = await pending
  assert.equal(report.passed, true, textReport(report, {color: false}))
  assert.equal(report.results[0]!.actual, 2)
  assert.ok(report.durationMs < 20_000)
})

test('a timeout with nothing captured says so', async () => {
  await client.reset()
  await sendUnknownVendor(m.url)
  const report = await runAssertions(client, [parseExpectation('page_view')], {timeoutMs: 100})
  const r = report.results[0]!
  assert.equal(r.passed, false)
  assert.equal(r.closestNote, 'nothing like it was captured; the most recent events:')
  assert.equal(r.closest[0]!.status, 'bad')
  assert.ok(r.closest[0]!.errors.some((e) => e.includes('vendor/version combination is not supported')))
})
