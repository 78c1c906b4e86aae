import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {formatGithub, formatJson, formatText, type LintResult, type SchemaReport} from '../../src/lint/index.js'

function report(issues: SchemaReport['issues'], syntax: string[] = []): SchemaReport {
  return {path: 'schemas/com.acme/ev/jsonschema/1-0-0', schemaPath: 'com.acme/ev/jsonschema/1-0-0', uri: 'iglu:com.acme/ev/jsonschema/1-0-0', syntax, issues}
}

describe("igluctl's text report", () => {
  it('OK lines and TOTALs on stdout when nothing is reported', () => {
    const result: LintResult = {problems: [], reports: [report([])], ok: true}
    assert.deepEqual(formatText(result), {
      lines: ['OK: com.acme/ev/jsonschema/1-0-0', 'TOTAL: 1 valid schemas', "TOTAL: 0 schemas didn't pass validation"],
      toStderr: false,
    })
  })

  it('numbered items per linter, pointers padded and tab-separated, syntax issues first', () => {
    const r = report(
      [
        {linter: 'description', level: 'info', pointer: '/properties/longer_name', message: 'The schema is missing the "description" property'},
        {linter: 'unknownFormats', level: 'warning', pointer: '/properties/bb', message: 'Unknown format [y] detected. Known formats are: date-time, date, email, hostname, ipv4, ipv6 or uri'},
        {linter: 'unknownFormats', level: 'warning', pointer: '/properties/a', message: 'Unknown format [x] detected. Known formats are: date-time, date, email, hostname, ipv4, ipv6 or uri'},
        {linter: 'rootObject', level: 'warning', pointer: '/', message: 'At the root level…'},
        {linter: 'numericMinimumMaximum', level: 'error', pointer: '/properties/n', message: 'A field with numeric type has a minimum value [2] greater than the maximum value [1]'},
      ],
      ['Could not validate the schema, path: $.maxLength, message: $.maxLength: string found, integer expected'],
    )
    const result: LintResult = {problems: [{kind: 'consistency', message: 'Schemas of [com.acme/x] have gaps between schema versions'}], reports: [r], ok: false}
    const {lines, toStderr} = formatText(result)
    assert.equal(toStderr, true)
    assert.deepEqual(lines, [
      'Schemas of [com.acme/x] have gaps between schema versions',
      'FAILURE: Schema [com.acme/ev/jsonschema/1-0-0] contains 5 following issues: \n' +
        '1. Could not validate the schema, path: $.maxLength, message: $.maxLength: string found, integer expected\n' +
        '2. Root of schema should have type object and contain properties\n' +
        '3. Following numeric properties have invalid boundaries:\n' +
        ' - /properties/n\t A field with numeric type has a minimum value [2] greater than the maximum value [1]\n' +
        '4. Following formats are unknown (add --skip-checks unknownFormats to omit this check):\n' +
        ' - /properties/a \t Unknown format [x] detected. Known formats are: date-time, date, email, hostname, ipv4, ipv6 or uri\n' +
        ' - /properties/bb\t Unknown format [y] detected. Known formats are: date-time, date, email, hostname, ipv4, ipv6 or uri\n' +
        "5. Following properties don't include description (add --skip-checks description to omit this check):\n" +
        ' - /properties/longer_name\t',
      'TOTAL: 1 files corrupted',
      'TOTAL: 0 valid schemas',
      "TOTAL: 1 schemas didn't pass validation",
    ])
  })

  it('only file problems: just the corrupted total', () => {
    const result: LintResult = {problems: [{kind: 'read', path: 'x', message: 'Cannot read [x]: Path is neither file or directory'}], reports: [], ok: false}
    assert.deepEqual(formatText(result).lines, ['Cannot read [x]: Path is neither file or directory', 'TOTAL: 1 files corrupted'])
  })

  it('a schema with only BigQuery-name issues is reported, not a crash', () => {
    const r = report([{linter: 'bqIllegalStart', level: 'warning', pointer: '/', message: 'Following properties start with illegal character for BigQuery column name: [1st]'}])
    const line = formatText({problems: [], reports: [r], ok: false}).lines[0]!
    assert.equal(
      line,
      'FAILURE: Schema [com.acme/ev/jsonschema/1-0-0] contains 1 following issues: \n' +
        '1. Following properties have names starting with a character BigQuery does not allow (add --skip-checks bqIllegalStart to omit this check):\n' +
        ' - /\t Following properties start with illegal character for BigQuery column name: [1st]',
    )
  })
})

describe('json and github formats', () => {
  const result: LintResult = {
    problems: [{kind: 'parse', path: 'a/b,c', message: 'Cannot parse [a/b,c]: Unexpected token'}],
    reports: [report([{linter: 'description', level: 'info', pointer: '/properties/x', message: 'The schema is missing the "description" property'}])],
    ok: false,
  }

  it('json carries every issue with its level and the totals', () => {
    const json = formatJson(result)
    assert.equal(json.ok, false)
    assert.deepEqual(json.totals, {corrupted: 1, valid: 0, failed: 1})
    assert.deepEqual(json.schemas[0]!.issues[0], {linter: 'description', level: 'info', pointer: '/properties/x', message: 'The schema is missing the "description" property'})
  })

  it('github: one annotation per issue, levels mapped, properties escaped', () => {
    assert.deepEqual(formatGithub(result), [
      '::error file=a/b%2Cc,title=sp schema lint%3A parse::Cannot parse [a/b,c]: Unexpected token',
      '::notice file=schemas/com.acme/ev/jsonschema/1-0-0,title=iglu%3Acom.acme/ev/jsonschema/1-0-0%3A description::/properties/x The schema is missing the "description" property',
      'TOTAL: 1 files corrupted',
      'TOTAL: 0 valid schemas',
      "TOTAL: 1 schemas didn't pass validation",
    ])
  })
})
