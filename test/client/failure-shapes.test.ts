import {test} from 'node:test'
import assert from 'node:assert/strict'
import {errorMessages, formatErrorMessage, shortError} from '../../src/client/error-messages.js'
import {MicroClient} from '../../src/client/micro-client.js'
import {formatEventLine, formatEventsTable} from '../../src/tui/line-format.js'
import {detailLines} from '../../src/tui/detail-lines.js'
import {startAcmeMicro} from '../helpers/acme-micro.js'

const row = (name: string, version: string, failure: unknown) =>
  JSON.stringify({schema: `iglu:com.snowplowanalytics.snowplow.badrows/${name}/jsonschema/${version}`, data: {processor: {artifact: 'sp', version: '0.1.0'}, failure, payload: {}}})
const violations = (...messages: unknown[]) => row('schema_violations', '2-0-1', {timestamp: '2026-01-01T00:00:00.000Z', messages})
const lines = (text: string) => errorMessages([text]).map(formatErrorMessage)

// every message shape the bad-row schemas (snowplow-badrows FailureDetails) allow
test('schema_violations: every failure shape reads as a sentence, never {}', () => {
  assert.deepEqual(lines(violations({field: 'contexts', value: 'notjson', error: 'invalid json: Unexpected token'})), ['contexts: invalid json: Unexpected token (value "notjson")'])
  assert.deepEqual(lines(violations({field: 'unstruct', value: null, error: 'invalid json: empty'})), ['unstruct: invalid json: empty'])
  for (const [code, meaning] of [
    ['INVALID_IGLUURI', 'its schema is not an Iglu URI'],
    ['INVALID_SCHEMAVER', 'its schema version is not a SchemaVer'],
    ['INVALID_DATA_PAYLOAD', 'it is not self-describing JSON'],
    ['INVALID_SCHEMA', 'it is not a valid self-describing schema'],
  ] as const) {
    const [line] = lines(violations({json: {schema: 'nope', data: {}}, error: code}))
    assert.ok(line!.startsWith(meaning) && line!.includes(`(${code}): {"schema":"nope","data":{}}`), line)
  }
  assert.deepEqual(lines(violations({schemaKey: 'iglu:com.acme/x/jsonschema/2-0-0', schemaCriterion: 'iglu:com.acme/x/jsonschema/1-*-*'})), [
    'iglu:com.acme/x/jsonschema/2-0-0: does not match the schema criterion iglu:com.acme/x/jsonschema/1-*-*',
  ])
  assert.deepEqual(lines(violations({schemaKey: 'iglu:com.acme/x/jsonschema/1-0-0', error: {error: 'ValidationError', schemaIssues: [{path: '$.type', message: '$.type: does not have a value in the enumeration'}]}})), [
    'iglu:com.acme/x/jsonschema/1-0-0: the schema itself is invalid: $.type: does not have a value in the enumeration',
  ])
  assert.deepEqual(lines(violations({schemaKey: 'iglu:com.acme/x/jsonschema/1-0-0', error: {error: 'ResolutionError', lookupHistory: [{repository: 'R', errors: [{error: 'RepoFailure', message: 'boom'}], attempts: 1, lastAttempt: 'x'}]}})), [
    'iglu:com.acme/x/jsonschema/1-0-0: schema could not be resolved (looked in R)',
  ])
  const long = 'x'.repeat(200)
  assert.ok(lines(violations({field: 'co', value: long, error: 'invalid json'}))[0]!.length < 120)
})

test('adapter, tracker protocol and enrichment failures: every shape', () => {
  assert.deepEqual(lines(row('adapter_failures', '1-0-0', {messages: [{actual: 'order.paid', expectedMapping: {'order.created': 'iglu:a/b/jsonschema/1-0-0'}, expectation: 'no schema associated with the provided type parameter'}]})), [
    'no schema associated with the provided type parameter (event type "order.paid"; known: order.created)',
  ])
  assert.deepEqual(lines(row('adapter_failures', '1-0-0', {messages: [{field: 'body', value: '{', error: 'invalid json: end'}]})), ['body: invalid json: end (value "{")'])
  assert.deepEqual(lines(row('tracker_protocol_violations', '1-0-1', {messages: [{json: 3, error: 'INVALID_DATA_PAYLOAD'}]})), [
    'it is not self-describing JSON ({"schema": "iglu:…", "data": …}) (INVALID_DATA_PAYLOAD): 3',
  ])
  const enrichment = {schemaKey: 'iglu:com.snowplowanalytics.snowplow/ip_lookups/jsonschema/2-0-0', identifier: 'ip-lookups'}
  assert.deepEqual(lines(row('enrichment_failures', '2-0-1', {messages: [
    {enrichment, message: {field: 'user_ipaddress', value: 'x', expectation: 'not an IP'}},
    {enrichment, message: {error: 'connection refused'}},
    {enrichment: null, message: {schemaKey: 'iglu:com.acme/x/jsonschema/1-0-0', error: {error: 'ValidationError', dataReports: [{message: '$.a: is missing but it is required', path: '$', keyword: 'required', targets: ['a']}]}}},
  ]})), [
    'user_ipaddress: ip-lookups: not an IP (value "x")',
    'ip-lookups: connection refused',
    'iglu:com.acme/x/jsonschema/1-0-0: $.a: is missing but it is required',
  ])
})

test('a context that is not JSON: tail rows, the detail pane and sp events show the bad row\'s message', async (t) => {
  const {micro} = await startAcmeMicro(t)
  await (await fetch(`${micro.url}/i?e=pv&p=web&tv=js-1&aid=shop&co=notjson`)).arrayBuffer()
  const client = new MicroClient(micro.url)
  await client.wait({}, {count: 1, timeout: 10_000})
  const [event] = await client.captured({})
  assert.equal(event!.status, 'incomplete')
  const expected = /contexts: invalid json: .* \(value "notjson"\)/
  assert.match(shortError(event!.errors), expected)
  assert.match(formatEventLine(event!, {color: false}), expected)
  assert.match(formatEventsTable([event!], {color: false}), expected)
  const detail = detailLines({...event!, id: 1, collectorTstamp: event!.collectorTstamp!}, await client.event(event!.eventId!))
  assert.ok(detail.some((l) => expected.test(l.map((s) => s.text).join(''))))
  assert.ok(!detail.some((l) => l.map((s) => s.text).join('').trim() === '• {}'))
})
