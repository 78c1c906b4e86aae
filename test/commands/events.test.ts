import {test, before, after} from 'node:test'
import assert from 'node:assert/strict'
import {MicroClient} from '../../src/client/micro-client.js'
import {parseTsv, FIELD_COUNT} from '../../src/event/index.js'
import {startMicroUnderTest, type MicroUnderTest} from '../e2e/api-micro-harness.js'
import {runSp} from '../e2e/micro-process.js'
import {sendUnknownVendor, trackMix, tracker} from '../client/tracking.js'

let m: MicroUnderTest

before(async () => {
  m = await startMicroUnderTest()
  const client = new MicroClient(m.url)
  trackMix(tracker(m.micro.port))
  await sendUnknownVendor(m.url)
  assert.equal((await client.wait({}, {count: 5, timeout: 10_000})).status, 'satisfied')
})
after(async () => m?.close())

test('sp events --json: every status, newest first, with Micro shapes', async () => {
  const {code, stdout} = await runSp(['events', '--url', m.url, '--json'])
  assert.equal(code, 0)
  const events = JSON.parse(stdout) as Array<{status: string; good: unknown; bad: unknown; eventType: string | null}>
  assert.equal(events.length, 5)
  assert.deepEqual(events.map((e) => e.status).sort(), ['bad', 'good', 'good', 'good', 'incomplete'])
  assert.ok(events.filter((e) => e.status === 'good').every((e) => e.good !== null && e.bad === null))
})

test('sp events filters: --failed, --event-type with a tracker code, --good --bad together, --limit', async () => {
  const failed = await runSp(['events', '--url', m.url, '--failed', '--format', 'ndjson'])
  assert.deepEqual(failed.stdout.trim().split('\n').map((l) => JSON.parse(l).status).sort(), ['bad', 'incomplete'])
  const se = await runSp(['events', '--url', m.url, '--event-type', 'se', '--format', 'ndjson'])
  assert.deepEqual(se.stdout.trim().split('\n').map((l) => JSON.parse(l).eventType), ['struct'])
  const goodBad = await runSp(['events', '--url', m.url, '--good', '--bad', '--json'])
  assert.deepEqual((JSON.parse(goodBad.stdout) as Array<{status: string}>).map((e) => e.status).sort(), ['bad', 'good', 'good', 'good'])
  const two = await runSp(['events', '--url', m.url, '--limit', '2', '--json'])
  assert.equal(JSON.parse(two.stdout).length, 2)
})

test('sp events --format tsv: 131-column enriched lines the TSV parser reads back; bad ones left out with a note', async () => {
  const {code, stdout, stderr} = await runSp(['events', '--url', m.url, '--format', 'tsv'])
  assert.equal(code, 0)
  // trailing tabs are empty columns: only the final newline goes
  const lines = stdout.replace(/\n$/, '').split('\n')
  assert.equal(lines.length, 4, 'good and incomplete events')
  for (const line of lines) {
    assert.equal(line.split('\t').length, FIELD_COUNT)
    parseTsv(line)
  }
  // the same columns the server writes for that event
  const row = m.micro.store.db.prepare("SELECT tsv FROM events WHERE event_type = 'page_view'").get() as {tsv: string}
  assert.ok(lines.includes(row.tsv), 'identical to the stored enriched TSV')
  assert.match(stderr, /1 bad event\(s\) left out/)
})

test('sp events table: a header, a symbol per status, short errors', async () => {
  const {code, stdout} = await runSp(['events', '--url', m.url])
  assert.equal(code, 0)
  const lines = stdout.trimEnd().split('\n')
  assert.match(lines[0]!, /^TIME +STATUS +EVENT +SCHEMA +WHAT +APP_ID +EVENT_ID +ERROR$/)
  assert.ok(lines.some((l) => /◐ incomplete +unstruct/.test(l) && /targetUrl/.test(l)))
  assert.ok(lines.some((l) => /✗ bad/.test(l) && /vendor\/version combination is not supported/.test(l)))
  assert.doesNotMatch(stdout, /\u001B\[/, 'no colour when stdout is not a terminal')
})

test('sp reset: deletes and reports the counts; unreachable micro and bad flags exit 2', async () => {
  const unreachable = await runSp(['events', '--url', 'http://127.0.0.1:1'])
  assert.equal(unreachable.code, 2)
  assert.match(unreachable.stderr, /Cannot reach sp micro at http:\/\/127\.0\.0\.1:1/)
  const badSince = await runSp(['events', '--url', m.url, '--since', 'yesterday'])
  assert.equal(badSince.code, 2)
  assert.match(badSince.stderr, /--since must be a duration/)
  const reset = await runSp(['reset', '--url', m.url, '--json'])
  assert.equal(reset.code, 0)
  assert.deepEqual(JSON.parse(reset.stdout), {url: m.url, deleted: {total: 5, good: 3, bad: 2}})
  assert.deepEqual(await new MicroClient(m.url).counts(), {total: 0, good: 0, bad: 0})
})
