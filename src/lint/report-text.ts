import {ALL_LINTERS, LINTERS_BY_NAME} from './linters.js'
import {isCleanReport} from './run.js'
import type {LintIssue, LintResult, SchemaReport} from './types.js'

/** igluctl's headers; `true` = skippable, gets the "(add --skip-checks …)" hint before the colon. */
const HEADERS: Record<string, {title: string; detail: boolean}> = {
  numericMinimumMaximum: {title: 'Following numeric properties have invalid boundaries', detail: true},
  stringMinMaxLength: {title: 'Following string properties have invalid length', detail: true},
  stringMaxLengthRange: {title: 'Following string properties have too big maxLength', detail: true},
  arrayMinMaxItems: {title: 'Following array properties have invalid boundaries', detail: true},
  numericProperties: {title: 'Following numeric properties are missing explicit type', detail: true},
  stringProperties: {title: 'Following string properties are missing explicit type', detail: true},
  arrayProperties: {title: 'Following array properties are missing explicit type', detail: true},
  objectProperties: {title: 'Following object properties are missing explicit type', detail: true},
  requiredPropertiesExist: {title: 'Following required properties are unknown', detail: true},
  unknownFormats: {title: 'Following formats are unknown', detail: true},
  numericMinMax: {title: 'Following numeric properties are unbounded', detail: false},
  stringLength: {title: 'Following string properties provide no clues about maximum length', detail: false},
  optionalNull: {title: "Following optional properties don't allow null type", detail: true},
  description: {title: "Following properties don't include description", detail: false},
  // igluctl renders nothing for these (and crashes when they are alone); we show them
  bqDisallowedCharacters: {title: 'Following properties have names with characters BigQuery does not allow', detail: true},
  bqIllegalStart: {title: 'Following properties have names starting with a character BigQuery does not allow', detail: true},
  unknownKeywords: {title: 'Following schemas use keywords JSON Schema draft-04 does not know', detail: true},
}

/** One numbered item of igluctl's `prettifyReport`: a header and ` - <pointer padded>\t <detail>` lines. */
function renderGroup(linter: string, issues: LintIssue[]): string {
  if (linter === 'rootObject') return 'Root of schema should have type object and contain properties'
  const sorted = [...issues].sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0))
  const longest = Math.max(...sorted.map((i) => i.pointer.length))
  const pad = (p: string): string => p + ' '.repeat(longest - p.length) + '\t'
  if (linter === 'schemaUri') {
    return 'Problem with $schema field: \n' + sorted.map((i) => ` - ${pad(i.pointer)} ${i.message}`).join('\n')
  }
  const header = HEADERS[linter] ?? {title: `Following properties fail ${linter}`, detail: true}
  const skippable = LINTERS_BY_NAME.get(linter)?.level !== 'error'
  const hint = skippable ? ` (add --skip-checks ${linter} to omit this check)` : ''
  const lines = sorted.map((i) => (header.detail ? ` - ${pad(i.pointer)} ${i.message}` : ` - ${pad(i.pointer)}`))
  return `${header.title}${hint}:\n` + lines.join('\n')
}

/** The numbered items of a failing schema: syntax issues first, then one item per linter. */
export function reportItems(report: SchemaReport): string[] {
  return labelledReportItems(report).map((i) => i.text)
}

/** The same items, each with whether it is an error (`sp schema push` refuses to send the schema). */
export function labelledReportItems(report: SchemaReport): {text: string; blocking: boolean}[] {
  const items = report.syntax.map((text) => ({text, blocking: true}))
  for (const linter of ALL_LINTERS) {
    const issues = report.issues.filter((i) => i.linter === linter.name)
    if (issues.length > 0) items.push({text: renderGroup(linter.name, issues), blocking: issues.some((i) => i.level === 'error')})
  }
  return items
}

/** A FAILURE report for `sp schema push`: each finding says whether it blocks the push. */
export function pushBlockingReportLine(report: SchemaReport): string {
  const items = labelledReportItems(report)
  return `FAILURE: Schema [${report.schemaPath}] contains ${items.length} following issues: \n` +
    items.map((item, i) => `${i + 1}. [${item.blocking ? 'error: blocks the push' : 'warning: does not block'}] ${item.text}`).join('\n')
}

export function reportLine(report: SchemaReport): string {
  if (isCleanReport(report)) return `OK: ${report.schemaPath}`
  const items = reportItems(report)
  return `FAILURE: Schema [${report.schemaPath}] contains ${items.length} following issues: \n` +
    items.map((item, i) => `${i + 1}. ${item}`).join('\n')
}

export function totals(result: LintResult): {corrupted: number; valid: number; failed: number} {
  const valid = result.reports.filter(isCleanReport).length
  return {corrupted: result.problems.length, valid, failed: result.reports.length - valid}
}

/**
 * igluctl's output, line by line: problems, OK/FAILURE per schema, TOTAL lines. When anything is
 * reported igluctl prints all of it to stderr (`toStderr`), else to stdout.
 */
export function formatText(result: LintResult): {lines: string[]; toStderr: boolean} {
  const t = totals(result)
  const lines = [...result.problems.map((p) => p.message), ...result.reports.map(reportLine)]
  if (result.problems.length > 0) lines.push(`TOTAL: ${t.corrupted} files corrupted`)
  if (result.reports.length > 0 || result.problems.length === 0) {
    lines.push(`TOTAL: ${t.valid} valid schemas`, `TOTAL: ${t.failed} schemas didn't pass validation`)
  }
  return {lines, toStderr: !result.ok}
}
