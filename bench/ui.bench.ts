// The web UI at /micro/ui over 10,000 (baseline) then 100,000 stored events (SP_BENCH_UI_EVENTS):
// time from navigation until the first page of 50 rows and the timeline are on screen, in headless
// Chromium (SP_CHROMIUM, else /usr/bin/chromium), cold (fresh profile) and warm (median of 5
// reloads); and the UI's payload, gzipped. The store is filled directly (api.bench.ts's fill).
import {readdirSync, readFileSync, statSync} from 'node:fs'
import {mkdtemp, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {gzipSync} from 'node:zlib'
import type {Benchmark, BenchRow} from './harness.js'
import {fill} from './fill-store.js'
import {serve} from './api.bench.js'
import {defaultUiDir} from '../src/api/routes/ui.js'
import {browserSkipReason, launchBrowser} from '../test/ui/browser.js'

const SMALL = 10_000
const LARGE = Number(process.env.SP_BENCH_UI_EVENTS ?? 100_000)

/** Bytes of every file of the built UI, raw and gzipped (as sp micro serves them). */
export function uiPayload(dir: string): {raw: number; gzipped: number} {
  let raw = 0
  let gzipped = 0
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name)
      if (statSync(full).isDirectory()) walk(full)
      else {
        const body = readFileSync(full)
        raw += body.length
        gzipped += gzipSync(body, {level: 9}).length
      }
    }
  }
  walk(dir)
  return {raw, gzipped}
}

const READY = "document.querySelectorAll('table.events tbody tr').length === 50 && document.querySelectorAll('.bar').length === 58"

/** Cold load (fresh browser profile) and the median of 5 reloads, in ms, until READY. */
async function loadTimes(file: string): Promise<{cold: number; warm: number}> {
  const server = await serve(file)
  const browser = await launchBrowser()
  try {
    const page = await browser.context.newPage()
    const timed = async (go: () => Promise<unknown>) => {
      const started = performance.now()
      await go()
      await page.waitForFunction(READY, undefined, {timeout: 60_000, polling: 10})
      return performance.now() - started
    }
    const cold = await timed(() => page.goto(`${server.url}/micro/ui`))
    const warm: number[] = []
    for (let i = 0; i < 5; i++) warm.push(await timed(() => page.reload()))
    warm.sort((a, b) => a - b)
    return {cold, warm: warm[2]!}
  } finally {
    await browser.close()
    await server.stop()
  }
}

const bench: Benchmark = {
  name: `Web UI page load over ${SMALL.toLocaleString('en')} (baseline) and ${LARGE.toLocaleString('en')} stored events`,
  async run() {
    const skip = browserSkipReason()
    if (skip) {
      process.stdout.write(`skipped: ${skip}\n`)
      return []
    }
    const size = uiPayload(defaultUiDir()!)
    process.stdout.write(`UI payload: ${(size.raw / 1024).toFixed(1)} KB, ${(size.gzipped / 1024).toFixed(1)} KB gzipped\n`)
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sp-bench-ui-'))
    const file = path.join(dir, 'micro.db')
    try {
      fill(file, 0, SMALL)
      const small = await loadTimes(file)
      fill(file, SMALL, LARGE)
      const large = await loadTimes(file)
      const row = (what: string, a: number, b: number): BenchRow => ({
        scenario: `${what}: ${b.toFixed(0)} ms at ${LARGE.toLocaleString('en')} events (loads/s)`,
        baseline: `${a.toFixed(0)} ms at ${SMALL.toLocaleString('en')}`,
        baselineRps: 1000 / a,
        subjectRps: 1000 / b,
        ratio: a / b,
      })
      return [row('first load, fresh profile, to 50 rows + timeline', small.cold, large.cold), row('reload, median of 5', small.warm, large.warm)]
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  },
}
export default bench
