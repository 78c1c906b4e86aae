/**
 * Port of Snowplow Enrich 6's AtomicFieldsSpec (modules/common/src/test/scala/.../enrichments/
 * AtomicFieldsSpec.scala): atomic errors folded into one ValidationError against the atomic schema.
 * Our own test code.
 */
import {test} from 'node:test'
import assert from 'node:assert/strict'
import {atomicViolation} from '../../src/enrich/failures.js'
import {scalaMapEntries} from '../../src/adapters/scala-map.js'

test('AtomicFieldsSpec errorsToSchemaViolation: convert AtomicErrors to SchemaViolation correctly', () => {
  const v = atomicViolation([
    {field: 'field1', value: 'value1', message: 'message1', keyword: 'atomic_field_parse_error'},
    {field: 'field2', value: '', message: 'message2', keyword: 'atomic_field_parse_error'},
    {field: 'field3', value: 'value3', message: 'message3', keyword: 'atomic_field_length_exceeded'},
    {field: 'field4', value: null, message: 'message4', keyword: 'atomic_field_parse_error'},
  ])
  assert.deepEqual(v.message, {
    schemaKey: 'iglu:com.snowplowanalytics.snowplow/atomic/jsonschema/1-0-0',
    error: {
      error: 'ValidationError',
      dataReports: [
        {message: 'message1', path: 'field1', keyword: 'atomic_field_parse_error', targets: []},
        {message: 'message2', path: 'field2', keyword: 'atomic_field_parse_error', targets: []},
        {message: 'message3', path: 'field3', keyword: 'atomic_field_length_exceeded', targets: []},
        {message: 'message4', path: 'field4', keyword: 'atomic_field_parse_error', targets: []},
      ],
    },
  })
  assert.equal(v.source, 'atomic_field')
  assert.equal(JSON.stringify(v.data), '{"field1":"value1","field2":"","field3":"value3","field4":null}')
})

test('AtomicFields: with five or more fields the data object takes the Scala Map (hash trie) order Enrich prints', () => {
  const fields = ['user', 'name', 'publisher_name', 'source', 'tracking_id', 'ad_unit']
  const v = atomicViolation(fields.map((field) => ({field, value: 'x', message: 'm', keyword: 'atomic_field_parse_error' as const})))
  assert.deepEqual(Object.keys(v.data as object), ['name', 'source', 'ad_unit', 'tracking_id', 'publisher_name', 'user'])
  assert.deepEqual(
    scalaMapEntries(fields.map((f) => [f, 1] as const)).map(([k]) => k),
    ['name', 'source', 'ad_unit', 'tracking_id', 'publisher_name', 'user'],
  )
})
