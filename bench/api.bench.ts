// Micro API over 10,000 then 1,000,000 stored events (the 10,000-event store is the baseline of
// the same run): median latency of /micro/all, filtered /micro/good (schema, context, type +
// limit), /micro/events page 1 with a filter and an already-satisfied /micro/wait; and the
// server's resident memory after those queries. Targets: < 50 ms median each at 1,000,000 events,
// RSS within 50 MB of the 10,000-event figure. Rows go in with direct batched inserts.
import {spawn} from 'node:child_process'
import {once} from 'node:events'
import {randomUUID} from 'node:crypto'
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import type {Benchmark, BenchRow} from './harness.js'
import BetterSqlite3 from 'better-sqlite3'
import {openStore} from '../src/store/index.js'
import {RowWriter, toPayloadRow} from '../src/store/row-writer.js'
import type {ProcessedEvent} from '../src/store/types.js'
import {badEvent, goodEvent, LINK_CLICK, MOBILE_CONTEXT, WEB_PAGE} from '../test/api/event-fixtures.js'
import {encodeCollectorPayload} from '../src/thrift/codec.js'
import {COLLECTOR_PAYLOAD_SCHEMA} from '../src/thrift/collector-payload.js'
import {trackerEvent} from './tracker-event.js'

const SMALL = 10_000
const LARGE = Number(process.env.SP_BENCH_API_EVENTS ?? 1_000_000)
const SAMPLES = 31
const benchDir = path.dirname(fileURLToPath(import.meta.url))

const UNSTRUCT = [LINK_CLICK, 'iglu:com.snowplowanalytics.snowplow/add_to_cart/jsonschema/1-0-0', 'iglu:com.snowplowanalytics.snowplow/change_form/jsonschema/1-0-0', 'iglu:com.snowplowanalytics.snowplow/site_search/jsonschema/1-0-0', 'iglu:com.snowplowanalytics.snowplow/screen_view/jsonschema/1-0-0']
const CONTEXTS = [WEB_PAGE, MOBILE_CONTEXT, 'iglu:com.snowplowanalytics.snowplow/client_session/jsonschema/1-0-2', 'iglu:com.snowplowanalytics.snowplow/geolocation_context/jsonschema/1-1-0', 'iglu:com.google.analytics/cookies/jsonschema/1-0-0', 'iglu:org.w3/PerformanceTiming/jsonschema/1-0-0']

/** 400 realistic event templates: 93% good, 5% bad, 2% incomplete; 10 apps; 4 event types; 0-2 contexts. */
function templates(): ProcessedEvent[] {
  const out: ProcessedEvent[] = []
  for (let i = 0; i < 400; i++) {
    const kind = i % 100
    if (kind < 5) {
      out.push(badEvent())
      continue
    }
    const type = (['page_view', 'page_view', 'page_view', 'page_view', 'page_ping', 'page_ping', 'page_ping', 'unstruct', 'unstruct', 'struct'] as const)[i % 10]!
    const contexts = Array.from({length: i % 3}, (_, c) => ({schema: CONTEXTS[(i + c) % CONTEXTS.length]!, data: {id: `ctx-${i}-${c}`, kind: 'bench'}}))
    out.push(
      goodEvent({
        status: kind < 7 ? 'incomplete' : 'good',
        eventType: type,
        unstruct: {schema: UNSTRUCT[i % UNSTRUCT.length]!, data: {targetUrl: `https://shop.example/${i}`}},
        contexts,
        appId: `app${i % 10}`,
      }),
    )
  }
  return out
}

/** Appends events with the store's own row writer, 10,000 to a transaction (without the per-request path). */
export function fill(file: string, from: number, to: number): void {
  const store = openStore({file})
  store.close()
  const db = new BetterSqlite3(file)
  db.pragma('synchronous = OFF')
  const writer = new RowWriter(db)
  const base = templates()
  // every row's payload is a real one-event tp2 POST: rows of accepted events keep only the
  // position of their raw event, which the API replays from these bytes, as for ingested rows
  const thrift = encodeCollectorPayload({
    schema: COLLECTOR_PAYLOAD_SCHEMA,
    ipAddress: '127.0.0.1',
    timestamp: Date.UTC(2025, 9, 29),
    encoding: 'UTF-8',
    collector: 'ssc-sp-bench',
    path: '/com.snowplowanalytics.snowplow/tp2',
    contentType: 'application/json; charset=UTF-8',
    body: JSON.stringify({schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4', data: [trackerEvent(0)]}),
    headers: ['Host: 127.0.0.1', 'User-Agent: bench'],
    userAgent: 'bench',
    networkUserId: '3734601f-5c3d-47c5-b367-0883e1ed74e6',
  })
  const T0 = Date.UTC(2025, 9, 29)
  for (let start = from; start < to; start += 10_000) {
    const rows = []
    for (let i = start; i < Math.min(to, start + 10_000); i++) {
      const t = base[(i * 7919) % base.length]!
      const id = t.eventId === null ? null : randomUUID()
      const swap = (s: string | null) => (s === null || id === null ? s : s.split(t.eventId!).join(id))
      const tstamp = T0 + i * 100
      const event = {...t, eventId: id, collectorTstamp: tstamp, rawEvent: swap(t.rawEvent), event: swap(t.event), tsv: swap(t.tsv), rawPosition: t.status === 'bad' ? undefined : 0}
      rows.push(toPayloadRow({receivedAt: tstamp, ipAddress: '127.0.0.1', path: '/com.snowplowanalytics.snowplow/tp2', thrift}, [event]))
    }
    writer.write(rows)
  }
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
}

interface Query {
  name: string
  method: 'GET' | 'POST'
  path: string
  body?: unknown
}

const QUERIES: Query[] = [
  {name: 'GET /micro/all', method: 'GET', path: '/micro/all'},
  {name: 'POST /micro/good by schema, limit 10', method: 'POST', path: '/micro/good', body: {schema: UNSTRUCT[1], limit: 10}},
  {name: 'POST /micro/good by context, limit 10', method: 'POST', path: '/micro/good', body: {contexts: [CONTEXTS[3]], limit: 10}},
  {name: 'POST /micro/good event_type pv, limit 10', method: 'POST', path: '/micro/good', body: {event_type: 'page_view', limit: 10}},
  {name: 'POST /micro/events app_id filter, page 1 of 50', method: 'POST', path: '/micro/events', body: {filters: [{column: 'app_id', values: ['APP3']}], page: 1, pageSize: 50}},
  {name: 'POST /micro/wait already satisfied (count over type)', method: 'POST', path: '/micro/wait', body: {filter: {event_type: 'pv'}, count: 1, timeout: 1000}},
]

/** The API alone in its own process over a store file (bench/servers/micro-api.ts). */
export async function serve(file: string): Promise<{url: string; pid: number; stop(): Promise<void>}> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(benchDir, 'servers', 'micro-api.ts'), file], {stdio: ['ignore', 'pipe', 'inherit']})
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString()
      const line = out.split('\n').find((l) => l.startsWith('http://'))
      if (line) resolve(line.trim())
    })
    child.once('exit', (code) => reject(new Error(`micro-api server exited with ${code}`)))
  })
  return {
    url,
    pid: child.pid!,
    async stop() {
      const exited = once(child, 'exit')
      child.kill('SIGTERM')
      await exited
    },
  }
}

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN)
  return kb / 1024
}

async function medianMs(url: string, q: Query): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < SAMPLES + 3; i++) {
    const start = performance.now()
    const res = await fetch(url + q.path, {method: q.method, body: q.body === undefined ? undefined : JSON.stringify(q.body)})
    await res.arrayBuffer()
    if (!res.ok) throw new Error(`${q.name}: HTTP ${res.status}`)
    if (i >= 3) times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]!
}

const STREAMED = 100_000

/** Streams an unfiltered /micro/good (limit STREAMED) while sampling the server's RSS every 20 ms. */
async function streamGood(url: string, pid: number): Promise<{events: number; ms: number; peakRss: number}> {
  let peak = await rssMb(pid)
  const sampler = setInterval(() => void rssMb(pid).then((mb) => (peak = Math.max(peak, mb))), 20)
  const start = performance.now()
  const res = await fetch(url + '/micro/good', {method: 'POST', body: JSON.stringify({limit: STREAMED})})
  let events = 0
  let tail = ''
  for await (const chunk of res.body!) {
    const text = tail + Buffer.from(chunk).toString('latin1')
    events += text.split('{"rawEvent":').length - 1
    tail = text.slice(-11)
  }
  const ms = performance.now() - start
  clearInterval(sampler)
  return {events, ms, peakRss: Math.max(peak, await rssMb(pid))}
}

async function measureStore(file: string): Promise<{medians: number[]; rss: number; stream: {events: number; ms: number; peakRss: number}}> {
  const server = await serve(file)
  try {
    const medians: number[] = []
    for (const q of QUERIES) medians.push(await medianMs(server.url, q))
    const rss = await rssMb(server.pid)
    return {medians, rss, stream: await streamGood(server.url, server.pid)}
  } finally {
    await server.stop()
  }
}

const bench: Benchmark = {
  name: `Micro API over ${SMALL.toLocaleString('en')} (baseline) and ${LARGE.toLocaleString('en')} stored events`,
  async run() {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sp-bench-api-'))
    const file = path.join(dir, 'micro.db')
    try {
      fill(file, 0, SMALL)
      const small = await measureStore(file)
      const started = performance.now()
      fill(file, SMALL, LARGE)
      process.stdout.write(`loaded ${LARGE.toLocaleString('en')} events in ${Math.round((performance.now() - started) / 1000)} s\n`)
      const large = await measureStore(file)
      const rows: BenchRow[] = QUERIES.map((q, i) => ({
        scenario: `${q.name} (median ${large.medians[i]!.toFixed(1)} ms at ${LARGE.toLocaleString('en')}; target < 50 ms)`,
        baseline: `${SMALL.toLocaleString('en')} events: ${small.medians[i]!.toFixed(1)} ms`,
        baselineRps: 1000 / small.medians[i]!,
        subjectRps: 1000 / large.medians[i]!,
        subjectP99Ms: Number(large.medians[i]!.toFixed(1)),
        ratio: small.medians[i]! / large.medians[i]!,
      }))
      process.stdout.write(
        `server RSS after the queries: ${small.rss.toFixed(0)} MB at ${SMALL.toLocaleString('en')} events, ` +
          `${large.rss.toFixed(0)} MB at ${LARGE.toLocaleString('en')} (difference ${(large.rss - small.rss).toFixed(0)} MB; target within 50 MB)\n`,
      )
      const streamed = large.stream
      process.stdout.write(
        `unfiltered /micro/good streaming ${streamed.events.toLocaleString('en')} events: ${Math.round(streamed.ms)} ms, ` +
          `server peak RSS ${streamed.peakRss.toFixed(0)} MB (idle ${large.rss.toFixed(0)} MB)\n`,
      )
      rows.push({
        scenario: `stream ${streamed.events.toLocaleString('en')} GoodEvents from the ${LARGE.toLocaleString('en')} store (events/s; peak RSS ${streamed.peakRss.toFixed(0)} MB)`,
        baseline: `${small.stream.events.toLocaleString('en')} from the ${SMALL.toLocaleString('en')} store, peak ${small.stream.peakRss.toFixed(0)} MB`,
        baselineRps: (small.stream.events / small.stream.ms) * 1000,
        subjectRps: (streamed.events / streamed.ms) * 1000,
        ratio: streamed.events / streamed.ms / (small.stream.events / small.stream.ms),
      })
      rows.push({
        scenario: `server RSS MB (${large.rss.toFixed(0)} MB at ${LARGE.toLocaleString('en')}; target within 50 MB of baseline)`,
        baseline: `${small.rss.toFixed(0)} MB at ${SMALL.toLocaleString('en')}`,
        baselineRps: small.rss,
        subjectRps: large.rss,
        ratio: large.rss / small.rss,
      })
      return rows
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  },
}
export default bench
