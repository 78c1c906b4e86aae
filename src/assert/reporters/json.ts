import type {AssertReport} from '../evaluate.js'

/** `--json`: the whole report (documented in docs/readme/07-tail-events-assert.md). */
export function jsonReport(report: AssertReport): string {
  return JSON.stringify(report, null, 2) + '\n'
}
