import {test} from 'node:test'
import assert from 'node:assert/strict'
import {readFile, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {tempDir} from '../helpers/temp-dir.js'
import {buildPageView} from '@snowplow/node-tracker'
import {startMicroProcess, runSp} from './micro-process.js'
import {fixtureSchemasDir} from '../helpers/static-iglu.js'
import {trackMix, tracker} from '../client/tracking.js'
import {MicroClient} from '../../src/client/micro-client.js'

test('sp assert against a real sp micro: pass (0), fail (1) with closest events, JUnit, GitHub, JSON, usage errors (2)', async (t) => {
  const dir = await tempDir(t, 'sp-assert-')
  const micro = await startMicroProcess(t, ['--port', '0', '--db', ':memory:', '--schemas', fixtureSchemasDir, '--offline'])
  const client = new MicroClient(micro.url)

  // waits for events sent after it started
  const waiting = runSp(['assert', '--url', micro.url, '--expect', 'page_view>=2', '--timeout', '20s'])
  const tr = tracker(micro.port)
  tr.track(buildPageView({pageUrl: 'https://shop.example/1'}))
  tr.track(buildPageView({pageUrl: 'https://shop.example/2'}))
  const passed = await waiting
  assert.equal(passed.code, 0, passed.stdout + passed.stderr)
  assert.match(passed.stdout, /✓ page_view>=2 \(found 2\)/)
  assert.match(passed.stdout, /PASS 1 expectation: 1 passed, 0 failed\./)

  await client.reset()
  trackMix(tr)
  assert.equal((await client.wait({}, {count: 4, timeout: 10_000})).status, 'satisfied')

  const junit = path.join(dir, 'reports', 'sp-assert.xml')
  const failed = await runSp([
    'assert', '--url', micro.url, '--no-bad', '--timeout', '200ms',
    '--expect', 'se:se_category=shop,se_action=add-to-basket=1',
    '--expect', 'iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-*-*=2',
    '--reporter', 'junit', '--output', junit,
  ])
  assert.equal(failed.code, 1, failed.stderr)
  assert.match(failed.stdout, /✓ se:se_category=shop,se_action=add-to-basket=1 \(found 1\)/)
  assert.match(failed.stdout, /✗ iglu:com\.snowplowanalytics\.snowplow\/link_click\/jsonschema\/1-\*-\*=2/)
  assert.match(failed.stdout, /◐ incomplete/)
  assert.match(failed.stdout, /targetUrl/)
  assert.match(failed.stdout, /✗ no bad events \(--no-bad\)/)
  const xml = await readFile(junit, 'utf8')
  assert.match(xml, /<testsuites name="sp assert" tests="3" failures="2" errors="0"/)
  assert.match(xml, /<testcase classname="sp\.assert" name="se:se_category=shop,se_action=add-to-basket=1" time="0">\n {6}<system-out>/)
  assert.match(xml, /<testcase classname="sp\.assert" name="no bad events \(--no-bad\)" time="0">\n {6}<failure type="AssertionError" message="expected exactly 0 failed event\(s\); found 1">/)

  const spec = path.join(dir, 'asserts.json')
  await writeFile(spec, JSON.stringify({timeout: '100ms', expect: [{name: 'two clicks', schema: 'com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1', count: 2}]}))
  const gh = await runSp(['assert', '--url', micro.url, '--spec', spec, '--reporter', 'github'])
  assert.equal(gh.code, 1)
  assert.match(gh.stdout, new RegExp(`^::error file=${spec.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')},title=sp assert%3A two clicks::expected exactly 2 good`, 'm'))

  const json = await runSp(['assert', '--url', micro.url, '--expect', 'struct=1', '--json'])
  assert.equal(json.code, 0)
  const report = JSON.parse(json.stdout)
  assert.equal(report.passed, true)
  assert.deepEqual(report.results.map((r: {name: string; actual: number}) => [r.name, r.actual]), [['struct=1', 1]])

  const usage = await runSp(['assert', '--url', micro.url, '--expect', 'page view'])
  assert.equal(usage.code, 2)
  assert.match(usage.stderr, /Invalid expectation "page view"/)
  const nothing = await runSp(['assert', '--url', micro.url])
  assert.equal(nothing.code, 2)
  const unreachable = await runSp(['assert', '--url', 'http://127.0.0.1:1', '--no-bad'])
  assert.equal(unreachable.code, 2)
  assert.match(unreachable.stderr, /Cannot reach sp micro/)
})
