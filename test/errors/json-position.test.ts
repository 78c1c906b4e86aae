import {test} from 'node:test'
import assert from 'node:assert/strict'
import {writeFile} from 'node:fs/promises'
import path from 'node:path'
import {firstJsonErrorIndex, formatJsonError, jsonErrorPosition} from '../../src/errors/json-position.js'
import {checkSchemaText} from '../../src/lint/files.js'
import {loadSpec} from '../../src/assert/index.js'
import {loadResolverConfig} from '../../src/iglu/resolver-config.js'
import {parseSchemaFile} from '../../src/iglu/index.js'
import {tempDir} from '../helpers/temp-dir.js'

const errorOf = (text: string): unknown => {
  try {
    JSON.parse(text)
  } catch (e) {
    return e
  }
  return assert.fail('valid JSON')
}

test('the first error of invalid JSON as line:column, for every kind of mistake', () => {
  const cases: Array<[string, number, number]> = [
    ['{\n  "a": 1,\n}', 3, 1], // trailing comma
    ['{"a" 1}', 1, 6], // missing colon
    ['{\n"a": tru}', 2, 6], // bad literal
    ['{\n  "a": [1, 2\n', 3, 1], // ends early
    ["{'a': 1}", 1, 2], // single quotes
    ['{"a": 1} x', 1, 10], // trailing text
    ['{"a": "x\ty"}', 1, 9], // raw tab in a string
    ['[1, 2,, 3]', 1, 7],
  ]
  for (const [text, line, column] of cases) {
    const p = jsonErrorPosition(text, errorOf(text))
    assert.deepEqual([p.line, p.column], [line, column], JSON.stringify(text))
    assert.doesNotMatch(p.message, /position|is not valid JSON/)
  }
  assert.equal(firstJsonErrorIndex('{"ok": [1, {"b": null}], "s": "\\u00e9"}'), -1)
  assert.equal(formatJsonError('f.json', '{\n  "a": 1,\n}', errorOf('{\n  "a": 1,\n}')), 'f.json:3:1: Expected double-quoted property name\n    }\n    ^')
})

test('schema, spec and resolver files report the line and column of a JSON mistake', async (t) => {
  const dir = await tempDir(t, 'sp-json-')
  const broken = '{\n  "schema": "iglu:x",\n  "data": {"a": 1,}\n}'
  const schema = checkSchemaText('s.json', broken)
  assert.ok('kind' in schema && schema.kind === 'parse')
  assert.match(schema.message, /^Cannot parse \[s\.json\]: .* at line 3, column 19: "\\"data\\": \{\\"a\\": 1,\}"$/)

  const spec = path.join(dir, 'asserts.json')
  await writeFile(spec, '{\n  "expect": ["page_view"\n  "timeout": "1s"\n}')
  await assert.rejects(loadSpec(spec), (e: Error) => e.message.includes(`${spec}:3:3: Expected ',' or ']' after array element\n      "timeout": "1s"\n      ^`))

  const resolver = path.join(dir, 'resolver.json')
  await writeFile(resolver, broken)
  assert.throws(() => loadResolverConfig(resolver), (e: Error) => e.message.includes(`${resolver}:3:19:`) && e.message.includes('\n      "data": {"a": 1,}\n'))

  const lookup = parseSchemaFile(broken, '/schemas/com.acme/x/jsonschema/1-0-0', {vendor: 'com.acme', name: 'x', format: 'jsonschema', version: {model: 1, revision: 0, addition: 0}})
  assert.ok(!lookup.ok && 'message' in lookup.error && /at line 3, column 19/.test(lookup.error.message))
})
