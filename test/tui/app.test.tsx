import {test, type TestContext} from 'node:test'
import assert from 'node:assert/strict'
import React from 'react'
import {render} from 'ink-testing-library'
import {TailApp, type EventSource} from '../../src/tui/app.js'
import type {ConnectionStatus} from '../../src/client/stream.js'
import type {EventLookup, PostgresLoaderStatus, StreamEvent} from '../../src/client/types.js'
import {streamEvent} from './fixtures.js'

// rows show local time: pin the zone so the expected clock is known
process.env.TZ = 'UTC'

const VIOLATION = JSON.stringify({
  schema: 'iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/2-0-1',
  data: {
    processor: {artifact: 'sp', version: '0.1.0'},
    failure: {
      timestamp: '2026-11-27T19:38:52.864Z',
      messages: [{
        schemaKey: 'iglu:com.acme/checkout/jsonschema/1-0-0',
        error: {error: 'ValidationError', dataReports: [{message: '$.total: string found, number expected', path: '$.total', keyword: 'type', targets: ['number']}]},
      }],
    },
    payload: {},
  },
})

interface Harness {
  push(events: StreamEvent[]): void
  status(s: ConnectionStatus): void
  source: EventSource
}

function harness(): Harness {
  let handlers: Parameters<EventSource>[0] | undefined
  const queued: StreamEvent[][] = []
  return {
    source: (h) => {
      handlers = h
      for (const q of queued.splice(0)) h.onEvents(q)
      return () => (handlers = undefined)
    },
    push: (events) => (handlers ? handlers.onEvents(events) : queued.push(events)),
    status: (s) => handlers?.onStatus(s),
  }
}

/** Re-checks the last frame on every turn of the event loop until it satisfies `ok` (2 s deadline). */
async function frame(lastFrame: () => string | undefined, ok: (f: string) => boolean): Promise<string> {
  const deadline = Date.now() + 2000
  for (;;) {
    const f = lastFrame() ?? ''
    if (ok(f)) return f
    if (Date.now() > deadline) assert.fail(`frame never matched:\n${f}`)
    await new Promise((r) => setImmediate(r))
  }
}

function app(t: TestContext, h: Harness, lookup: (id: string) => Promise<EventLookup | null> = async () => null, rows = 14) {
  const r = render(<TailApp url="http://127.0.0.1:9090" source={h.source} lookup={lookup} color={false} rows={rows} columns={180} />)
  t.after(() => r.unmount())
  return r
}

const good = () => streamEvent({appId: 'shop'})
const incomplete = () =>
  streamEvent({status: 'incomplete', eventType: 'unstruct', schema: 'iglu:com.acme/checkout/jsonschema/1-0-0', errors: ['Error while validating the event.', VIOLATION]})
const bad = () => streamEvent({status: 'bad', eventType: null, schema: null, eventId: null, appId: null, errors: ["Can't deserialize Thrift bytes."]})

test('list: header counts, a row per event with symbol, type, schema, app and a short error; connection state', async (t) => {
  const h = harness()
  const {lastFrame} = app(t, h)
  await frame(lastFrame, (f) => f.includes('Waiting for events'))
  h.status({state: 'connected', attempt: 0})
  h.push([good(), incomplete(), bad()])
  const f = await frame(lastFrame, (f) => f.includes('✗ bad'))
  assert.match(f, /● live/)
  assert.match(f, /✓ 1 good {2}✗ 1 bad {2}◐ 1 incomplete/)
  assert.match(f, /19:38:52\.754 +✓ good +page_view +page_view\/1-0-0 +shop/)
  assert.match(f, /◐ incomplete +unstruct +com\.acme\/checkout\/1-0-0 +shop +\$\.total: string found, number expected/, 'the schema is not repeated in the error')
  assert.match(f, /✗ bad .*Can't deserialize Thrift bytes\./)
  h.status({state: 'disconnected', attempt: 1, reason: 'ECONNREFUSED', retryInMs: 500})
  await frame(lastFrame, (f) => f.includes('✗ disconnected: ECONNREFUSED'))
})

test('keys: g/b/a views, / filter, p pause, c clear, ? help', async (t) => {
  const h = harness()
  const {lastFrame, stdin} = app(t, h)
  h.push([good(), incomplete(), bad()])
  await frame(lastFrame, (f) => f.includes('✗ bad'))
  stdin.write('b')
  let f = await frame(lastFrame, (f) => f.includes('view: bad'))
  assert.doesNotMatch(f, /✓ good +page_view/)
  stdin.write('g')
  f = await frame(lastFrame, (f) => f.includes('view: good'))
  assert.doesNotMatch(f, /◐ incomplete +unstruct/)
  stdin.write('a')
  await frame(lastFrame, (f) => f.includes('view: all'))
  stdin.write('/')
  await frame(lastFrame, (f) => f.includes('Enter apply'))
  stdin.write('checkout')
  await frame(lastFrame, (f) => f.includes('/checkout'))
  stdin.write('\r')
  f = await frame(lastFrame, (f) => f.includes('filter: "checkout"'))
  assert.doesNotMatch(f, /✓ good +page_view/)
  assert.match(f, /◐ incomplete +unstruct/)
  stdin.write('p')
  await frame(lastFrame, (f) => f.includes('paused (0 new)'))
  h.push([incomplete()])
  await frame(lastFrame, (f) => f.includes('paused (1 new)'))
  stdin.write('p')
  await frame(lastFrame, (f) => f.includes('◐ 2 incomplete') && !f.includes('paused'))
  stdin.write('c')
  await frame(lastFrame, (f) => f.includes('✓ 0 good'))
  stdin.write('?')
  f = await frame(lastFrame, (f) => f.includes('pause / resume'))
  assert.match(f, /g {2}b {2}a +show good/)
})

test('detail: arrows move, Enter opens the event JSON and every error readably, Enter goes back', async (t) => {
  const h = harness()
  const inc = incomplete()
  const lookups: string[] = []
  const lookup = async (id: string): Promise<EventLookup> => {
    lookups.push(id)
    return {
      status: 'incomplete',
      good: {
        rawEvent: null,
        eventType: 'unstruct',
        schema: null,
        contexts: [],
        incomplete: true,
        event: {
          app_id: 'shop', platform: 'web', collector_tstamp: inc.collectorTstamp, event: 'unstruct', event_id: inc.eventId!, page_url: null,
          event_vendor: null, event_name: null, event_format: null, event_version: null, contexts: {}, derived_contexts: {},
          unstruct_event: {schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0', data: {schema: 'iglu:com.acme/checkout/jsonschema/1-0-0', data: {total: 'ten'}}},
        },
      },
      bad: {collectorPayload: null, rawEvent: null, errors: inc.errors},
    }
  }
  const {lastFrame, stdin} = app(t, h, lookup, 40)
  h.push([inc, good()])
  await frame(lastFrame, (f) => f.includes('✓ good'))
  stdin.write('k')
  await frame(lastFrame, (f) => f.includes('scrolled'))
  stdin.write('\r')
  const f = await frame(lastFrame, (f) => f.includes('"total": "ten"'))
  assert.deepEqual(lookups, [inc.eventId])
  assert.match(f, /Errors/)
  assert.match(f, /• iglu:com\.acme\/checkout\/jsonschema\/1-0-0: \$\.total: string found, number expected/)
  assert.match(f, /"schema": "iglu:com\.acme\/checkout\/jsonschema\/1-0-0"/)
  assert.doesNotMatch(f, /"page_url"/, 'null fields hidden')
  stdin.write('\r')
  await frame(lastFrame, (f) => f.includes('✓ good') && !f.includes('Errors'))
})

test('resizes with the terminal: the width and the number of rows follow the resize event', async (t) => {
  const h = harness()
  const r = render(<TailApp url="http://127.0.0.1:9090" source={h.source} lookup={async () => null} color={false} />)
  t.after(() => r.unmount())
  h.push(Array.from({length: 30}, () => good()))
  await frame(r.lastFrame, (f) => f.includes('✓ 30'))
  const size = (columns: number, rows: number) => {
    Object.defineProperty(r.stdout, 'columns', {value: columns, configurable: true})
    Object.defineProperty(r.stdout, 'rows', {value: rows, configurable: true})
    r.stdout.emit('resize')
  }
  size(140, 12)
  let f = await frame(r.lastFrame, (f) => f.split('\n')[1] === '─'.repeat(140))
  assert.equal(f.split('\n').filter((l) => l.includes('✓ good')).length, 9, '12 rows: header, rule, 9 events, footer')
  size(90, 20)
  f = await frame(r.lastFrame, (f) => f.split('\n')[1] === '─'.repeat(90))
  assert.equal(f.split('\n').filter((l) => l.includes('✓ good')).length, 17)
})

/** The filter prompt's text (the line with the key hint), without the cursor and the hint. */
function prompt(f: string): string | undefined {
  return f.split('\n').find((l) => l.includes('Enter apply'))?.replace(/\s*Enter apply.*$/, '').trimEnd()
}

test('filter prompt: text and Enter in one read, several backspaces in one read, Ctrl-U, Ctrl-W', async (t) => {
  const h = harness()
  const {lastFrame, stdin} = app(t, h)
  h.push([good(), incomplete(), bad()])
  await frame(lastFrame, (f) => f.includes('✗ bad'))
  stdin.write('/')
  await frame(lastFrame, (f) => f.includes('Enter apply'))
  stdin.write('checkoutxx\r')
  let f = await frame(lastFrame, (f) => f.includes('filter: '))
  assert.match(f, /filter: "checkoutxx"/, 'the CR applies the filter instead of joining it')
  stdin.write('/')
  await frame(lastFrame, (f) => f.includes('Enter apply'))
  stdin.write('\u007F\u007F')
  await frame(lastFrame, (f) => prompt(f) === '/checkout')
  stdin.write('\r')
  f = await frame(lastFrame, (f) => f.includes('filter: "checkout"'))
  assert.match(f, /◐ incomplete +unstruct/)
  assert.doesNotMatch(f, /✓ good +page_view/)
  stdin.write('/')
  await frame(lastFrame, (f) => f.includes('Enter apply'))
  stdin.write(' shop')
  await frame(lastFrame, (f) => prompt(f) === '/checkout shop')
  stdin.write('\u0017')
  await frame(lastFrame, (f) => prompt(f) === '/checkout')
  stdin.write('\u0015')
  await frame(lastFrame, (f) => prompt(f) === '/')
  stdin.write('shop\r')
  f = await frame(lastFrame, (f) => f.includes('filter: "shop"'))
  assert.match(f, /✓ good +page_view/)
})

test('at 80 columns: local time with its UTC key, short Snowplow schemas, what happened and the error before app_id', async (t) => {
  const saved = process.env.TZ
  process.env.TZ = 'Europe/Paris'
  t.after(() => {
    process.env.TZ = saved
  })
  const h = harness()
  const r = render(<TailApp url="http://127.0.0.1:9090" source={h.source} lookup={async () => null} color={false} rows={10} columns={80} />)
  t.after(() => r.unmount())
  h.status({state: 'connected', attempt: 0})
  h.push([{...good(), schema: 'iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1', eventType: 'unstruct', what: '→ https://shop.example/cart'}, incomplete()])
  const f = await frame(r.lastFrame, (f) => f.includes('◐ incomplete'))
  const lines = f.split('\n')
  assert.ok(lines.every((l) => l.length <= 80), f)
  assert.match(lines[0]!, /view: all {2}times UTC\+01:00/)
  // 19:38:52 UTC is 20:38:52 in Paris in November
  assert.match(f, /20:38:52 ✓ good +unstruct +link_click\/1-0-1 +→ https:\/\/shop\.exampl/)
  assert.match(f, /20:38:52 ◐ incomplete unstruct +com\.acme\/checkout\/1-0-0 +\$\.total: string found/)
  assert.doesNotMatch(f, / shop /, 'app_id gives way at 80 columns')
})

test('with sp micro --postgres, a header line shows the loader: state, lag, loaded rows, the error while retrying', async (t) => {
  const h = harness()
  let status: PostgresLoaderStatus = {target: 'postgres://postgres@db:5432/snowplow (schema atomic)', state: 'idle', cursor: 12, lag: 0, loaded: 12, rejected: 0, lastError: null}
  const r = render(<TailApp url="http://127.0.0.1:9090" source={h.source} lookup={async () => null} loader={async () => status} color={false} rows={14} columns={180} />)
  t.after(() => r.unmount())
  const f = await frame(r.lastFrame, (f) => f.includes('postgres '))
  assert.match(f, /^postgres postgres:\/\/postgres@db:5432\/snowplow \(schema atomic\) ● idle, lag 0 {2}12 loaded \(row 12\)$/m)
  status = {...status, state: 'retrying', lag: 30, rejected: 1, lastError: 'connect ECONNREFUSED 127.0.0.1:5432'}
  r.rerender(<TailApp url="http://127.0.0.1:9090" source={h.source} lookup={async () => null} loader={async () => status} color={false} rows={14} columns={180} />)
  const retrying = await frame(r.lastFrame, (f) => f.includes('retrying'))
  assert.match(retrying, /✗ retrying, lag 30 {2}12 loaded \(row 12\) {2}1 refused: connect ECONNREFUSED 127\.0\.0\.1:5432/)
})

test('without a loader (no --postgres) there is no postgres line', async (t) => {
  const h = harness()
  const r = render(<TailApp url="http://127.0.0.1:9090" source={h.source} lookup={async () => null} loader={async () => null} color={false} rows={14} columns={180} />)
  t.after(() => r.unmount())
  const f = await frame(r.lastFrame, (f) => f.includes('Waiting for events'))
  assert.doesNotMatch(f, /^postgres /m)
})
