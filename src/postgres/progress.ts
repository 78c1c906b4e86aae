import type {LoadSummary} from './load-store.js'
import {describeRejection} from './loader.js'

const WIDTH = 30

/** `[#########.....]  45%  4500/10000 events` for a terminal (redrawn in place with \r). */
export function progressBar(done: number, total: number): string {
  const ratio = total === 0 ? 1 : Math.min(1, done / total)
  const filled = Math.round(ratio * WIDTH)
  return `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}%  ${done}/${total} events`
}

/** The summary `sp load postgres` prints. */
export function formatSummary(summary: LoadSummary): string {
  const seconds = summary.elapsedMs / 1000
  const rate = seconds > 0 ? Math.round(summary.read / seconds) : summary.read
  const lines = [
    `Loaded ${summary.read} stored good events into ${summary.target} in ${seconds.toFixed(1)} s (${rate} events/s)`,
    `  inserted    ${summary.inserted}`,
    `  duplicates  ${summary.duplicates} (already in PostgreSQL: skipped)`,
    `  rejected    ${summary.rejected.length}`,
  ]
  for (const r of summary.rejected.slice(0, 20)) lines.push(`    ${describeRejection(r)}`)
  if (summary.rejected.length > 20) lines.push(`    … and ${summary.rejected.length - 20} more (--json lists them all)`)
  lines.push(`  tables      events + ${summary.tables} entity table${summary.tables === 1 ? '' : 's'}`)
  return `${lines.join('\n')}\n`
}
