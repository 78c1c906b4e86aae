import {spawn, type ChildProcess} from 'node:child_process'
import {once} from 'node:events'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import autocannon from 'autocannon'

/** One benchmark file (`bench/*.bench.ts`, default export); bench/run.ts runs them in name order. */
export interface Benchmark {
  name: string
  run(settings: BenchSettings): Promise<BenchRow[]>
}

export interface BenchSettings {
  /** seconds per measurement */
  duration: number
  connections: number
}

/** A measured scenario beside its baseline from the same run (rates are operations or requests per second). */
export interface BenchRow {
  scenario: string
  baseline: string
  baselineRps: number
  subjectRps: number
  /** HTTP scenarios only */
  subjectP99Ms?: number
  /** subject / baseline */
  ratio: number
}

export interface ServerProcess {
  url: string
  stop(): Promise<void>
}

const benchDir = path.dirname(fileURLToPath(import.meta.url))

/**
 * Starts `bench/servers/<name>.ts` in its own Node process (the load generator gets the other
 * core) and waits for the URL it prints on stdout.
 */
export async function startServer(name: string, args: string[] = []): Promise<ServerProcess> {
  const script = path.join(benchDir, 'servers', `${name}.ts`)
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const line = out.split('\n').find((l) => l.startsWith('http://'))
      if (line) resolve(line.trim())
    })
    child.once('exit', (code) => reject(new Error(`bench server ${name} exited with ${code}`)))
  })
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return
      const exited = once(child, 'exit')
      child.kill('SIGTERM')
      await exited
    },
  }
}

export interface LoadSpec {
  path: string
  method?: 'GET' | 'POST'
  body?: string
  headers?: Record<string, string>
}

export interface LoadResult {
  rps: number
  p99Ms: number
}

export async function measure(url: string, spec: LoadSpec, settings: BenchSettings): Promise<LoadResult> {
  const result = await autocannon({
    url: url + spec.path,
    method: spec.method ?? 'GET',
    body: spec.body,
    headers: spec.headers,
    connections: settings.connections,
    duration: settings.duration,
  })
  const failed = result.errors + result.timeouts + result.non2xx
  if (failed > 0) throw new Error(`${spec.method ?? 'GET'} ${spec.path}: ${failed} failed requests (errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx})`)
  return {rps: result.requests.average, p99Ms: result.latency.p99}
}

/** Runs the same load against a baseline server and a subject server, one after the other. */
export async function compare(
  scenario: string,
  baseline: {name: string; url: string},
  subjectUrl: string,
  spec: LoadSpec,
  settings: BenchSettings,
): Promise<BenchRow> {
  // a short warm-up per server lets V8 optimise the hot path before we count
  const warm = {...settings, duration: 1}
  await measure(baseline.url, {...spec, path: '/'}, warm).catch(() => undefined)
  const base = await measure(baseline.url, spec, settings)
  await measure(subjectUrl, spec, warm)
  const subject = await measure(subjectUrl, spec, settings)
  return {
    scenario,
    baseline: baseline.name,
    baselineRps: base.rps,
    subjectRps: subject.rps,
    subjectP99Ms: subject.p99Ms,
    ratio: subject.rps / base.rps,
  }
}
