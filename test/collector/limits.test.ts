import {test} from 'node:test'
import assert from 'node:assert/strict'
import {rawRequest, startTestMicro, storedEvents, storedPayloads} from '../micro/fixtures.js'
import {SP_VERSION} from '../../src/version.js'

const TP2 = '/com.snowplowanalytics.snowplow/tp2'

function tp2Body(bytes: number): string {
  const head = '{"schema":"iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4","data":[{"e":"pv","url":"'
  const tail = '"}]}'
  return head + 'x'.repeat(bytes - head.length - tail.length) + tail
}

test('a payload above max size is stored as a bad event with a size_violation bad row (default 1 MB)', async (t) => {
  const micro = await startTestMicro(t)
  const body = tp2Body(1_200_000)
  const started = Date.now()
  const res = await fetch(micro.url + TP2, {method: 'POST', body, headers: {'content-type': 'application/json'}})
  assert.equal(res.status, 200)
  assert.equal(await res.text(), 'ok')

  const [stored] = storedPayloads(micro.store.db)
  assert.equal(stored.payload.body, body)
  const [row] = storedEvents(micro.store.db)
  assert.equal(row.status, 'bad')
  assert.equal(row.payload_id, stored.id)
  assert.equal(row.api_vendor, 'com.snowplowanalytics.snowplow')
  assert.equal(row.api_version, 'tp2')
  assert.equal(row.collector_tstamp, stored.receivedAt)

  const badRow = JSON.parse(row.bad_row ?? 'null')
  assert.deepEqual(Object.keys(badRow), ['schema', 'data'])
  assert.equal(badRow.schema, 'iglu:com.snowplowanalytics.snowplow.badrows/size_violation/jsonschema/1-0-0')
  assert.deepEqual(Object.keys(badRow.data), ['processor', 'failure', 'payload'])
  assert.deepEqual(badRow.data.processor, {artifact: 'sp', version: SP_VERSION})
  const size = stored.thrift.length
  assert.deepEqual({...badRow.data.failure, timestamp: undefined}, {
    timestamp: undefined,
    maximumAllowedSizeBytes: 1_048_576,
    actualSizeBytes: size,
    expectation: `oversized collector payload: Payload exceeds max size of 1048576. Actual length: ${size}`,
  })
  assert.ok(Date.parse(badRow.data.failure.timestamp) >= started - 1000)
  assert.match(badRow.data.failure.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/)
  assert.equal(badRow.data.payload.length, 104_857)
  assert.ok(badRow.data.payload.startsWith('CollectorPayload(schema:iglu:com.snowplowanalytics.snowplow/CollectorPayload/thrift/1-0-0, ipAddress:127.0.0.1, timestamp:'))

  const errors = JSON.parse(row.errors)
  assert.equal(errors.length, 2)
  assert.equal(errors[0], `Payload too large: ${size} bytes, the limit is 1048576 bytes (--max-payload-size).`)
  assert.equal(errors[1], row.bad_row)
})

test('limits are configurable; a body above the drop size gets 413 and nothing is stored', async (t) => {
  const micro = await startTestMicro(t, {collector: {maxPayloadSize: 2_000, dropPayloadSize: 5_000}})
  const small = await fetch(micro.url + TP2, {method: 'POST', body: tp2Body(500)})
  assert.equal(small.status, 200)
  const oversized = await fetch(micro.url + TP2, {method: 'POST', body: tp2Body(3_000)})
  assert.equal(oversized.status, 200)
  const dropped = await fetch(micro.url + TP2, {method: 'POST', body: tp2Body(6_000)})
  assert.equal(dropped.status, 413)
  assert.equal(storedPayloads(micro.store.db).length, 2)
  // (with enrich in sp micro, the small payload has events of its own)
  const events = storedEvents(micro.store.db).filter((e) => e.bad_row?.includes('/size_violation/'))
  assert.equal(events.length, 1)
  assert.equal(JSON.parse(events[0].bad_row ?? '{}').data.failure.maximumAllowedSizeBytes, 2_000)
  // a tenth of the limit
  assert.equal(JSON.parse(events[0].bad_row ?? '{}').data.payload.length, 200)
})

test('a GET whose payload is too large is a size violation too', async (t) => {
  const micro = await startTestMicro(t, {collector: {maxPayloadSize: 1_000, dropPayloadSize: 5_000}})
  const res = await fetch(micro.url + '/i?e=pv&url=' + 'y'.repeat(1_500))
  assert.equal(res.status, 200)
  const [row] = storedEvents(micro.store.db)
  assert.equal(row.status, 'bad')
  assert.equal(row.api_version, 'tp1')
})

test('a body above the default drop size (2 MB) gets 413 and nothing is stored', async (t) => {
  const micro = await startTestMicro(t)
  const res = await fetch(micro.url + TP2, {method: 'POST', body: tp2Body(2_100_000)})
  assert.equal(res.status, 413)
  assert.equal(storedPayloads(micro.store.db).length, 0)
})

test('an over-long request line or headers get a 4xx and the server keeps serving', async (t) => {
  const micro = await startTestMicro(t)
  const longLine = await rawRequest(micro.url, {path: '/i?e=pv&x=' + 'a'.repeat(70_000)})
  assert.ok(longLine.status >= 400 && longLine.status < 500, String(longLine.status))
  const longHeaders = await rawRequest(micro.url, {path: '/i', headers: {'X-Big': 'b'.repeat(70_000)}})
  assert.ok(longHeaders.status >= 400 && longHeaders.status < 500, String(longHeaders.status))
  // within Snowplow's limits (request line 20480, headers 40960) all is well
  const fine = await rawRequest(micro.url, {path: '/i?e=pv&x=' + 'a'.repeat(15_000), headers: {'X-Big': 'b'.repeat(30_000)}})
  assert.equal(fine.status, 200)
  assert.equal(storedPayloads(micro.store.db).length, 1)
})
