import {test} from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import {tempDir} from '../helpers/temp-dir.js'
import type {ChildProcess} from 'node:child_process'
import {buildPageView} from '@snowplow/node-tracker'
import {spawnSp, startMicroProcess} from './micro-process.js'
import {fixtureSchemasDir} from '../helpers/static-iglu.js'
import {trackMix, tracker} from '../client/tracking.js'

/** Resolves when `text()` satisfies `ok`, re-checked whenever the child writes (10 s deadline). */
function output(child: ChildProcess, text: () => string, ok: (t: string) => boolean, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`timed out waiting for ${what}:\n${text()}`)), 10_000)
    const check = () => {
      if (ok(text())) done()
    }
    function done(error?: Error) {
      clearTimeout(timer)
      child.stdout!.off('data', check)
      child.stderr!.off('data', check)
      if (error) reject(error)
      else resolve(text())
    }
    child.stdout!.on('data', check)
    child.stderr!.on('data', check)
    check()
  })
}

test('sp tail in line mode follows a real sp micro while the node tracker sends, and survives a server restart', async (t) => {
  const dir = await tempDir(t, 'sp-tail-')
  const microArgs = ['--db', path.join(dir, 'micro.db'), '--schemas', fixtureSchemasDir, '--offline']
  let micro = await startMicroProcess(t, ['--port', '0', ...microArgs])
  const port = micro.port

  const tail = spawnSp(['tail', '--url', micro.url, '--no-tui', '--last', '0'])
  t.after(async () => {
    if (tail.child.exitCode === null) {
      tail.child.kill('SIGINT')
      await tail.exited
    }
  })
  await output(tail.child, () => tail.out.stderr, (s) => s.includes(`sp tail: following ${micro.url}`), 'the tail to connect')
  trackMix(tracker(port))
  const lines = await output(tail.child, () => tail.out.stdout, (s) => s.split('\n').length > 4, 'four event lines')
  // the tracker sends each event in its own request, so they may land in any order
  const rows = lines.trimEnd().split('\n')
  const find = (re: RegExp) => rows.find((l) => re.test(l)) ?? assert.fail(`no line matches ${re}:\n${lines}`)
  assert.match(find(/page_view/), /^\d\d:\d\d:\d\d\.\d{3} ✓ good +page_view +com\.snowplowanalytics\.snowplow\/page_view\/1-0-0 app=shop id=[0-9a-f-]{36}$/)
  assert.match(find(/struct /), /✓ good +struct +com\.google\.analytics\/event\/1-0-0 app=shop/)
  assert.match(find(/link_click/), /✓ good +unstruct +com\.snowplowanalytics\.snowplow\/link_click\/1-0-1/)
  assert.match(find(/incomplete/), /◐ incomplete +unstruct .*— .*targetUrl/)
  assert.doesNotMatch(lines, /\u001B\[/, 'no colour into a pipe')

  // grep-friendly: one event per line, so a pipe filter sees whole events
  assert.equal(lines.trimEnd().split('\n').filter((l) => l.includes('incomplete')).length, 1)

  micro.child.kill('SIGTERM')
  await micro.exited
  await output(tail.child, () => tail.out.stderr, (s) => s.includes('sp tail: disconnected from'), 'the disconnect notice')
  micro = await startMicroProcess(t, ['--port', String(port), ...microArgs])
  await output(tail.child, () => tail.out.stderr, (s) => s.includes('sp tail: reconnected to'), 'the reconnect')
  tracker(port).track(buildPageView({pageUrl: 'https://shop.example/after-restart'}))
  const after = await output(tail.child, () => tail.out.stdout, (s) => s.trimEnd().split('\n').length >= 5, 'the event after the restart')
  assert.match(after.trimEnd().split('\n')[4]!, /✓ good +page_view/)
  assert.equal(after.trimEnd().split('\n').length, 5, 'nothing replayed twice')

  tail.child.kill('SIGINT')
  const {code} = await tail.exited
  assert.equal(code, 0)
})

test('sp tail --json replays history as NDJSON stream events', async (t) => {
  const micro = await startMicroProcess(t, ['--port', '0', '--db', ':memory:', '--schemas', fixtureSchemasDir, '--offline'])
  trackMix(tracker(micro.port))
  const probe = spawnSp(['tail', '--url', micro.url, '--json', '--last', '10', '--failed'])
  t.after(async () => {
    if (probe.child.exitCode === null) {
      probe.child.kill('SIGINT')
      await probe.exited
    }
  })
  const text = await output(probe.child, () => probe.out.stdout, (s) => s.includes('\n'), 'an NDJSON line')
  const event = JSON.parse(text.split('\n')[0]!)
  assert.deepEqual(Object.keys(event), ['id', 'status', 'eventId', 'eventType', 'schema', 'contexts', 'appId', 'collectorTstamp', 'errors'])
  assert.equal(event.status, 'incomplete')
  assert.equal(event.errors[0], 'Error while validating the event.')
})
