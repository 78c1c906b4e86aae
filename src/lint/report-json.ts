import {isCleanReport} from './run.js'
import {totals} from './report-text.js'
import type {FileProblem, LintIssue, LintResult} from './types.js'

export interface JsonLintReport {
  ok: boolean
  problems: FileProblem[]
  schemas: Array<{path: string; uri: string; ok: boolean; syntax: string[]; issues: LintIssue[]}>
  totals: {corrupted: number; valid: number; failed: number}
}

/** `--format json`: the whole result as data, for scripts and editors. */
export function formatJson(result: LintResult): JsonLintReport {
  return {
    ok: result.ok,
    problems: result.problems,
    schemas: result.reports.map((r) => ({path: r.path, uri: r.uri, ok: isCleanReport(r), syntax: r.syntax, issues: r.issues})),
    totals: totals(result),
  }
}
