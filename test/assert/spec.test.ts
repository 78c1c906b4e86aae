import {test} from 'node:test'
import assert from 'node:assert/strict'
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {Ajv} from 'ajv'
import {loadSpec, parseSpec} from '../../src/assert/spec.js'
import {isSpError} from '../../src/errors/sp-error.js'
import {repoRoot} from '../helpers/repo-root.js'

/** The example the README shows. */
export const EXAMPLE_SPEC = {
  timeout: '30s',
  noBad: true,
  expect: [
    'page_view>=1',
    {name: 'checkout completed', schema: 'iglu:com.acme/checkout/jsonschema/1-*-*', count: 1, where: {'data.total': 10, 'data.currency': {matches: '^[A-Z]{3}$'}}},
    {event_type: 'struct', count: '>=2', where: {se_category: 'shop', se_label: {exists: true}}},
  ],
}

test('the README example parses: strings, objects, where conditions, count forms, noBad last', () => {
  const spec = parseSpec(EXAMPLE_SPEC, 'asserts.json')
  assert.equal(spec.timeoutMs, 30_000)
  assert.equal(spec.noBad, true)
  assert.deepEqual(spec.expectations.map((e) => e.name), ['page_view>=1', 'checkout completed', 'struct', 'no bad events (--no-bad)'])
  const checkout = spec.expectations[1]!
  assert.deepEqual(checkout.filter, {status: 'good', schema: 'iglu:com.acme/checkout/jsonschema/1-*-*'})
  assert.deepEqual(checkout.count, {op: '=', n: 1})
  assert.deepEqual(checkout.where, [
    {path: 'event.unstruct_event.data.data.total', op: 'equals', value: 10},
    {path: 'event.unstruct_event.data.data.currency', op: 'matches', value: '^[A-Z]{3}$'},
  ])
  assert.deepEqual(spec.expectations[2]!.where, [
    {path: 'event.se_category', op: 'equals', value: 'shop'},
    {path: 'event.se_label', op: 'exists'},
  ])
})

test('the shipped schema (schemas/dev.sp/assert_spec/jsonschema/1-0-0) accepts the example and the self-describing form', async () => {
  const schema = JSON.parse(await readFile(path.join(repoRoot, 'schemas/dev.sp/assert_spec/jsonschema/1-0-0'), 'utf8'))
  const ajv = new Ajv({strict: false, validateSchema: false})
  const validate = ajv.compile({...schema, $schema: undefined})
  assert.equal(validate(EXAMPLE_SPEC), true, JSON.stringify(validate.errors))
  assert.equal(validate({expect: [{count: 'lots'}]}), false)
  assert.deepEqual(parseSpec({schema: 'iglu:dev.sp/assert_spec/jsonschema/1-0-0', data: EXAMPLE_SPEC}).expectations.length, 4)
})

test('mistakes name the file and the JSON path', async () => {
  const cases: Array<[unknown, RegExp]> = [
    [{expect: [{evnt_type: 'x'}]}, /\$\.expect\[0\]\.evnt_type: unknown property/],
    [{expect: [{event_type: 'x', count: 'lots'}]}, /\$\.expect\[0\]\.count/],
    [{expect: ['page view']}, /\$\.expect\[0\]: Invalid expectation/],
    [{expect: [{where: {'data.x': {matches: '('}}}]}, /\$\.expect\[0\]\.where\.data\.x\.matches/],
    [{timeout: true, expect: ['pv']}, /\$\.timeout/],
    [{}, /nothing to check/],
    [{schema: 'iglu:com.acme/other/jsonschema/1-0-0', data: {}}, /expected iglu:dev\.sp\/assert_spec/],
  ]
  for (const [doc, message] of cases) {
    assert.throws(() => parseSpec(doc, 'asserts.json'), (e) => isSpError(e) && e.code === 'ASSERT_INVALID_SPEC' && /^asserts\.json: /.test(e.message) && message.test(e.message), JSON.stringify(doc))
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sp-spec-'))
  try {
    await assert.rejects(loadSpec(path.join(dir, 'missing.json')), (e) => isSpError(e) && e.code === 'ASSERT_SPEC_UNREADABLE' && /no such file/.test(e.message))
    await writeFile(path.join(dir, 'broken.json'), '{"expect": [')
    await assert.rejects(loadSpec(path.join(dir, 'broken.json')), (e) => isSpError(e) && /not valid JSON/.test(e.message))
  } finally {
    await rm(dir, {recursive: true, force: true})
  }
})
