import {after, before, describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {request, type ClientRequest} from 'node:http'
import {startApi, type ApiHarness} from './api-harness.js'
import {goodEvent} from './event-fixtures.js'
import {API_LIMITS} from '../../src/api/limits.js'
import {WorkSlicer} from '../../src/api/work-slicer.js'
import {SharedCounts} from '../../src/api/wait.js'
import {countMatchingSteps, timelineSteps} from '../../src/store/queries/index.js'
import {RowWriter, toPayloadRow} from '../../src/store/row-writer.js'
import {payloadRecord} from './event-fixtures.js'

describe('every /micro request has bounded work', () => {
  let api: ApiHarness
  before(async () => {
    api = await startApi()
    await api.add(goodEvent({appId: 'shop'}), goodEvent({appId: 'blog'}))
  })
  after(() => api.close())

  it('/micro/timeline: up to 1,000 buckets; beyond, a 422 naming the limit (no query runs)', async () => {
    const bucket = {start: 0, end: 4_102_444_800_000}
    const ok = await api.post('/micro/timeline', {buckets: Array.from({length: API_LIMITS.timelineBuckets}, () => bucket)})
    assert.equal(ok.status, 200)
    assert.equal(((await ok.json()) as {points: unknown[]}).points.length, API_LIMITS.timelineBuckets)
    const tooMany = await api.post('/micro/timeline', {buckets: Array.from({length: API_LIMITS.timelineBuckets + 1}, () => bucket)})
    assert.equal(tooMany.status, 422)
    assert.equal(await tooMany.text(), 'The request body was invalid: buckets must be at most 1000 entries, got "1001 entries"')
  })

  it('/micro/timeline counts from the (collector_tstamp, status) index', () => {
    const plan = api.store.db
      .prepare("EXPLAIN QUERY PLAN SELECT count(*) FROM events e INDEXED BY events_tstamp_status WHERE e.collector_tstamp >= 0 AND e.collector_tstamp < 1 AND +e.status IN ('good', 'incomplete')")
      .all() as {detail: string}[]
    assert.match(plan.map((p) => p.detail).join('\n'), /COVERING INDEX events_tstamp_status/)
  })

  it('/micro/columnStats reads a column named 1,000 times once; more than 500 distinct columns is a 422', async () => {
    const answer = await api.post('/micro/columnStats', {columns: Array.from({length: 1000}, () => 'app_id')})
    assert.equal(answer.status, 200)
    assert.deepEqual(await answer.json(), {app_id: {sortable: true, filterable: true, values: ['blog', 'shop']}})
    const tooMany = await api.post('/micro/columnStats', {columns: Array.from({length: API_LIMITS.statsColumns + 1}, (_, i) => `x${i}`)})
    assert.equal(tooMany.status, 422)
    assert.match(await tooMany.text(), /columns \(distinct\) must be at most 500 entries/)
  })

  it('oversized filters and deeply nested bodies are 4xx with our message, never SQLite\'s', async () => {
    const cases: [string, unknown, number, RegExp][] = [
      ['/micro/good', {contexts: Array.from({length: 101}, (_, i) => `com.acme/c${i}/jsonschema/1-0-0`)}, 422, /contexts must be at most 100 entries/],
      ['/micro/good', {event_type: Array.from({length: 40_000}, () => 'pv')}, 422, /event_type must be at most 100 entries/],
      ['/micro/bad', {schema: 'x'.repeat(60_000)}, 422, /schema must be at most 4096 characters/],
      ['/micro/wait', {filter: {q: 'x'.repeat(60_000)}, timeout: 1}, 400, /q must be at most 4096 characters/],
      ['/micro/events', {page: 1, pageSize: 10, filters: [{column: 'app_id', values: Array.from({length: 40_000}, (_, i) => `a${i}`)}]}, 422, /at most 1000 entries/],
      ['/micro/events', {page: 1, pageSize: 10, filters: Array.from({length: 201}, () => ({column: 'app_id', values: ['a']}))}, 422, /filters must be at most 200 entries/],
    ]
    for (const [path, body, status, message] of cases) {
      const answer = await api.post(path, body)
      const text = await answer.text()
      assert.equal(answer.status, status, `${path}: ${text.slice(0, 200)}`)
      assert.match(text, message)
      assert.doesNotMatch(text, /SQLITE|SQL variables|too large|Expression tree/i)
    }
    const deep = '['.repeat(10_000) + ']'.repeat(10_000)
    for (const path of ['/micro/good', '/micro/events', '/micro/wait', '/micro/timeline', '/micro/columnStats']) {
      const answer = await api.post(path, `{"filter":${deep}}`)
      assert.ok(answer.status === 400 || answer.status === 422, `${path}: ${answer.status}`)
      assert.match(await answer.text(), /must not nest deeper than 32 levels/)
    }
  })

  it('at most 100 open /micro/wait; the next one is a 429', async () => {
    const body = JSON.stringify({filter: {app_id: 'nobody'}, timeout: 30_000})
    const open: ClientRequest[] = []
    for (let i = 0; i < API_LIMITS.concurrentWaits; i++) {
      const req = request(`${api.url}/micro/wait`, {method: 'POST', headers: {'content-type': 'application/json'}})
      req.on('error', () => undefined)
      open.push(req)
      req.end(body)
    }
    try {
      // each open wait holds one store subscription
      const deadline = Date.now() + 10_000
      while (api.subscriptions() < API_LIMITS.concurrentWaits && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5))
      const answer = await api.post('/micro/wait', {filter: {app_id: 'nobody'}, timeout: 1})
      assert.equal(answer.status, 429)
      assert.match(((await answer.json()) as {message: string}).message, /Too many waits open at once \(at most 100\)/)
      assert.equal(answer.headers.get('retry-after'), '1')
    } finally {
      for (const req of open) req.destroy()
    }
    // a closed wait gives its place back
    const deadline = Date.now() + 10_000
    while (api.subscriptions() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5))
    assert.equal((await api.post('/micro/wait', {filter: {app_id: 'shop'}, timeout: 1})).status, 200)
  })

  it('at most 100 open /micro/stream; the next one is a 429', async () => {
    const open: ClientRequest[] = []
    await Promise.all(Array.from({length: API_LIMITS.streams}, () => new Promise<void>((resolve) => {
      const req = request(`${api.url}/micro/stream`, (res) => {
        res.pause()
        resolve()
      })
      open.push(req)
      req.end()
    })))
    try {
      const answer = await api.get('/micro/stream')
      assert.equal(answer.status, 429)
      assert.match(((await answer.json()) as {message: string}).message, /Too many live streams open at once/)
    } finally {
      for (const req of open) req.destroy()
    }
  })
})

describe('long reads run in steps between other work', () => {
  it('a slicer interleaves tasks and lets I/O callbacks run between turns', async () => {
    const slicer = new WorkSlicer(2)
    const order: string[] = []
    function* busy(name: string, steps: number) {
      for (let i = 0; i < steps; i++) {
        const until = performance.now() + 1
        while (performance.now() < until);
        order.push(name)
        yield
      }
      return name
    }
    const timerFired = new Promise<number>((resolve) => setTimeout(() => resolve(order.length), 0))
    const results = await Promise.all([slicer.run(busy('a', 20)), slicer.run(busy('b', 20)), timerFired])
    assert.deepEqual(results.slice(0, 2), ['a', 'b'])
    // round robin: b ran before a finished; the timer ran before both finished
    assert.ok(order.indexOf('b') < order.lastIndexOf('a'))
    assert.ok((results[2] as number) < 40, String(results[2]))
  })

  it('an aborted task stops at its next step', async () => {
    const slicer = new WorkSlicer(1)
    let steps = 0
    function* endless() {
      for (;;) {
        steps++
        yield
      }
    }
    const controller = new AbortController()
    const running = slicer.run(endless(), controller.signal)
    setTimeout(() => controller.abort(new Error('gone')), 5)
    await assert.rejects(running, /gone/)
    const seen = steps
    await new Promise((resolve) => setTimeout(resolve, 10))
    assert.equal(steps, seen)
  })

  it('waits with the same filter share one count; a later one adds only the rows stored since', async () => {
    const api = await startApi()
    try {
      new RowWriter(api.store.db).write(Array.from({length: 2000}, (_, i) => toPayloadRow(payloadRecord(i), [goodEvent({appId: i % 2 === 0 ? 'needle-app' : 'hay'})])))
      const runs: number[] = []
      class CountingSlicer extends WorkSlicer {
        override run<T>(steps: Parameters<WorkSlicer['run']>[0], signal?: AbortSignal): Promise<T> {
          runs.push(1)
          return super.run(steps, signal) as Promise<T>
        }
      }
      const counts = new SharedCounts(api.store, new CountingSlicer())
      const filter = {text: 'needle-app'}
      const signal = new AbortController().signal
      const results = await Promise.all(Array.from({length: 50}, () => counts.count(filter, 2000, signal)))
      assert.ok(results.every((n) => n === 1000))
      assert.equal(runs.length, 1)
      // one joining with a higher id while the shared count runs scans only the rest
      const first = counts.count(filter, 2000, signal)
      const later = counts.count(filter, 2001, signal)
      assert.deepEqual(await Promise.all([first, later]), [1000, 1000])
      assert.equal(runs.length, 3)
    } finally {
      await api.close()
    }
  })

  it('a free-text count reads one id range per step, and totals the one-shot count', async () => {
    const api = await startApi()
    try {
      const writer = new RowWriter(api.store.db)
      writer.write(Array.from({length: 3000}, (_, i) => toPayloadRow(payloadRecord(i), [goodEvent({appId: i % 3 === 0 ? 'needle-app' : 'hay', collectorTstamp: i})])))
      const steps = countMatchingSteps(api.store.db, {text: 'needle-app'}, Number.MAX_SAFE_INTEGER, 512)
      let n = 0
      let result
      while (!(result = steps.next()).done) n++
      assert.equal(result.value, 1000)
      assert.equal(n, Math.ceil(3000 / 512))
      // one step per bucket
      const buckets = timelineSteps(api.store.db, [{start: 0, end: 1000}, {start: 1000, end: 3000}])
      assert.equal(buckets.next().done, false)
      assert.equal(buckets.next().done, false)
      assert.deepEqual(buckets.next().value, [{validEvents: 1000, failedEvents: 0}, {validEvents: 2000, failedEvents: 0}])
    } finally {
      await api.close()
    }
  })
})
