import {test} from 'node:test'
import assert from 'node:assert/strict'
import {compileJsonPath, evaluateJsonPath} from '../../src/enrichments/json-path.js'

const doc = {a: {b: 'x', c: [1, 'two', {b: 'deep'}]}, 'we ird': 'w', list: [{id: 1}, {id: 2}, {id: 3}]}
const values = (path: string) => evaluateJsonPath(compileJsonPath(path), doc).map((m) => m.value)

test('the JSONPath forms Enrich configs use: dots, Jayway bracket unions, indexes, slices, wildcards, deep scan', () => {
  assert.deepEqual(values('$'), [doc])
  assert.deepEqual(values('$.a.b'), ['x'])
  assert.deepEqual(values("$.['a', 'we ird']"), [doc.a, 'w'])
  assert.deepEqual(values("$['we ird']"), ['w'])
  assert.deepEqual(values('$.a.c[1]'), ['two'])
  assert.deepEqual(values('$.a.c[-1].b'), ['deep'])
  assert.deepEqual(values('$.list[*].id'), [1, 2, 3])
  assert.deepEqual(values('$.list[0,2].id'), [1, 3])
  assert.deepEqual(values('$.list[1:].id'), [2, 3])
  assert.deepEqual(values('$..b'), ['x', 'deep'])
  assert.deepEqual(values('$.missing.b'), [])
  assert.deepEqual(values("$.['a', 'nope']").length, 1, 'a name the object lacks adds nothing')
})

test('filters and scripts are refused when the path is compiled; so is a path not starting with $', () => {
  assert.throws(() => compileJsonPath('$.list[?(@.id > 1)]'), /filters and scripts are not supported/)
  assert.throws(() => compileJsonPath('a.b'), /starts with \$/)
  assert.throws(() => compileJsonPath('$.a[1'), /unclosed/)
})

test('matches carry their parent and key, so callers replace values in place', () => {
  const data = {user: {email: 'a@b'}}
  const [m] = evaluateJsonPath(compileJsonPath('$.user.email'), data)
  ;(m!.parent as Record<string, unknown>)[m!.key as string] = 'hashed'
  assert.deepEqual(data, {user: {email: 'hashed'}})
})
