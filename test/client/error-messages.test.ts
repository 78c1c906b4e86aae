import {test} from 'node:test'
import assert from 'node:assert/strict'
import {errorMessages, failingSchema, formatErrorMessage, shortError} from '../../src/client/error-messages.js'

const row = (name: string, version: string, failure: unknown) =>
  JSON.stringify({schema: `iglu:com.snowplowanalytics.snowplow.badrows/${name}/jsonschema/${version}`, data: {processor: {artifact: 'sp', version: '0.1.0'}, failure, payload: {}}})

// the bad-row shapes of Snowplow's docs (schema_violations example in micro-api.md §5) and enrich
const VALIDATION = row('schema_violations', '2-0-0', {
  timestamp: '2026-11-27T19:38:52.864Z',
  messages: [
    {
      schemaKey: 'iglu:com.acme/checkout/jsonschema/1-0-0',
      error: {error: 'ValidationError', dataReports: [{message: '$.quantity: string found, integer expected', path: '$.quantity', keyword: 'type', targets: ['string', 'integer']}]},
    },
    {
      schemaKey: 'iglu:com.doesnotexist/does_not_exist/jsonschema/1-0-1',
      error: {error: 'ResolutionError', lookupHistory: [{repository: 'Iglu Central', errors: [{error: 'NotFound'}], attempts: 1, lastAttempt: '2026-11-27T19:38:52.864Z'}]},
    },
  ],
})

test('schema violations: the schema, the JSON path and the validator message; resolution errors say where it looked', () => {
  const messages = errorMessages(['Error while validating the event.', VALIDATION])
  assert.deepEqual(messages.map(formatErrorMessage), [
    'Error while validating the event.',
    'iglu:com.acme/checkout/jsonschema/1-0-0: $.quantity: string found, integer expected',
    'iglu:com.doesnotexist/does_not_exist/jsonschema/1-0-1: schema not found (looked in Iglu Central)',
  ])
  assert.equal(shortError(['Error while validating the event.', VALIDATION]), 'com.acme/checkout $.quantity: string found, integer expected')
  assert.equal(failingSchema(['Error while validating the event.', VALIDATION]), 'iglu:com.acme/checkout/jsonschema/1-0-0')
})

test('adapter, tracker protocol, payload format and size failures read as one line each', () => {
  const adapter = row('adapter_failures', '1-0-0', {vendor: 'com.bad', version: 'v1', messages: [{field: 'vendor/version', value: 'com.bad/v1', expectation: 'vendor/version combination is not supported'}]})
  assert.equal(shortError(['Error while extracting event(s) from collector payload and validating it/them.', adapter]), 'vendor/version combination is not supported (value "com.bad/v1")', 'the path is not repeated')
  const protocol = row('tracker_protocol_violations', '1-0-0', {vendor: 'com.snowplowanalytics.snowplow', version: 'tp2', messages: [{field: 'e', value: null, expectation: 'no event type'}]})
  assert.equal(shortError([protocol]), 'e: no event type')
  const expected = row('tracker_protocol_violations', '1-0-0', {messages: [{field: 'e', value: 'x', expectation: 'expected one of pv, pp, se, ue, tr, ti'}]})
  assert.equal(shortError([expected]), 'e: expected one of pv, pp, se, ue, tr, ti (value "x")', 'a path that merely starts the message is kept')
  const thrift = row('collector_payload_format_violation', '1-0-0', {timestamp: 't', loader: 'thrift', message: {error: 'Unrecognized type 99'}})
  assert.equal(shortError(["Can't deserialize Thrift bytes.", thrift]), 'Unrecognized type 99')
  const size = row('size_violation', '1-0-0', {timestamp: 't', maximumAllowedSizeBytes: 1000, actualSizeBytes: 2000, expectation: 'oversized collector payload'})
  assert.equal(shortError([size]), 'oversized collector payload (2000 bytes, limit 1000)')
  assert.equal(shortError(["Can't deserialize Thrift bytes."]), "Can't deserialize Thrift bytes.")
  assert.deepEqual(errorMessages(['{not json']), [{kind: 'stage', message: '{not json'}].map((m) => ({...m, kind: 'error'})))
})
