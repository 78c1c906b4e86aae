// Micro API over 10,000 then 1,000,000 stored events (the 10,000-event store is the baseline of
// the same run): median latency of /micro/all, filtered /micro/good (schema, context, type +
// limit), /micro/events page 1 with a filter and an already-satisfied /micro/wait; and the
// server's resident memory after those queries. Targets: < 50 ms median each at 1,000,000 events,
// RSS within 50 MB of the 10,000-event figure. Rows go in with direct batched inserts.
import {spawn} from 'node:child_process'
import {once} from 'node:events'
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import type {Benchmark, BenchRow} from './harness.js'
import {CONTEXTS, fill, UNSTRUCT} from './fill-store.js'

const SMALL = 10_000
const LARGE = Number(process.env.SP_BENCH_API_EVENTS ?? 1_000_000)
const SAMPLES = 31
const benchDir = path.dirname(fileURLToPath(import.meta.url))

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
