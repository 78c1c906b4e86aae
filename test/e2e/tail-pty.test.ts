import {test} from 'node:test'
import assert from 'node:assert/strict'
import {once} from 'node:events'
import {buildPageView, buildSelfDescribingEvent} from '@snowplow/node-tracker'
import {MicroClient} from '../../src/client/micro-client.js'
import {noPty, spawnSpOnPty, visibleText} from '../helpers/pty.js'
import {startAcmeMicro, CHECKOUT} from '../helpers/acme-micro.js'
import {tracker} from '../client/tracking.js'

test('sp tail on a real pseudo-terminal: the filter prompt takes pasted text+Enter, several backspaces, Ctrl-W and Ctrl-U in one read', {skip: noPty}, async (t) => {
  const {micro} = await startAcmeMicro(t)
  const tr = tracker(micro.port)
  tr.track(buildPageView({pageUrl: 'https://shop.example/'}))
  tr.track(buildSelfDescribingEvent({event: {schema: CHECKOUT, data: {step: 'two'}}}))
  await new MicroClient(micro.url).wait({}, {count: 2, timeout: 10_000})

  const child = spawnSpOnPty(['tail', '--url', micro.url])
  let output = ''
  child.stdout.on('data', (c: Buffer) => (output += c.toString()))
  child.stderr.on('data', (c: Buffer) => (output += c.toString()))
  const exited = once(child, 'exit')
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL')
  })

  let mark = 0
  /** Waits (polling, 15 s deadline) until what was drawn since the last step satisfies `ok`. */
  async function drawn(ok: (text: string) => boolean, what: string): Promise<string> {
    const deadline = Date.now() + 15_000
    for (;;) {
      const text = visibleText(output.slice(mark))
      if (ok(text)) {
        mark = output.length
        return text
      }
      if (Date.now() > deadline) assert.fail(`never drawn: ${what}\n${visibleText(output).slice(-3000)}`)
      await new Promise((r) => setTimeout(r, 20))
    }
  }
  const lastFilter = (text: string) => [...text.matchAll(/filter: "([^"]*)"/g)].at(-1)?.[1]
  const send = (chunk: string) => child.stdin.write(chunk)

  await drawn((s) => s.includes('◐ incomplete') && s.includes('✓ good'), 'the two events')
  send('/')
  await drawn((s) => s.includes('Enter apply'), 'the prompt')
  send('checkoutxx\r')
  let text = await drawn((s) => lastFilter(s) !== undefined, 'the applied filter')
  assert.equal(lastFilter(text), 'checkoutxx', 'the Enter in the same read applies the filter; no CR in it')

  send('/')
  await drawn((s) => s.includes('Enter apply'), 'the prompt again')
  send('\u007F\u007F')
  await drawn((s) => s.includes('/checkout ') || s.includes('/checkout\u00A0') || /\/checkout\s/.test(s), 'two characters deleted')
  send('\r')
  text = await drawn((s) => lastFilter(s) !== undefined, 'the shorter filter')
  assert.equal(lastFilter(text), 'checkout')
  assert.match(text, /◐ incomplete/)

  send('/')
  await drawn((s) => s.includes('Enter apply'), 'the prompt, third time')
  send(' two words\u0017\u0017')
  await drawn((s) => /\/checkout\s/.test(s), 'two words deleted')
  send('\u0015page\r')
  text = await drawn((s) => lastFilter(s) !== undefined, 'a filter typed after Ctrl-U')
  assert.equal(lastFilter(text), 'page')

  send('q')
  const [code] = await exited
  assert.equal(code, 0, visibleText(output).slice(-2000))
})
