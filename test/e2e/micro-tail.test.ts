import {test} from 'node:test'
import assert from 'node:assert/strict'
import {once} from 'node:events'
import {runSp, startMicroProcess} from './micro-process.js'
import {noPty, spawnSpOnPty, visibleText as visible} from '../helpers/pty.js'

test('the startup banner names sp tail and the browser UI', async (t) => {
  const micro = await startMicroProcess(t, ['--port', '0', '--db', ':memory:'])
  const deadline = Date.now() + 10_000
  while (!micro.stderr().includes('Watch events:') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
  assert.match(micro.stderr(), new RegExp(`Watch events: sp tail --url ${micro.url} \\(or sp micro --tail\\), or in a browser at ${micro.url}/micro/ui`))
})

test('sp micro --tail --no-storage is a usage error: the view reads the /micro API that --no-storage turns off', async () => {
  const run = await runSp(['micro', '--tail', '--no-storage', '--port', '0', '--db', ':memory:', '--offline'])
  assert.equal(run.code, 2, run.stderr)
  assert.match(run.stderr, /--tail shows events through the \/micro API, which --no-storage turns off/)
})

test('sp micro --tail: the server and the live view in one terminal; q stops both', {skip: noPty}, async (t) => {
  const child = spawnSpOnPty(['micro', '--tail', '--port', '0', '--db', ':memory:', '--offline'])
  let output = ''
  child.stdout.on('data', (c: Buffer) => (output += c.toString()))
  const exited = once(child, 'exit')
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL')
  })
  const until = async (ok: (s: string) => boolean, what: string) => {
    const deadline = Date.now() + 20_000
    while (!ok(visible(output))) {
      if (Date.now() > deadline) assert.fail(`never: ${what}\n${visible(output).slice(-2000)}`)
      await new Promise((r) => setTimeout(r, 20))
    }
  }
  await until((s) => /REST interface bound to http:\/\/127\.0\.0\.1:\d+/.test(s), 'the ready line')
  const url = /REST interface bound to (http:\/\/127\.0\.0\.1:\d+)/.exec(visible(output))![1]!
  await until((s) => s.includes('● live'), 'the live view')
  await (await fetch(`${url}/i?e=pv&p=web&tv=js-1&aid=shop&url=${encodeURIComponent('https://shop.example/cart')}`)).arrayBuffer()
  await until((s) => /✓ good +page_view +page_view\/1-0-0 +\/cart/.test(s), 'the page view in the view')
  child.stdin.write('q')
  const [code] = await exited
  assert.equal(code, 0, visible(output).slice(-2000))
  assert.match(visible(output), /sp micro stopped/)
})
