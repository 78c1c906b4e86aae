// `npm run bench [-- name-filter]`: runs every bench/*.bench.ts (default export: Benchmark) in
// file-name order and prints each scenario beside its baseline measured in the same run.
// SP_BENCH_DURATION (seconds, default 5) and SP_BENCH_CONNECTIONS (default 50) tune the load.
import {readdirSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import type {Benchmark, BenchRow, BenchSettings} from './harness.js'

const benchDir = path.dirname(fileURLToPath(import.meta.url))
const filter = process.argv[2]
const settings: BenchSettings = {
  duration: Number(process.env.SP_BENCH_DURATION ?? 5),
  connections: Number(process.env.SP_BENCH_CONNECTIONS ?? 50),
}

const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort()
  .filter((f) => !filter || f.includes(filter))

for (const file of files) {
  const bench = (await import(pathToFileURL(path.join(benchDir, file)).href)).default as Benchmark
  process.stdout.write(`\n## ${bench.name} (${settings.connections} connections, ${settings.duration}s per measurement)\n\n`)
  printTable(await bench.run(settings))
}

function printTable(rows: BenchRow[]): void {
  const lines = [
    '| scenario | baseline /s | sp /s | sp p99 ms | ratio sp/baseline |',
    '|---|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${Math.round(r.baselineRps)} (${r.baseline}) | ${Math.round(r.subjectRps)} | ${r.subjectP99Ms ?? '–'} | ${r.ratio.toFixed(2)} |`,
    ),
  ]
  process.stdout.write(lines.join('\n') + '\n')
}
