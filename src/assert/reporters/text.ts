import {Chalk} from 'chalk'
import {STATUS_COLOR, STATUS_MARK} from '../../tui/status.js'
import type {AssertReport, ClosestEvent, ExpectationResult} from '../evaluate.js'

export interface TextReportOptions {
  color: boolean
  /** what ran the checks, for the first line (default `sp assert`; the library says `sp/testing`) */
  source?: string
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`
}

function eventLine(e: ClosestEvent, c: InstanceType<typeof Chalk>): string {
  const mark = c[STATUS_COLOR[e.status]](`${STATUS_MARK[e.status]} ${e.status.padEnd(10)}`)
  const what = [e.eventType ?? '-', e.schema ?? '', e.appId === null ? '' : `app_id=${e.appId}`, e.eventId === null ? '' : c.dim(e.eventId)]
  return `${mark} ${c.dim(e.collectorTstamp ?? '')} ${what.filter((w) => w !== '').join('  ')}`
}

function resultLines(r: ExpectationResult, c: InstanceType<typeof Chalk>): string[] {
  if (r.passed) return [`  ${c.green('✓')} ${r.name} ${c.dim(`(found ${r.actual})`)}`]
  const lines = [`  ${c.red('✗')} ${c.bold(r.name)}`, `      expected ${r.description}; found ${c.bold(String(r.actual))}`]
  if (r.closestNote !== '') lines.push(`      ${c.dim(r.closestNote)}`)
  for (const e of r.closest) {
    lines.push(`        ${eventLine(e, c)}`)
    for (const m of e.mismatches) lines.push(`            ${c.yellow('≠')} ${m}`)
    for (const err of e.errors) lines.push(`            ${c.red('!')} ${err}`)
  }
  return lines
}

/** The default report: one line per passing expectation, details and closest events per failure. */
export function textReport(report: AssertReport, options: TextReportOptions): string {
  const c = new Chalk({level: options.color ? 1 : 0})
  const failed = report.results.filter((r) => !r.passed).length
  const waited = report.interrupted ? `interrupted after ${seconds(report.durationMs)} of up to ${seconds(report.timeoutMs)}` : `waited up to ${seconds(report.timeoutMs)}, took ${seconds(report.durationMs)}`
  const lines = [c.dim(`${options.source ?? 'sp assert'}: ${report.url} (${waited})`), '']
  for (const r of report.results) lines.push(...resultLines(r, c))
  lines.push('')
  const verdict = report.interrupted ? c.yellow.bold('INTERRUPTED') : failed === 0 ? c.green.bold('PASS') : c.red.bold('FAIL')
  const n = report.results.length
  let summary = `${verdict} ${n} expectation${n === 1 ? '' : 's'}: ${n - failed} passed, ${failed} failed.`
  if (report.counts !== null) {
    const k = report.counts
    summary += ` Events: ${k.total} total, ${k.good} good, ${k.bad} bad (${k.incomplete} incomplete).`
  }
  lines.push(summary)
  return lines.join('\n') + '\n'
}
