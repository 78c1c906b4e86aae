import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {MicroClient} from '../../src/client/micro-client.js'
import {formatEventsTable} from '../../src/tui/line-format.js'
import {json, loopbackServer} from '../helpers/loopback-server.js'

describe('sp events against a hostile or broken server', () => {
  it('an array of the wrong things is a clear error, not a TypeError', async (t) => {
    const server = await loopbackServer(t, (_req, res) => json(res, 200, [1, 'two', {rawEvent: 3}]))
    await assert.rejects(new MicroClient(server.url).captured({status: 'good'}), (error: Error & {code?: string}) => {
      assert.ok(!(error instanceof TypeError))
      assert.match(error.message, /answered something that is not Micro GoodEvents/)
      return true
    })
  })

  it('an answer larger than the cap is refused before it is read', async (t) => {
    const server = await loopbackServer(t, (_req, res) => res.writeHead(200, {'content-type': 'application/json', 'content-length': String(300 * 1024 * 1024)}).end())
    await assert.rejects(new MicroClient(server.url).captured({status: 'good'}), /an answer under 256 MiB/)
  })

  it('terminal escape sequences from the server never reach the table', async (t) => {
    const good = {
      eventType: 'page_view',
      schema: null,
      contexts: [],
      incomplete: false,
      rawEvent: null,
      event: {event_id: 'e1\u001b]0;owned\u0007', app_id: '\u001b[2J\u001b[Hshop', collector_tstamp: '2026-01-01T00:00:00.000Z', event_name: 'page_view\r\nfake line'},
    }
    const server = await loopbackServer(t, (_req, res) => json(res, 200, [good]))
    const events = await new MicroClient(server.url).captured({status: 'good'})
    const table = formatEventsTable(events, {color: false})
    assert.doesNotMatch(table, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/)
    assert.match(table, /\\u001b\[2J\\u001b\[Hshop/)
  })
})
