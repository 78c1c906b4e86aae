import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {readdirSync, readFileSync, statSync} from 'node:fs'
import path from 'node:path'
import {createSchemaValidator} from '../../src/iglu/index.js'
import {igluCentralSkip, requireIgluCentral} from '../helpers/iglu-central.js'
import {schemaOf} from './helpers.js'

const v = createSchemaValidator()
/** Reports for `data` against a body, as [message, path, keyword, targets] rows. */
const reports = (body: Record<string, unknown>, data: unknown) =>
  v.validate(schemaOf('iglu:com.acme/t/jsonschema/1-0-0', body), data).map((r) => [r.message, r.path, r.keyword, r.targets])

describe("validator: Snowplow's (networknt) wording", () => {
  it('required and additionalProperties report the parent path and the property as target', () => {
    const body = {type: 'array', items: {type: 'object', properties: {emailAddress: {type: 'string'}}, required: ['emailAddress'], additionalProperties: false}}
    assert.deepEqual(reports(body, [{emailAddress: 'a@b.c'}, {new: 1}]), [
      ['$[1].emailAddress: is missing but it is required', '$[1]', 'required', ['emailAddress']],
      ['$[1].new: is not defined in the schema and the schema does not allow additional properties', '$[1]', 'additionalProperties', ['new']],
    ])
  })

  it('type, including the root and union types', () => {
    assert.deepEqual(reports({properties: {quantity: {type: 'integer'}}}, {quantity: '2'}), [['$.quantity: string found, integer expected', '$.quantity', 'type', ['string', 'integer']]])
    assert.deepEqual(reports({type: 'array'}, {}), [['$: object found, array expected', '$', 'type', ['object', 'array']]])
    assert.deepEqual(reports({properties: {n: {type: 'integer'}}}, {n: 1.5}), [['$.n: number found, integer expected', '$.n', 'type', ['number', 'integer']]])
    assert.deepEqual(reports({properties: {u: {type: ['string', 'null']}}}, {u: true}), [['$.u: boolean found, [string, null] expected', '$.u', 'type', ['boolean', '[string, null]']]])
    assert.deepEqual(reports({properties: {a: {properties: {b: {type: 'array', items: {type: 'string'}}}}}}, {a: {b: ['x', 3]}}), [['$.a.b[1]: integer found, string expected', '$.a.b[1]', 'type', ['integer', 'string']]])
    assert.deepEqual(reports({type: 'number'}, 5), [], 'an integer is a number')
  })

  it('enum, string lengths, pattern', () => {
    assert.deepEqual(reports({properties: {type: {enum: ['red', 'green', 1, null]}}}, {type: 'blue'}), [['$.type: does not have a value in the enumeration [red, green, 1, null]', '$.type', 'enum', ['[red, green, 1, null]']]])
    assert.deepEqual(reports({properties: {shortKey: {maxLength: 3}}}, {shortKey: 'aaaa'}), [['$.shortKey: may only be 3 characters long', '$.shortKey', 'maxLength', ['3']]])
    assert.deepEqual(reports({properties: {shortKey: {maxLength: 3}}}, {shortKey: 5}), [], 'maxLength ignores non-strings')
    assert.deepEqual(reports({minLength: 5}, 'abc'), [['$: must be at least 5 characters long', '$', 'minLength', ['5']]])
    assert.deepEqual(reports({pattern: '^[a-z]+$'}, 'ABC123'), [['$: does not match the regex pattern ^[a-z]+$', '$', 'pattern', ['^[a-z]+$']]])
    assert.deepEqual(reports({pattern: '^[a-zA-Z0-9-_]+$'}, 'ok-_1'), [], 'Java-style classes like [0-9-_] compile')
  })

  it('formats: ipv4 with its regex, date-time, unknown formats always valid', () => {
    const ipv4 = '^(([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])\\.){3}([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])$'
    assert.deepEqual(reports({properties: {address: {format: 'ipv4'}}}, {address: 'non-ip'}), [[`$.address: does not match the ipv4 pattern ${ipv4}`, '$.address', 'format', ['ipv4', ipv4]]])
    assert.deepEqual(reports({format: 'date-time'}, 'yesterday'), [['$: yesterday is an invalid date-time', '$', 'format', ['yesterday', 'date-time']]])
    assert.deepEqual(reports({format: 'date-time'}, '2024-05-01T10:00:00.123Z'), [])
    assert.equal(reports({format: 'email'}, 'nope')[0]![0], '$: does not match the email pattern must be a valid RFC 5321 Mailbox')
    assert.deepEqual(reports({format: 'uuid'}, '0d2d0a4e-7c55-4b1a-b1c3-4bd4b8b6a0f5'), [])
    assert.deepEqual(reports({format: 'my-own-format'}, 'anything'), [])
    assert.ok(v.unknownFormats.has('my-own-format'))
  })

  it('numbers: minimum/maximum (also draft-04 exclusive), multipleOf', () => {
    assert.deepEqual(reports({minimum: 5}, 3), [['$: must have a minimum value of 5', '$', 'minimum', ['5']]])
    assert.deepEqual(reports({maximum: 10}, 15), [['$: must have a maximum value of 10', '$', 'maximum', ['10']]])
    assert.deepEqual(reports({minimum: 5, exclusiveMinimum: true}, 5), [['$: must have a minimum value of 5', '$', 'minimum', ['5']]])
    assert.deepEqual(reports({maximum: 10, exclusiveMaximum: true}, 10), [['$: must have a maximum value of 10', '$', 'maximum', ['10']]])
    assert.deepEqual(reports({multipleOf: 5}, 7), [['$: must be multiple of 5', '$', 'multipleOf', ['5']]])
  })

  it('arrays and objects: items counts, uniqueness, property counts, dependencies, additionalItems', () => {
    assert.deepEqual(reports({minItems: 3}, [1, 2]), [['$: there must be a minimum of 3 items in the array', '$', 'minItems', ['3', '2']]])
    assert.deepEqual(reports({maxItems: 2}, [1, 2, 3]), [['$: there must be a maximum of 2 items in the array', '$', 'maxItems', ['2', '3']]])
    assert.deepEqual(reports({uniqueItems: true}, [1, 2, 2, 3]), [['$: the items in the array must be unique', '$', 'uniqueItems', []]])
    assert.deepEqual(reports({minProperties: 3}, {a: 1, b: 2}), [['$: should have a minimum of 3 properties', '$', 'minProperties', ['3']]])
    assert.deepEqual(reports({maxProperties: 2}, {a: 1, b: 2, c: 3}), [['$: may only have a maximum of 2 properties', '$', 'maxProperties', ['2']]])
    assert.deepEqual(reports({dependencies: {card: ['billing']}}, {card: 1}), [['$: has an error with dependencies {card=[billing]}', '$', 'dependencies', ['{card=[billing]}']]])
    assert.deepEqual(reports({items: [{type: 'string'}], additionalItems: false}, ['a', 1]), [['$[1]: no validator found at this index', '$', 'additionalItems', ['1']]])
  })

  it('composition: allOf/anyOf report the branch errors, oneOf with several matches, not', () => {
    assert.deepEqual(reports({allOf: [{type: 'string'}, {minLength: 5}]}, 'abc'), [['$: must be at least 5 characters long', '$', 'minLength', ['5']]])
    assert.deepEqual(reports({anyOf: [{type: 'string'}, {type: 'boolean'}]}, 5), [
      ['$: integer found, string expected', '$', 'type', ['integer', 'string']],
      ['$: integer found, boolean expected', '$', 'type', ['integer', 'boolean']],
    ])
    const both = '{"type":"number","multipleOf":5}{"type":"number","multipleOf":3}'
    assert.deepEqual(reports({oneOf: [{type: 'number', multipleOf: 5}, {type: 'number', multipleOf: 3}]}, 15), [[`$: should be valid to one and only one of schema, but more than one are valid: ${both}`, '$', 'oneOf', [both]]])
    const shapes = {oneOf: [{properties: {a: {type: 'string'}}, required: ['a'], additionalProperties: false}, {properties: {b: {type: 'integer'}}, additionalProperties: false}]}
    assert.deepEqual(reports(shapes, {b: 'x'}), [
      ['$.a: is missing but it is required', '$', 'required', ['a']],
      ['$.b: string found, integer expected', '$.b', 'type', ['string', 'integer']],
    ], 'no branch matches: the branch errors without their additionalProperties ones')
    assert.deepEqual(reports({oneOf: [{additionalProperties: false}, {properties: {}, additionalProperties: false}]}, {x: 1}), [
      ['$: should be valid to one and only one of schema, but more than one are valid: ', '$', 'oneOf', ['']],
    ], 'nothing left: the oneOf message itself')
    assert.deepEqual(reports({not: {type: 'string'}}, 'test'), [['$: should not be valid to the schema "not" : {"type":"string"}', '$', 'not', ['"not" : {"type":"string"}']]])
  })

  it('reports every failure, not only the first', () => {
    const body = {type: 'object', properties: {country: {type: 'string'}, beers: {type: 'array', items: {type: 'string'}}}, required: ['country', 'beers']}
    assert.deepEqual(reports(body, {country: 23, beers: ['ale', false]}).map((r) => r[0]), ['$.country: integer found, string expected', '$.beers[1]: boolean found, string expected'])
  })

  it('checkSchema reports draft-04 problems as schemaIssues; validate throws INVALID_SCHEMA', () => {
    assert.deepEqual(v.checkSchema({type: 'strin'}), [
      {path: '$.type', message: '$.type: does not have a value in the enumeration [array, boolean, integer, null, number, object, string]'},
      {path: '$.type', message: '$.type: string found, array expected'},
    ])
    assert.deepEqual(v.checkSchema({properties: {a: {maxLength: '3'}}}), [{path: '$.properties.a.maxLength', message: '$.properties.a.maxLength: string found, integer expected'}])
    assert.deepEqual(v.checkSchema(schemaOf('iglu:com.acme/t/jsonschema/1-0-0')), [], 'self and $schema are allowed')
    assert.throws(() => v.validate('iglu:com.acme/bad/jsonschema/1-0-0', {type: 'strin'}, 1), (e: Error & {code?: string; details?: {schemaIssues: unknown[]}}) =>
      e.code === 'INVALID_SCHEMA' && e.details!.schemaIssues.length === 2)
  })

  it('compiles once per Iglu URI and recompiles only when the schema changed', () => {
    const uri = 'iglu:com.acme/once/jsonschema/1-0-0'
    const a = v.compile(uri, schemaOf(uri, {type: 'string'}))
    assert.equal(v.compile(uri, schemaOf(uri, {type: 'string'})), a, 'same content, new object: same compiled schema')
    const b = v.compile(uri, schemaOf(uri, {type: 'integer'}))
    assert.notEqual(b, a)
    assert.ok(b.ok && b.check(5) === null)
  })
})

describe('every schema in Iglu Central', () => {
  it('compiles (JSON Schemas) or is reported as schemaIssues (Avro)', {skip: igluCentralSkip}, (t) => {
    const root = path.join(requireIgluCentral(), 'schemas')
    const validator = createSchemaValidator()
    let jsonSchemas = 0
    const failures: string[] = []
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir)) {
        const p = path.join(dir, e)
        if (statSync(p).isDirectory()) {
          walk(p)
          continue
        }
        const uri = `iglu:${path.relative(root, p).split(path.sep).join('/')}`
        const compiled = validator.compile(uri, JSON.parse(readFileSync(p, 'utf8')))
        const format = uri.split('/')[2]
        if (format === 'jsonschema') jsonSchemas++
        if (!compiled.ok) failures.push(`${format} ${uri}`)
      }
    }
    walk(root)
    t.diagnostic(`${jsonSchemas} JSON Schemas compiled; ${failures.length} non-draft-04 schemas reported as schemaIssues: ${failures.join(', ')}`)
    assert.ok(jsonSchemas > 600, `found ${jsonSchemas} JSON Schemas`)
    assert.deepEqual(failures.filter((f) => !f.startsWith('avro ')), [], 'every jsonschema compiles')
    assert.ok(failures.length > 0 && failures.every((f) => f.startsWith('avro ')), 'Avro schemas are not draft-04 and fail with schemaIssues, never a crash')
  })
})
