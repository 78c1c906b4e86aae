import type {AssertReport, ExpectationResult} from '../evaluate.js'

function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

function failureText(r: ExpectationResult): string {
  const lines = [`expected ${r.description}; found ${r.actual}`]
  if (r.closestNote !== '') lines.push(r.closestNote)
  for (const e of r.closest) {
    lines.push(`  ${e.status} ${e.collectorTstamp ?? ''} ${e.eventType ?? '-'} ${e.schema ?? ''} ${e.appId ?? ''} ${e.eventId ?? ''}`.trimEnd())
    for (const m of e.mismatches) lines.push(`    ≠ ${m}`)
    for (const err of e.errors) lines.push(`    ! ${err}`)
  }
  return lines.join('\n')
}

/** JUnit XML (the Jenkins/GitLab/GitHub test-report dialect): one testcase per expectation. */
export function junitReport(report: AssertReport): string {
  const failures = report.results.filter((r) => !r.passed).length
  const time = (report.durationMs / 1000).toFixed(3)
  const cases = report.results.map((r) => {
    const head = `    <testcase classname="sp.assert" name="${xml(r.name)}" time="0">`
    if (r.passed) return `${head}\n      <system-out>${xml(`found ${r.actual}: ${r.description}`)}</system-out>\n    </testcase>`
    return `${head}\n      <failure type="AssertionError" message="${xml(`expected ${r.description}; found ${r.actual}`)}">${xml(failureText(r))}</failure>\n    </testcase>`
  })
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="sp assert" tests="${report.results.length}" failures="${failures}" errors="0" time="${time}">`,
    `  <testsuite name="sp assert ${xml(report.url)}" tests="${report.results.length}" failures="${failures}" errors="0" skipped="0" time="${time}" timestamp="${report.startedAt}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n')
}
