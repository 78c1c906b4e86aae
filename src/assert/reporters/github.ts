import type {AssertReport} from '../evaluate.js'

/** Workflow-command escaping (actions/toolkit `escapeData` / `escapeProperty`). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/**
 * GitHub Actions annotations: one `::error` per failed expectation (shown on the run summary and,
 * with `file`, on the spec file), then a plain summary line for the log.
 */
export function githubReport(report: AssertReport, options: {file?: string} = {}): string {
  const lines: string[] = []
  for (const r of report.results) {
    if (r.passed) continue
    const details = [`expected ${r.description}; found ${r.actual}`]
    if (r.closestNote !== '') details.push(r.closestNote)
    for (const e of r.closest) {
      details.push(`${e.status} ${e.eventType ?? '-'} ${e.schema ?? ''} ${e.eventId ?? ''}`.trimEnd())
      for (const m of e.mismatches) details.push(`  ≠ ${m}`)
      for (const err of e.errors) details.push(`  ! ${err}`)
    }
    const props = [`title=${escapeProperty(`sp assert: ${r.name}`)}`]
    if (options.file !== undefined) props.unshift(`file=${escapeProperty(options.file)}`)
    lines.push(`::error ${props.join(',')}::${escapeData(details.join('\n'))}`)
  }
  const failed = lines.length
  lines.push(`sp assert: ${report.results.length - failed} passed, ${failed} failed (${report.url})`)
  return lines.join('\n') + '\n'
}
