import {test, describe, before, after, beforeEach} from 'node:test'
import assert from 'node:assert/strict'
import {request as httpRequest, type IncomingMessage} from 'node:http'
import {startApi, type ApiHarness} from './api-harness.js'
import {badEvent, goodEvent, LINK_CLICK, WEB_PAGE} from './event-fixtures.js'

interface SseMessage {
  id: string
  event: string
  data: Record<string, unknown>
}

/** A raw SSE reader: collects messages and resolves when `n` have arrived. */
function openStream(url: string, headers: Record<string, string> = {}) {
  const messages: SseMessage[] = []
  const comments: string[] = []
  let waiters: {n: number; resolve: () => void}[] = []
  let response: IncomingMessage | undefined
  let buffer = ''
  const req = httpRequest(url, {headers}, (res) => {
    response = res
    res.setEncoding('utf8')
    res.on('data', (chunk: string) => {
      buffer += chunk
      let end
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const fields: Record<string, string> = {}
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) comments.push(line)
          const i = line.indexOf(': ')
          if (i > 0 && !line.startsWith(':')) fields[line.slice(0, i)] = line.slice(i + 2)
        }
        if (fields.data !== undefined) messages.push({id: fields.id!, event: fields.event!, data: JSON.parse(fields.data) as Record<string, unknown>})
      }
      waiters = waiters.filter((w) => (messages.length >= w.n ? (w.resolve(), false) : true))
    })
  })
  req.end()
  const ready = new Promise<IncomingMessage>((resolve, reject) => {
    req.on('response', resolve)
    req.on('error', reject)
  })
  return {
    messages,
    comments,
    ready,
    get response() {
      return response
    },
    until(n: number, what = `${n} messages`): Promise<void> {
      if (messages.length >= n) return Promise.resolve()
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; got ${messages.length}`)), 5000)
        waiters.push({n, resolve: () => (clearTimeout(timer), resolve())})
      })
    },
    close: () => req.destroy(),
  }
}

/** Polls `condition` (each few ms) until it holds; fails with `what` after 5 s. */
async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for: ${what}`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

describe('beyond Micro: wait, stream, lookup', () => {
  let api: ApiHarness
  before(async () => {
    api = await startApi({pingIntervalMs: 50})
  })
  after(() => api.close())
  beforeEach(() => api.store.reset())

  test('POST /micro/wait answers at once when already satisfied', async () => {
    await api.add(goodEvent({eventType: 'page_view'}), badEvent())
    const res = await api.post('/micro/wait', {filter: {event_type: 'pv'}, count: 1, timeout: 5000})
    assert.equal(res.status, 200)
    const body = (await res.json()) as Record<string, unknown>
    assert.deepEqual(Object.keys(body), ['status', 'matched', 'expected', 'waitedMs', 'counts'])
    assert.equal(body.status, 'satisfied')
    assert.equal(body.matched, 1)
    assert.equal(body.expected, 1)
    assert.deepEqual(body.counts, {total: 2, good: 1, bad: 1, incomplete: 0})
  })

  test('POST /micro/wait waits for commits, ignoring events that do not match', async () => {
    const waiting = api.post('/micro/wait', {filter: {event_type: 'ue', schema: 'com.snowplowanalytics.snowplow/link_click/jsonschema/1-*-*'}, count: 2, timeout: 10_000})
    let settled = false
    void waiting.then(() => (settled = true))
    await until(() => api.subscriptions() === 1, 'the wait is registered')
    await api.add(goodEvent({eventType: 'page_view'}), goodEvent({eventType: 'unstruct', unstruct: {schema: LINK_CLICK, data: {targetUrl: 'x'}}}))
    // one matching event is not enough: once the store has delivered it (the turn after the
    // commit), a satisfied wait would have unsubscribed
    await new Promise((r) => setImmediate(r))
    assert.equal(api.subscriptions(), 1, 'the wait is still open')
    assert.equal(settled, false)
    await api.add(goodEvent({eventType: 'unstruct', unstruct: {schema: LINK_CLICK, data: {targetUrl: 'y'}}}))
    const res = await waiting
    assert.equal(res.status, 200)
    const body = (await res.json()) as {status: string; matched: number; counts: {total: number}}
    assert.equal(body.status, 'satisfied')
    assert.equal(body.matched, 2)
    assert.equal(body.counts.total, 3)
  })

  test('POST /micro/wait counts again after /micro/reset', async () => {
    await api.add(goodEvent({appId: 'r'}))
    const waiting = api.post('/micro/wait', {filter: {app_id: 'r'}, count: 2, timeout: 10_000})
    let settled = false
    void waiting.then(() => (settled = true))
    await until(() => api.subscriptions() === 1, 'the wait is registered')
    assert.equal(await (await api.get('/micro/reset')).text(), 'Reset completed')
    await api.add(goodEvent({appId: 'r'}))
    await new Promise((r) => setImmediate(r))
    assert.equal(api.subscriptions(), 1, 'the event deleted by the reset no longer counts')
    assert.equal(settled, false)
    await api.add(goodEvent({appId: 'r'}))
    const body = (await (await waiting).json()) as {status: string; matched: number}
    assert.deepEqual([body.status, body.matched], ['satisfied', 2])
  })

  test('POST /micro/wait times out with 408 and the counts it saw', async () => {
    await api.add(goodEvent({status: 'incomplete'}))
    const res = await api.post('/micro/wait', {filter: {status: 'good'}, count: 1, timeout: 30})
    assert.equal(res.status, 408)
    const body = (await res.json()) as Record<string, unknown>
    assert.equal(body.status, 'timeout')
    assert.equal(body.matched, 0)
    assert.ok((body.waitedMs as number) >= 25)
    assert.deepEqual(body.counts, {total: 1, good: 0, bad: 1, incomplete: 1})
  })

  test('POST /micro/wait rejects bad input with a JSON message', async () => {
    const res = await api.post('/micro/wait', {count: -1})
    assert.equal(res.status, 400)
    assert.deepEqual(await res.json(), {message: 'count must be a non-negative integer, got -1'})
    const tooLong = await api.post('/micro/wait', {timeout: 300_001})
    assert.equal(tooLong.status, 400)
    // a typo must not turn into "no filter" and satisfy the wait for the wrong reason
    const typo = await api.post('/micro/wait', {filter: {eventType: 'pv'}})
    assert.equal(typo.status, 400)
    assert.deepEqual(await typo.json(), {
      message: 'unknown filter field "eventType" (known: status, event_type, schema, contexts, app_id, event_id, q, since, limit)',
    })
    const streamTypo = await api.get('/micro/stream?app=shop')
    assert.equal(streamTypo.status, 400)
    assert.match(((await streamTypo.json()) as {message: string}).message, /unknown query parameter "app"/)
    const badStatus = await api.post('/micro/wait', {filter: {status: 'great'}})
    assert.deepEqual(await badStatus.json(), {message: 'status must be good, bad, incomplete, failed or a comma-separated list of them, got "great"'})
  })

  test('GET /micro/event/{event_id}: good, incomplete (both halves), bad, not found', async () => {
    const good = goodEvent()
    const incomplete = goodEvent({status: 'incomplete'})
    await api.add(good, incomplete)
    const found = (await (await api.get(`/micro/event/${good.eventId}`)).json()) as {status: string; good: {event: {event_id: string}; incomplete: boolean}; bad: null}
    assert.equal(found.status, 'good')
    assert.equal(found.good.event.event_id, good.eventId)
    assert.equal(found.bad, null)
    const both = (await (await api.get(`/micro/event/${incomplete.eventId!.toUpperCase()}`)).json()) as {status: string; good: {incomplete: boolean}; bad: {errors: string[]}}
    assert.equal(both.status, 'incomplete')
    assert.equal(both.good.incomplete, true)
    assert.equal(both.bad.errors[0], 'Error while validating the event.')
    const missing = await api.get('/micro/event/00000000-0000-4000-8000-000000000000')
    assert.equal(missing.status, 404)
    assert.deepEqual(await missing.json(), {message: 'No event with event_id 00000000-0000-4000-8000-000000000000'})
  })

  test('GET /micro/stream replays ?last=N, then streams new events live with the contract fields', async (t) => {
    await api.add(goodEvent({appId: 'old1'}), goodEvent({appId: 'old2'}), goodEvent({appId: 'old3'}))
    const stream = openStream(api.url + '/micro/stream?last=2', {origin: 'http://localhost:3000'})
    t.after(() => stream.close())
    const res = await stream.ready
    assert.equal(res.headers['content-type'], 'text/event-stream; charset=utf-8')
    assert.equal(res.headers['access-control-allow-origin'], 'http://localhost:3000')
    await stream.until(2)
    assert.deepEqual(stream.messages.map((m) => m.data.appId), ['old2', 'old3'])
    const webPage = {schema: WEB_PAGE, data: {id: 'p'}}
    const [committed] = await api.add(goodEvent({appId: 'new', eventType: 'page_ping', contexts: [webPage], collectorTstamp: Date.UTC(2026, 0, 2, 3, 4, 5, 6)}))
    await api.add(badEvent())
    await stream.until(4)
    const live = stream.messages[2]!
    assert.equal(live.id, String(committed!.id))
    assert.equal(live.event, 'event')
    assert.deepEqual(live.data, {
      id: committed!.id,
      status: 'good',
      eventId: committed!.eventId,
      eventType: 'page_ping',
      schema: 'iglu:com.snowplowanalytics.snowplow/page_ping/jsonschema/1-0-0',
      contexts: [WEB_PAGE],
      appId: 'new',
      collectorTstamp: '2026-01-02T03:04:05.006Z',
      errors: [],
      what: '/products/42?ref=home',
    })
    assert.equal(stream.messages[3]!.data.status, 'bad')
    assert.equal((stream.messages[3]!.data.errors as string[])[0], 'Error while extracting event(s) from collector payload and validating it/them.')
  })

  test('HEAD /micro/stream answers the headers and ends', async () => {
    const res = await fetch(api.url + '/micro/stream', {method: 'HEAD'})
    assert.equal(res.status, 200)
    assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/)
    assert.equal(api.subscriptions(), 0)
  })

  test('GET /micro/stream filters, resumes from Last-Event-ID, and pings', async (t) => {
    const committed = await api.add(goodEvent({appId: 'a'}), badEvent(), goodEvent({appId: 'b'}), goodEvent({appId: 'c', eventType: 'page_ping'}))
    const filtered = openStream(api.url + '/micro/stream?status=good&event_type=pv&after=0')
    t.after(() => filtered.close())
    await filtered.until(2)
    assert.deepEqual(filtered.messages.map((m) => m.data.appId), ['a', 'b'])
    const resumed = openStream(api.url + '/micro/stream', {'last-event-id': String(committed[1]!.id)})
    t.after(() => resumed.close())
    await resumed.until(2)
    assert.deepEqual(resumed.messages.map((m) => m.data.appId), ['b', 'c'])
    await api.add(goodEvent({appId: 'd', eventType: 'page_ping'}), goodEvent({appId: 'e'}))
    await filtered.until(3)
    await resumed.until(4)
    assert.deepEqual(filtered.messages.map((m) => m.data.appId), ['a', 'b', 'e'])
    assert.deepEqual(resumed.messages.map((m) => m.data.appId), ['b', 'c', 'd', 'e'])
    await api.add(goodEvent({appId: 'late1', collectorTstamp: Date.UTC(2026, 0, 2)}))
    const since = openStream(api.url + `/micro/stream?since=${new Date(Date.UTC(2026, 0, 1)).toISOString()}`)
    t.after(() => since.close())
    await since.until(1)
    await api.add(goodEvent({appId: 'late2', collectorTstamp: Date.UTC(2026, 0, 3)}))
    await since.until(2)
    assert.deepEqual(since.messages.map((m) => m.data.appId), ['late1', 'late2'])
    await until(() => filtered.comments.includes(': ping'), 'a ping comment')
  })

  test('a stream that does not read never slows ingestion and still gets every event, in order', async (t) => {
    const {request} = await import('node:http')
    let res: IncomingMessage | undefined
    const req = request(api.url + '/micro/stream', (r) => {
      res = r
      r.pause() // a consumer that stops reading
    })
    req.end()
    t.after(() => req.destroy())
    await until(() => res !== undefined, 'the stream answers')
    // ~16 MB of stream messages (the errors travel in them): far beyond any socket buffer
    const big = 'x'.repeat(8000)
    const events = Array.from({length: 2000}, (_, i) => badEvent({errors: [`s${i}`, big]}))
    const started = performance.now()
    for (let i = 0; i < events.length; i += 50) await Promise.all(events.slice(i, i + 50).map((e) => api.add(e)))
    const ingestMs = performance.now() - started
    assert.equal(((await (await api.get('/micro/all')).json()) as {bad: number}).bad, 2000)
    // now read everything: nothing lost, nothing duplicated, order kept
    const seen: string[] = []
    let buffer = ''
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${seen.length} events after ingest of ${ingestMs} ms`)), 10_000)
      res!.setEncoding('utf8')
      res!.on('data', (chunk: string) => {
        buffer += chunk
        let end
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const data = block.split('\n').find((l) => l.startsWith('data: '))
          if (data) seen.push((JSON.parse(data.slice(6)) as {errors: string[]}).errors[0]!)
        }
        if (seen.length >= 2000) {
          clearTimeout(timer)
          resolve()
        }
      })
      res!.resume()
    })
    assert.deepEqual(seen, events.map((e) => e.errors[0]))
  })

  test('closing the server ends open streams and answers open waits', async () => {
    const other = await startApi()
    const stream = openStream(other.url + '/micro/stream')
    await stream.ready
    const ended = new Promise<void>((resolve) => stream.response!.on('end', resolve).on('close', resolve))
    const waiting = other.post('/micro/wait', {count: 1, timeout: 300_000})
    // the wait is registered once the store has a listener for it
    await until(() => other.subscriptions() === 2, 'the stream and the wait are registered')
    await other.close()
    await ended
    const res = await waiting
    assert.equal(res.status, 408)
    assert.equal(((await res.json()) as {status: string}).status, 'timeout')
  })
})
