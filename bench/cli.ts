// `npm run bench:cli`: how long a user waits for each command, as medians of SP_BENCH_RUNS
// (default 9) runs, beside `node -e 0` measured in the same rounds (the floor no Node CLI beats).
// Rounds interleave the scenarios, so a load spike on a shared machine hits all of them alike.
// `sp tail` draws its first frame on a terminal: it runs under script(1), which gives it a pty.
import {spawn, spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const bin = path.join(root, 'bin', 'run.js')
const runs = Number(process.env.SP_BENCH_RUNS ?? 9)
// no CI variables: under CI, sp tail writes lines and ink draws nothing until it exits
const env: NodeJS.ProcessEnv = {...process.env, NODE_NO_WARNINGS: '1', NO_COLOR: '1'}
for (const name of ['CI', 'CONTINUOUS_INTEGRATION', 'GITHUB_ACTIONS', 'BUILDKITE']) delete env[name]

interface Scenario {
  name: string
  /** seconds, or undefined for the baseline */
  target?: number
  /** one run: resolves with its duration in ms */
  once(): Promise<number>
}

/** Spawns argv and resolves when `done(output so far)` holds or the process exits; then kills it. */
function timeUntil(argv: string[], done: (output: string) => boolean = () => false): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now()
    // stdin open (script(1) passes it to the pty, where ink reads keys)
    const child = spawn(argv[0]!, argv.slice(1), {env, stdio: ['pipe', 'pipe', 'pipe']})
    let output = ''
    let settled = false
    const finish = (error?: Error) => {
      if (settled) return
      settled = true
      const ms = performance.now() - start
      clearTimeout(deadline)
      if (child.exitCode === null) child.kill('SIGKILL')
      if (error) reject(error)
      else resolve(ms)
    }
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (done(output)) finish()
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => finish(code === 0 || code === null ? undefined : new Error(`${argv.join(' ')} exited ${code}: ${output}`)))
    const deadline = setTimeout(() => finish(new Error(`${argv.join(' ')}: no result in 30 s: ${output}`)), 30_000)
  })
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** A micro for `sp events` and `sp tail` to talk to, with a few events in it. */
async function startBackgroundMicro(): Promise<{url: string; stop(): void}> {
  const child = spawn(process.execPath, [bin, 'micro', '--port', '0', '--db', ':memory:', '--offline'], {env, stdio: ['ignore', 'ignore', 'pipe']})
  const url = await new Promise<string>((resolve, reject) => {
    let err = ''
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString()
      const m = /REST interface bound to (http:\/\/\S+)/.exec(err)
      if (m) resolve(m[1]!)
    })
    child.on('exit', (code) => reject(new Error(`sp micro exited ${code}: ${err}`)))
  })
  for (let i = 0; i < 5; i++) await (await fetch(`${url}/i?e=pv&p=web&tv=bench&url=https%3A%2F%2Fshop.example%2F${i}`)).arrayBuffer()
  return {url, stop: () => child.kill('SIGTERM')}
}

const hasScript = spawnSync('script', ['--version'], {stdio: 'ignore'}).status === 0
const dir = mkdtempSync(path.join(os.tmpdir(), 'sp-bench-cli-'))
const micro = await startBackgroundMicro()

const node = (args: string[]) => [process.execPath, ...args]
const scenarios: Scenario[] = [
  {name: 'node -e 0', once: () => timeUntil(node(['-e', '0']))},
  {name: 'sp --version', target: 0.35, once: () => timeUntil(node([bin, '--version']))},
  {name: 'sp --help', target: 0.35, once: () => timeUntil(node([bin, '--help']))},
  {name: 'sp events --limit 5', target: 0.45, once: () => timeUntil(node([bin, 'events', '--limit', '5', '--url', micro.url]))},
  {
    name: 'sp micro (to its ready line)',
    target: 0.6,
    once: () => timeUntil(node([bin, 'micro', '--port', '0', '--db', path.join(dir, `m-${Math.random()}.db`), '--offline']), (o) => o.includes('sp micro ready')),
  },
]
if (hasScript) {
  // the header of the full-screen UI is the first frame ink writes
  // a pty from script(1) starts 0x0: give it a size, as a terminal window has
  const tail = `stty cols 120 rows 40; ${process.execPath} ${bin} tail --url ${micro.url}`
  scenarios.push({name: 'sp tail (to its first frame)', target: 0.8, once: () => timeUntil(['script', '-qfec', tail, '/dev/null'], (o) => o.includes('sp tail'))})
}

const samples = new Map(scenarios.map((s) => [s.name, [] as number[]]))
for (let round = 0; round < runs; round++) {
  for (const s of scenarios) samples.get(s.name)!.push(await s.once())
}
micro.stop()
rmSync(dir, {recursive: true, force: true})

const baseline = median(samples.get('node -e 0')!) / 1000
// The targets assume a machine where `node -e 0` takes 0.1 s; on a slower or busier one they scale.
const scale = Math.max(1, baseline / 0.1)
const lines = [
  `${runs} runs each, ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}, Node ${process.version}`,
  '',
  '| command | median s | × `node -e 0` | target s (at node -e 0 = 0.1 s) | |',
  '|---|---:|---:|---:|---|',
  ...scenarios.map((s) => {
    const m = median(samples.get(s.name)!) / 1000
    if (s.target === undefined) return `| ${s.name} | ${m.toFixed(3)} | 1.0 | | |`
    const verdict = m <= s.target ? 'ok' : m <= s.target * scale ? `ok scaled (${(s.target * scale).toFixed(2)} s here)` : 'over target'
    return `| ${s.name} | ${m.toFixed(3)} | ${(m / baseline).toFixed(1)} | ${s.target} | ${verdict} |`
  }),
]
if (!hasScript) lines.push('', 'sp tail not measured: script(1) (util-linux), which gives it a terminal, is not installed')
process.stdout.write(lines.join('\n') + '\n')
