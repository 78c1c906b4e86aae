import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {lintSchema, parseSkipChecks, SKIPPABLE_LINTERS, SELF_DESCRIBING_URI} from '../../src/lint/index.js'

const self = {vendor: 'com.acme', name: 'ev', format: 'jsonschema', version: '1-0-0'}
/** A schema that passes every linter, to which each test adds one problem. */
function clean(extra: Record<string, unknown> = {}, props: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    $schema: SELF_DESCRIBING_URI,
    self,
    description: 'An event',
    type: 'object',
    properties: {name: {description: 'Name', type: 'string', maxLength: 10}, ...props},
    additionalProperties: false,
    ...extra,
  }
}
const issuesOf = (schema: Record<string, unknown>, linter: string) =>
  lintSchema(schema).filter((i) => i.linter === linter).map(({pointer, message, level}) => ({pointer, message, level}))

describe('the 18 igluctl linters', () => {
  it('a clean schema has no issue', () => {
    assert.deepEqual(lintSchema(clean()), [])
  })

  it('rootObject (warning) at the root only', () => {
    assert.deepEqual(issuesOf({$schema: SELF_DESCRIBING_URI, self, description: 'x', type: 'string', maxLength: 3}, 'rootObject'), [
      {pointer: '/', level: 'warning', message: 'At the root level, the schema should have a "type" property set to "object" and have a "properties" property'},
    ])
  })

  it('numericMinimumMaximum (error)', () => {
    assert.deepEqual(issuesOf(clean({}, {n: {description: 'n', type: 'integer', minimum: 10, maximum: 1}}), 'numericMinimumMaximum'), [
      {pointer: '/properties/n', level: 'error', message: 'A field with numeric type has a minimum value [10] greater than the maximum value [1]'},
    ])
  })

  it('stringMinMaxLength (error)', () => {
    assert.deepEqual(issuesOf(clean({}, {s: {description: 's', type: 'string', minLength: 5, maxLength: 2}}), 'stringMinMaxLength'), [
      {pointer: '/properties/s', level: 'error', message: 'A string type with "minLength" and "maxLength" property values has a minimum value [5] higher than the maximum [2]'},
    ])
  })

  it('stringMaxLengthRange (warning)', () => {
    assert.deepEqual(issuesOf(clean({}, {s: {description: 's', type: 'string', maxLength: 70000}}), 'stringMaxLengthRange'), [
      {pointer: '/properties/s', level: 'warning', message: 'A string property has a "maxLength" [70000] greater than the Redshift VARCHAR maximum of 65535'},
    ])
  })

  it('arrayMinMaxItems (error)', () => {
    const a = {description: 'a', type: 'array', minItems: 3, maxItems: 1, items: {description: 'i', type: 'boolean'}}
    assert.deepEqual(issuesOf(clean({}, {a}), 'arrayMinMaxItems'), [
      {pointer: '/properties/a', level: 'error', message: 'A field of array type has a "minItems" value [3] with a greater value than the "maxItems" [1]'},
    ])
  })

  it('numericProperties, stringProperties, arrayProperties, objectProperties (errors) list keywords in schema-ddl order', () => {
    const p = {description: 'p', type: 'boolean', maximum: 3, minimum: 1, pattern: 'x', maxLength: 3, maxItems: 2, items: {}, required: [], properties: {}}
    const schema = clean({}, {p})
    assert.equal(issuesOf(schema, 'numericProperties')[0]!.message, 'Numeric properties [minimum,maximum] require either a number, integer or absent values')
    assert.equal(issuesOf(schema, 'stringProperties')[0]!.message, 'String properties [maxLength,pattern] require either string or absent values')
    assert.equal(issuesOf(schema, 'arrayProperties')[0]!.message, 'Array properties [items,maxItems] require either array or absent values')
    assert.equal(issuesOf(schema, 'objectProperties')[0]!.message, 'Object properties [properties,required] require either object or absent values')
    for (const l of ['numericProperties', 'stringProperties', 'arrayProperties', 'objectProperties']) {
      assert.equal(issuesOf(schema, l)[0]!.level, 'error')
    }
  })

  it('requiredPropertiesExist (error) only with additionalProperties false and no patternProperties', () => {
    assert.deepEqual(issuesOf(clean({required: ['name', 'ghost']}), 'requiredPropertiesExist'), [
      {pointer: '/', level: 'error', message: "Elements specified as required [ghost] don't exist in schema properties"},
    ])
    assert.deepEqual(issuesOf(clean({required: ['ghost'], additionalProperties: true}), 'requiredPropertiesExist'), [])
  })

  it('unknownFormats (warning); ipv6 is known, unlike igluctl', () => {
    assert.deepEqual(issuesOf(clean({}, {f: {description: 'f', type: 'string', format: 'phone', maxLength: 3}}), 'unknownFormats'), [
      {pointer: '/properties/f', level: 'warning', message: 'Unknown format [phone] detected. Known formats are: date-time, date, email, hostname, ipv4, ipv6 or uri'},
    ])
    assert.deepEqual(issuesOf(clean({}, {ip: {description: 'ip', type: 'string', format: 'ipv6'}}), 'unknownFormats'), [])
    assert.deepEqual(issuesOf(clean({}, {ip: {description: 'ip', type: 'string', format: 'ipv6'}}), 'stringLength'), [])
  })

  it('numericMinMax (warning) and stringLength (warning)', () => {
    const schema = clean({}, {n: {description: 'n', type: ['number', 'null'], minimum: 0}, s: {description: 's', type: 'string'}})
    assert.deepEqual(issuesOf(schema, 'numericMinMax'), [
      {pointer: '/properties/n', level: 'warning', message: 'A numeric property should have "minimum" and "maximum" properties'},
    ])
    assert.deepEqual(issuesOf(schema, 'stringLength'), [
      {pointer: '/properties/s', level: 'warning', message: 'A string type in the schema doesn\'t contain "maxLength" or format which is required'},
    ])
    // an enum or a known format is a clue about the length
    assert.deepEqual(issuesOf(clean({}, {e: {description: 'e', type: 'string', enum: ['a']}}), 'stringLength'), [])
  })

  it('optionalNull (info) lists optional properties lacking null, sorted', () => {
    const schema = clean({required: ['name']}, {b: {description: 'b', type: 'boolean'}, a: {description: 'a', type: 'boolean'}, c: {description: 'c', type: ['boolean', 'null']}})
    assert.deepEqual(issuesOf(schema, 'optionalNull'), [
      {pointer: '/', level: 'info', message: 'Use "type: null" to indicate a field as optional for properties a,b'},
    ])
  })

  it('description (info) on every traversed node', () => {
    assert.deepEqual(issuesOf(clean({}, {x: {type: 'boolean'}}), 'description'), [
      {pointer: '/properties/x', level: 'info', message: 'The schema is missing the "description" property'},
    ])
  })

  it('bqDisallowedCharacters and bqIllegalStart (warnings)', () => {
    const schema = clean({}, {'a-b': {description: 'x', type: 'boolean'}, '1st': {description: 'x', type: 'boolean'}})
    assert.deepEqual(issuesOf(schema, 'bqDisallowedCharacters'), [
      {pointer: '/', level: 'warning', message: 'Following properties contain disallowed characters for BigQuery column name: [a-b]'},
    ])
    assert.deepEqual(issuesOf(schema, 'bqIllegalStart'), [
      {pointer: '/', level: 'warning', message: 'Following properties start with illegal character for BigQuery column name: [1st]'},
    ])
  })

  it('schemaUri (error) when the root $schema is missing or different', () => {
    const {$schema: _s, ...noSchema} = clean()
    assert.deepEqual(issuesOf(noSchema, 'schemaUri'), [{pointer: '/', level: 'error', message: 'No $schema field in top-level of schema'}])
    assert.deepEqual(issuesOf({...clean(), $schema: 'http://json-schema.org/draft-04/schema#'}, 'schemaUri'), [
      {pointer: '/', level: 'error', message: `Given $schema is not ${SELF_DESCRIBING_URI}`},
    ])
  })
})

describe('beyond igluctl', () => {
  it('lints anyOf, allOf, not and definitions (igluctl never looks there)', () => {
    const schema = clean({
      definitions: {d: {description: 'd', type: 'integer', minimum: 5, maximum: 1}},
    }, {
      u: {description: 'u', anyOf: [{type: 'string', minLength: 9, maxLength: 1}, {type: 'null'}]},
      v: {description: 'v', allOf: [{type: 'array', minItems: 2, maxItems: 1}]},
      w: {description: 'w', not: {type: 'number', minimum: 2, maximum: 1}},
    })
    const pointers = lintSchema(schema).filter((i) => i.level === 'error').map((i) => `${i.linter} ${i.pointer}`)
    assert.deepEqual(pointers.sort(), [
      'arrayMinMaxItems /properties/v/allOf/0',
      'numericMinimumMaximum /definitions/d',
      'numericMinimumMaximum /properties/w/not',
      'stringMinMaxLength /properties/u/anyOf/0',
    ])
    // branches refine their parent: no description demanded of them
    assert.deepEqual(issuesOf(schema, 'description'), [])
  })

  it('flags keywords draft-04 does not know (unknownKeywords, warning)', () => {
    assert.deepEqual(issuesOf(clean({}, {k: {description: 'k', type: 'string', const: 'x', maxLength: 1}}), 'unknownKeywords'), [
      {pointer: '/properties/k', level: 'warning', message: 'Keywords [const] are not part of JSON Schema draft-04; validation ignores them'},
    ])
    // self, $schema, $supersedes are Iglu's at the root
    assert.deepEqual(issuesOf(clean({$supersedes: ['1-0-0']}), 'unknownKeywords'), [])
  })

  it('never crashes on odd keyword values', () => {
    assert.doesNotThrow(() => lintSchema({type: 7, properties: [], items: 'x', minimum: 'a', required: 'x', anyOf: {}, format: 3}))
  })
})

describe('--skip-checks', () => {
  it('accepts skippable linters and skips them', () => {
    const skip = parseSkipChecks('description,optionalNull')
    assert.deepEqual([...skip], ['description', 'optionalNull'])
    assert.deepEqual(lintSchema(clean({}, {x: {type: 'boolean'}}), {skip}).filter((i) => i.linter === 'description'), [])
  })

  it("rejects unknown linters with igluctl's message (trailing space included)", () => {
    assert.throws(() => parseSkipChecks('description,nope,bad'), {message: 'Configuration is invalid: unknown linters [nope,bad] '})
  })

  it('rejects non-skippable (error-level) linters', () => {
    assert.throws(() => parseSkipChecks('description,numericProperties,schemaUri'), {
      message: 'Configuration is invalid: non-skippable linters [numericProperties, schemaUri]',
    })
  })

  it('skippable = igluctl 7 + the two BigQuery linters + unknownKeywords', () => {
    assert.deepEqual([...SKIPPABLE_LINTERS].sort(), [
      'bqDisallowedCharacters', 'bqIllegalStart', 'description', 'numericMinMax', 'optionalNull', 'rootObject',
      'stringLength', 'stringMaxLengthRange', 'unknownFormats', 'unknownKeywords',
    ])
  })
})
