import {test} from 'node:test'
import assert from 'node:assert/strict'
import {buildPageView} from '@snowplow/node-tracker'
import {spawnSp} from './micro-process.js'
import {startAcmeMicro} from '../helpers/acme-micro.js'
import {tracker} from '../client/tracking.js'
import {MicroClient} from '../../src/client/micro-client.js'
import {createMicro, MicroExpectationError} from '../../src/testing/index.js'

test('Ctrl-C during sp assert prints the report so far and exits 130', async (t) => {
  const {micro} = await startAcmeMicro(t)
  tracker(micro.port).track(buildPageView({pageUrl: 'https://shop.example/'}))
  await new MicroClient(micro.url).wait({}, {count: 1, timeout: 10_000})
  // count the waits the server holds open: the CLI is waiting once it has one
  let open = 0
  const subscribe = micro.store.subscribe.bind(micro.store)
  micro.store.subscribe = (listener) => {
    open++
    const unsubscribe = subscribe(listener)
    return () => {
      open--
      unsubscribe()
    }
  }
  const run = spawnSp(['assert', '--url', micro.url, '--expect', 'page_view>=1', '--expect', 'struct>=1', '--timeout', '2m'])
  t.after(() => {
    if (run.child.exitCode === null) run.child.kill('SIGKILL')
  })
  const deadline = Date.now() + 30_000
  while (open === 0) {
    if (Date.now() > deadline) assert.fail(`never waited: ${run.out.stderr}`)
    await new Promise((r) => setTimeout(r, 20))
  }
  run.child.kill('SIGINT')
  const {code} = await run.exited
  assert.equal(code, 130, run.out.stderr)
  assert.match(run.out.stdout, /^sp assert: http:\/\/127\.0\.0\.1:\d+ \(interrupted after .* of up to 2\.0 min|^sp assert: .*interrupted after/m)
  assert.match(run.out.stdout, /✓ page_view>=1 \(found 1\)/)
  assert.match(run.out.stdout, /✗ struct>=1/)
  assert.match(run.out.stdout, /INTERRUPTED 2 expectations: 1 passed, 1 failed\./)
})

test('sp/testing errors speak library: no "sp assert:" header, no "(--no-bad)"', async (t) => {
  const {micro} = await startAcmeMicro(t)
  await (await fetch(`${micro.url}/i?e=pv&p=web&tv=js-1&co=notjson`)).arrayBuffer()
  const m = createMicro({url: micro.url, timeout: 100})
  await m.client.wait({}, {count: 1, timeout: 10_000})
  await assert.rejects(m.expectNoBad(), (e: Error) => {
    assert.ok(e instanceof MicroExpectationError)
    assert.match(e.message, /^sp\/testing: /)
    assert.doesNotMatch(e.message, /sp assert|--no-bad/)
    assert.match(e.message, /no bad or incomplete events/)
    return true
  })
  await assert.rejects(m.waitFor({event_type: 'struct'}), (e: Error) => !/sp assert|--/.test(e.message))
})
