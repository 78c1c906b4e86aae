// `npm run bench:abuse`: the abusive requests of issue 13 against a real `sp micro` (collector,
// enrich, API, registry) over a store of SP_BENCH_ABUSE_EVENTS events (default 220,000) written
// straight through the row writer. During each, a prober sends GET /health and a tracker GET
// (/i, stored and enriched) one after the other and records their latency: the target is
// p99 < 100 ms for both while the abuse runs.
import {Agent, request, type ClientRequest} from 'node:http'
import {mkdtemp, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {startServer} from './harness.js'
import {fill, FILL_T0} from './fill-store.js'

const EVENTS = Number(process.env.SP_BENCH_ABUSE_EVENTS ?? 220_000)

interface Latencies {
  health: number[]
  tracker: number[]
}

// the prober has connections of its own: the abusive requests must not queue it client-side
const probeAgent = new Agent({keepAlive: true, maxSockets: 1})

function timedGet(url: string): Promise<{ms: number; status: number}> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const req = request(url, {agent: probeAgent}, (res) => {
      res.resume()
      res.on('end', () => resolve({ms: performance.now() - started, status: res.statusCode!}))
    })
    req.on('error', reject)
    req.end()
  })
}

/** Health and a tracker GET, back to back, until `abuse` settles (and at least `minMs`). */
async function probeDuring(url: string, abuse: Promise<string>, minMs = 1000): Promise<{latencies: Latencies; outcome: string; ms: number}> {
  const latencies: Latencies = {health: [], tracker: []}
  let finished = false
  const started = performance.now()
  const outcome = abuse.finally(() => (finished = true))
  let i = 0
  while (!finished || performance.now() - started < minMs) {
    latencies.health.push((await timedGet(`${url}/health`)).ms)
    const tracked = await timedGet(`${url}/i?e=pv&p=web&tv=abuse-probe&aid=probe&eid=${crypto.randomUUID()}&url=${encodeURIComponent(`https://probe.example/${i++}`)}`)
    if (tracked.status !== 200) throw new Error(`tracker GET answered ${tracked.status}`)
    latencies.tracker.push(tracked.ms)
    await sleep(5)
  }
  return {latencies, outcome: await outcome, ms: performance.now() - started}
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

/** The answer's status; 0 when the connection failed. */
async function post(url: string, body: unknown): Promise<number> {
  try {
    const answer = await fetch(url, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(body)})
    await answer.arrayBuffer()
    return answer.status
  } catch {
    return 0
  }
}

function tally(statuses: number[]): string {
  const counts = new Map<number, number>()
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1)
  return [...counts].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${n}× ${s}`).join(', ')
}

/** Opens `n` SSE streams from the start of the store; `read` false = the client never reads. */
async function openStreams(url: string, n: number, read: boolean): Promise<{statuses: number[]; requests: ClientRequest[]}> {
  const requests: ClientRequest[] = []
  const statuses = await Promise.all(
    Array.from({length: n}, () =>
      new Promise<number>((resolve) => {
        const req = request(`${url}/micro/stream?since=0`, (res) => {
          if (read) res.resume()
          else res.pause()
          resolve(res.statusCode!)
        })
        req.on('error', () => resolve(0))
        requests.push(req)
        req.end()
      }),
    ),
  )
  return {statuses, requests}
}

const span = EVENTS * 100
const buckets = (n: number) => Array.from({length: n}, (_, i) => ({start: FILL_T0 + Math.floor((i * span) / n), end: FILL_T0 + Math.floor(((i + 1) * span) / n)}))

interface Scenario {
  name: string
  run(url: string): Promise<string>
}

const scenarios: Scenario[] = [
  {
    name: '/micro/timeline, 1,000 buckets over the whole store, 5 at once (+1 with 1,001 buckets)',
    async run(url) {
      const statuses = await Promise.all([...Array.from({length: 5}, () => post(`${url}/micro/timeline`, {buckets: buckets(1000)})), post(`${url}/micro/timeline`, {buckets: buckets(1001)})])
      return tally(statuses)
    },
  },
  {
    name: '/micro/columnStats naming app_id 1,000 times plus 30 atomic columns, 2 at once (+1 with 501 distinct columns)',
    async run(url) {
      const columns = (await (await fetch(`${url}/micro/columns`)).json()) as string[]
      const body = {columns: [...Array.from({length: 1000}, () => 'app_id'), ...columns.filter((c) => !c.includes('.')).slice(0, 30)]}
      const tooMany = {columns: Array.from({length: 501}, (_, i) => `contexts_x_${i}`)}
      return tally(await Promise.all([post(`${url}/micro/columnStats`, body), post(`${url}/micro/columnStats`, body), post(`${url}/micro/columnStats`, tooMany)]))
    },
  },
  {
    name: '1,000 concurrent /micro/wait with q (matching nothing, timeout 3 s)',
    async run(url) {
      const body = {filter: {q: 'no-such-text-anywhere'}, count: 1, timeout: 3000}
      return tally(await Promise.all(Array.from({length: 1000}, () => post(`${url}/micro/wait`, body))))
    },
  },
  {
    name: '1,000 SSE clients from the start of the store that never read (held 3 s)',
    async run(url) {
      const {statuses, requests} = await openStreams(url, 1000, false)
      await sleep(3000)
      for (const r of requests) r.destroy()
      return tally(statuses)
    },
  },
  {
    name: '100 SSE clients reading everything from the start (held 3 s)',
    async run(url) {
      const {statuses, requests} = await openStreams(url, 100, true)
      await sleep(3000)
      for (const r of requests) r.destroy()
      return tally(statuses)
    },
  },
  {
    name: `/micro/reset of the whole store`,
    async run(url) {
      return tally([await post(`${url}/micro/reset`, {})])
    },
  },
]

const dir = await mkdtemp(path.join(os.tmpdir(), 'sp-bench-abuse-'))
const file = path.join(dir, 'micro.db')
try {
  const loading = performance.now()
  fill(file, 0, EVENTS)
  process.stdout.write(`loaded ${EVENTS.toLocaleString('en')} events in ${Math.round((performance.now() - loading) / 1000)} s\n\n`)
  const server = await startServer('micro', [file])
  try {
    const idle = await probeDuring(server.url, Promise.resolve('idle'), 2000)
    const rows: [string, string, Awaited<ReturnType<typeof probeDuring>>][] = [['idle (no abuse)', '–', idle]]
    for (const scenario of scenarios) {
      process.stderr.write(`${scenario.name}…\n`)
      rows.push([scenario.name, '', await probeDuring(server.url, scenario.run(server.url))])
    }
    const ms = (v: number) => v.toFixed(1)
    process.stdout.write(`## Health and tracker latency during abuse (${EVENTS.toLocaleString('en')} stored events; target p99 < 100 ms)\n\n`)
    process.stdout.write('| abuse | answers | lasted s | health p50 / p99 / max ms | tracker GET p50 / p99 / max ms | probes |\n|---|---|---:|---:|---:|---:|\n')
    for (const [name, , r] of rows) {
      const {health, tracker} = r.latencies
      process.stdout.write(
        `| ${name} | ${r.outcome} | ${(r.ms / 1000).toFixed(1)} | ${ms(percentile(health, 50))} / ${ms(percentile(health, 99))} / ${ms(Math.max(...health))} | ` +
          `${ms(percentile(tracker, 50))} / ${ms(percentile(tracker, 99))} / ${ms(Math.max(...tracker))} | ${health.length} |\n`,
      )
    }
  } finally {
    probeAgent.destroy()
    await server.stop()
  }
} finally {
  await rm(dir, {recursive: true, force: true})
}
