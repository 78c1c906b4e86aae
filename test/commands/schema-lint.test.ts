import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import {sp} from './schema-cli.js'
import {cleanBody, selfDescribing, tempDir, writeSchema} from '../lint/helpers.js'

describe('sp schema lint (CLI)', () => {
  it('exit 0 and the OK / TOTAL report on stdout for clean schemas', async (t) => {
    const dir = await tempDir(t)
    await writeSchema(dir, 'com.acme', 'ev', '1-0-0')
    const run = await sp(['schema', 'lint', dir])
    assert.deepEqual(run, {
      code: 0,
      stdout: "OK: com.acme/ev/jsonschema/1-0-0\nTOTAL: 1 valid schemas\nTOTAL: 0 schemas didn't pass validation\n",
      stderr: '',
    })
  })

  it('exit 1 and everything on stderr when anything is reported (even an info)', async (t) => {
    const dir = await tempDir(t)
    await writeSchema(dir, 'com.acme', 'ev', '1-0-0', selfDescribing('com.acme', 'ev', '1-0-0', cleanBody({properties: {x: {type: 'boolean'}}})))
    const run = await sp(['schema', 'lint', dir])
    assert.equal(run.code, 1)
    assert.equal(run.stdout, '')
    assert.equal(
      run.stderr,
      'FAILURE: Schema [com.acme/ev/jsonschema/1-0-0] contains 1 following issues: \n' +
        "1. Following properties don't include description (add --skip-checks description to omit this check):\n" +
        ' - /properties/x\t\n' +
        "TOTAL: 0 valid schemas\nTOTAL: 1 schemas didn't pass validation\n",
    )
    const skipped = await sp(['schema', 'lint', dir, '--skip-checks', 'description'])
    assert.equal(skipped.code, 0)
  })

  it('file-check failures: exit 1 with igluctl lines', async (t) => {
    const dir = await tempDir(t)
    await writeSchema(dir, 'com.acme', 'ev', '1-0-1')
    const run = await sp(['schema', 'lint', dir])
    assert.equal(run.code, 1)
    assert.equal(
      run.stderr,
      'Schema [com.acme/ev/jsonschema/1-0-1] contains a schema whose version is not 1-0-0\n' +
        'OK: com.acme/ev/jsonschema/1-0-1\nTOTAL: 1 files corrupted\nTOTAL: 1 valid schemas\n' +
        "TOTAL: 0 schemas didn't pass validation\n",
    )
    const missing = await sp(['schema', 'lint', path.join(dir, 'nope')])
    assert.equal(missing.code, 1)
    assert.equal(missing.stderr, `Cannot read [${path.join(dir, 'nope')}]: Path is neither file or directory\nTOTAL: 1 files corrupted\n`)
  })

  it('--skip-checks and --skip-schemas errors, as igluctl words them', async (t) => {
    const dir = await tempDir(t)
    await writeSchema(dir, 'com.acme', 'ev', '1-0-0')
    const unknown = await sp(['schema', 'lint', dir, '--skip-checks', 'description,nope'])
    assert.deepEqual([unknown.code, unknown.stderr], [1, 'Error: Configuration is invalid: unknown linters [nope] \n'])
    const fixed = await sp(['schema', 'lint', dir, '--skip-checks', 'numericProperties'])
    assert.deepEqual([fixed.code, fixed.stderr], [1, 'Error: Configuration is invalid: non-skippable linters [numericProperties]\n'])
    const badUri = await sp(['schema', 'lint', dir, '--skip-schemas', 'com.acme/ev'])
    assert.deepEqual([badUri.code, badUri.stderr], [1, 'Error: INVALID_IGLUURI - check schema are comma separated in iglu:<URI1>,iglu:<URI2> format\n'])
    const all = await sp(['schema', 'lint', dir, '--skip-schemas', 'iglu:com.acme/ev/jsonschema/1-0-0'])
    assert.deepEqual([all.code, all.stderr], [1, 'All schemas provided were also skipped\nTOTAL: 1 files corrupted\n'])
  })

  it('--json and --format github', async (t) => {
    const dir = await tempDir(t)
    await writeSchema(dir, 'com.acme', 'ev', '1-0-0', selfDescribing('com.acme', 'ev', '1-0-0', cleanBody({properties: {n: {description: 'n', type: 'integer', minimum: 3, maximum: 1}}})))
    const json = await sp(['schema', 'lint', dir, '--json'])
    assert.equal(json.code, 1)
    const report = JSON.parse(json.stdout)
    assert.deepEqual(report.totals, {corrupted: 0, valid: 0, failed: 1})
    assert.equal(report.schemas[0].issues[0].linter, 'numericMinimumMaximum')
    const gh = await sp(['schema', 'lint', dir, '--format', 'github'])
    assert.equal(gh.code, 1)
    assert.match(gh.stdout, /^::error file=.*,title=iglu%3Acom.acme\/ev\/jsonschema\/1-0-0%3A numericMinimumMaximum::\/properties\/n A field with numeric type has a minimum value \[3\] greater than the maximum value \[1\]$/m)
  })

  it('--help says where sp goes beyond igluctl', async () => {
    const help = await sp(['schema', 'lint', '--help'])
    assert.equal(help.code, 0)
    const text = help.stdout.replace(/\s+/g, ' ')
    assert.match(text, /Beyond igluctl: anyOf, allOf, not and definitions are linted too/)
    assert.match(text, /"ipv6" is a known format/)
  })
})
