import type {AssertReport} from '../evaluate.js'

/** `--json`: the whole report (documented in the README's `sp assert` section). */
export function jsonReport(report: AssertReport): string {
  return JSON.stringify(report, null, 2) + '\n'
}
