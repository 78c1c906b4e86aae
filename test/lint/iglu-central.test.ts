import {it} from 'node:test'
import assert from 'node:assert/strict'
import {readdir} from 'node:fs/promises'
import path from 'node:path'
import {lintPath, formatText, formatJson} from '../../src/lint/index.js'
import {defaultMetaCheck} from '../../src/lint/meta-check.js'
import {igluCentralSkip, requireIgluCentral} from '../helpers/iglu-central.js'

async function countJsonSchemaFiles(dir: string): Promise<number> {
  let n = 0
  for (const entry of await readdir(dir, {withFileTypes: true, recursive: true})) {
    if (entry.isFile() && path.basename(entry.parentPath ?? (entry as unknown as {path: string}).path) === 'jsonschema') n++
  }
  return n
}

it('lints every Iglu Central schema without a crash, and counts the results', {skip: igluCentralSkip}, async () => {
  const igluCentralDir = requireIgluCentral()
  const files = await countJsonSchemaFiles(path.join(igluCentralDir, 'schemas'))
  const result = await lintPath(igluCentralDir, {metaCheck: defaultMetaCheck()})
  // every jsonschema file is read, passes the file checks and gets a report
  assert.equal(result.problems.length, 0, result.problems.map((p) => p.message).join('\n'))
  assert.equal(result.reports.length, files)
  const valid = result.reports.filter((r) => r.syntax.length === 0 && r.issues.length === 0).length
  // Iglu Central is lint-clean for errors (the registry would refuse it otherwise)...
  assert.deepEqual(result.reports.filter((r) => r.syntax.length > 0 || r.issues.some((i) => i.level === 'error')).map((r) => r.uri), [])
  // ...but most schemas carry warnings/infos (description, stringLength, numericMinMax…), as with igluctl
  assert.equal(valid, 177)
  assert.equal(result.reports.length - valid, 483)
  // only the extra linter sees the draft-06 `examples` keyword draft-04 ignores
  const unknownKeywords = result.reports.flatMap((r) => r.issues.filter((i) => i.linter === 'unknownKeywords').map((i) => `${r.uri} ${i.pointer}`))
  assert.equal(unknownKeywords.length, 4)
  const text = formatText(result)
  assert.equal(text.lines.at(-2), 'TOTAL: 177 valid schemas')
  assert.equal(text.lines.at(-1), "TOTAL: 483 schemas didn't pass validation")
  assert.deepEqual(formatJson(result).totals, {corrupted: 0, valid: 177, failed: 483})
})
