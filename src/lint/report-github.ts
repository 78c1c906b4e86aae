import {totals} from './report-text.js'
import type {LintLevel} from './linters.js'
import type {LintResult} from './types.js'

const COMMAND: Record<LintLevel, string> = {error: 'error', warning: 'warning', info: 'notice'}

// GitHub workflow-command escaping: data escapes %, CR, LF; properties also ':' and ','.
const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')

function annotation(level: string, message: string, file?: string, title?: string): string {
  const props = [file !== undefined ? `file=${escapeProperty(file)}` : '', title !== undefined ? `title=${escapeProperty(title)}` : '']
    .filter(Boolean)
    .join(',')
  return `::${level}${props ? ' ' + props : ''}::${escapeData(message)}`
}

/** `--format github`: one workflow annotation per problem and issue, then igluctl's TOTAL lines. */
export function formatGithub(result: LintResult): string[] {
  const lines: string[] = []
  for (const p of result.problems) lines.push(annotation('error', p.message, p.path, `sp schema lint: ${p.kind}`))
  for (const r of result.reports) {
    for (const s of r.syntax) lines.push(annotation('error', s, r.path, `${r.uri}: draft-04`))
    for (const i of r.issues) {
      lines.push(annotation(COMMAND[i.level], `${i.pointer} ${i.message}`, r.path, `${r.uri}: ${i.linter}`))
    }
  }
  const t = totals(result)
  if (t.corrupted > 0) lines.push(`TOTAL: ${t.corrupted} files corrupted`)
  lines.push(`TOTAL: ${t.valid} valid schemas`, `TOTAL: ${t.failed} schemas didn't pass validation`)
  return lines
}
