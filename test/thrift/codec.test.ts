import {test} from 'node:test'
import assert from 'node:assert/strict'
import {decodeCollectorPayload, encodeCollectorPayload} from '../../src/thrift/codec.js'
import {COLLECTOR_PAYLOAD_SCHEMA, type CollectorPayload} from '../../src/thrift/collector-payload.js'
import {collectorPayloadToJavaString} from '../../src/thrift/to-string.js'
import {isSpError} from '../../src/errors/sp-error.js'

// A GET payload serialized by Snowplow's Scala collector (enrich ThriftLoaderSpec, "parse valid parameterless payload").
const SNOWPLOW_BYTES = Buffer.from(
  'CwBkAAAACDEwLjAuMi4yCgDIAAABQ9o8zYULANIAAAAFVVRGLTgLANwAAAAQc3NjLTAuMC4xLVN0ZG91dAsBLAAAAFFNb3ppbGxhLzUuMCAoTWFjaW50b3NoOyBJbnRlbCBNYWMgT1MgWCAxMC45OyBydjoyNi4wKSBHZWNrby8yMDEwMDEwMSBGaXJlZm94LzI2LjALAUAAAAACL2kPAV4LAAAACAAAABhDYWNoZS1Db250cm9sOiBtYXgtYWdlPTAAAAAWQ29ubmVjdGlvbjoga2VlcC1hbGl2ZQAAAnBDb29raWU6IF9fdXRtYT0xMTE4NzIyODEuODc4MDg0NDg3LjEzOTAyMzcxMDcuMTM5MDg0ODQ4Ny4xMzkwOTMxNTIxLjY7IF9fdXRtej0xMTE4NzIyODEuMTM5MDIzNzEwNy4xLjEudXRtY3NyPShkaXJlY3QpfHV0bWNjbj0oZGlyZWN0KXx1dG1jbWQ9KG5vbmUpOyBfc3BfaWQuMWZmZj1iODlhNmZhNjMxZWVmYWMyLjEzOTAyMzcxMDcuNi4xMzkwOTMxNTQ1LjEzOTA4NDg2NDE7IGhibGlkPUNQamp1aHZGMDV6a3RQN0o3TTVWbzNOSUdQTEp5MVNGOyBvbGZzaz1vbGZzazU2MjkyMzYzNTYxNzU1NDsgX191dG1jPTExMTg3MjI4MTsgd2NzaWQ9dU1sb2cxUUpWRDdqdWhGWjdNNVZvQkN5UFB5aUJ5U1M7IF9va2x2PTEzOTA5MzE1ODU0NDUlMkN1TWxvZzFRSlZEN2p1aEZaN001Vm9CQ3lQUHlpQnlTUzsgX29rPTk3NTItNTAzLTEwLTUyMjc7IF9va2JrPWNkNCUzRHRydWUlMkN2aTUlM0QwJTJDdmk0JTNEMTM5MDkzMTUyMTEyMyUyQ3ZpMyUzRGFjdGl2ZSUyQ3ZpMiUzRGZhbHNlJTJDdmkxJTNEZmFsc2UlMkNjZDglM0RjaGF0JTJDY2Q2JTNEMCUyQ2NkNSUzRGF3YXklMkNjZDMlM0RmYWxzZSUyQ2NkMiUzRDAlMkNjZDElM0QwJTJDOyBzcD03NWExMzU4My01Yzk5LTQwZTMtODFmYy01NDEwODRkZmM3ODQAAAAeQWNjZXB0LUVuY29kaW5nOiBnemlwLCBkZWZsYXRlAAAAGkFjY2VwdC1MYW5ndWFnZTogZW4tVVMsIGVuAAAASkFjY2VwdDogdGV4dC9odG1sLCBhcHBsaWNhdGlvbi94aHRtbCt4bWwsIGFwcGxpY2F0aW9uL3htbDtxPTAuOSwgKi8qO3E9MC44AAAAXVVzZXItQWdlbnQ6IE1vemlsbGEvNS4wIChNYWNpbnRvc2g7IEludGVsIE1hYyBPUyBYIDEwLjk7IHJ2OjI2LjApIEdlY2tvLzIwMTAwMTAxIEZpcmVmb3gvMjYuMAAAABRIb3N0OiBsb2NhbGhvc3Q6NDAwMQsBkAAAAAlsb2NhbGhvc3QLAZoAAAAkNzVhMTM1ODMtNWM5OS00MGUzLTgxZmMtNTQxMDg0ZGZjNzg0C3ppAAAAQWlnbHU6Y29tLnNub3dwbG93YW5hbHl0aWNzLnNub3dwbG93L0NvbGxlY3RvclBheWxvYWQvdGhyaWZ0LzEtMC0wAA==',
  'base64',
)

function fullPayload(overrides: Partial<CollectorPayload> = {}): CollectorPayload {
  return {
    schema: COLLECTOR_PAYLOAD_SCHEMA,
    ipAddress: '203.0.113.7',
    timestamp: 1_700_000_000_123,
    encoding: 'UTF-8',
    collector: 'ssc-sp-0.1.0-stdout',
    userAgent: 'Mozilla/5.0 (Ünïcödé) 日本語',
    refererUri: 'https://shop.example/ü?q=✓',
    path: '/com.snowplowanalytics.snowplow/tp2',
    querystring: 'e=pv&page=%E2%9C%93',
    body: '{"schema":"iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4","data":[{"e":"se","se_ca":"🚀 launch"}]}',
    headers: ['Host: shop.example', 'Cookie: sp=abc', 'Content-Type: application/json', 'application/json'],
    contentType: 'application/json; charset=utf-8',
    hostname: 'shop.example',
    networkUserId: '75a13583-5c99-40e3-81fc-541084dfc784',
    ...overrides,
  }
}

/** Field ids in wire order, walking the top-level struct. */
function fieldIds(buf: Buffer): number[] {
  const ids: number[] = []
  let pos = 0
  for (;;) {
    const type = buf[pos++]
    if (type === 0) return ids
    ids.push(buf.readInt16BE(pos))
    pos += 2
    if (type === 10) pos += 8
    else if (type === 11) pos += 4 + buf.readInt32BE(pos)
    else if (type === 15) {
      const size = buf.readInt32BE(pos + 1)
      pos += 5
      for (let i = 0; i < size; i++) pos += 4 + buf.readInt32BE(pos)
    } else throw new Error(`unexpected type ${type}`)
  }
}

test('decodes a payload written by the Scala collector and re-encodes it byte for byte', () => {
  const payload = decodeCollectorPayload(SNOWPLOW_BYTES)
  assert.equal(payload.schema, COLLECTOR_PAYLOAD_SCHEMA)
  assert.equal(payload.ipAddress, '10.0.2.2')
  assert.equal(new Date(payload.timestamp).toISOString(), '2014-01-28T19:04:14.469Z')
  assert.equal(payload.collector, 'ssc-0.0.1-Stdout')
  assert.equal(payload.path, '/i')
  assert.equal(payload.hostname, 'localhost')
  assert.equal(payload.networkUserId, '75a13583-5c99-40e3-81fc-541084dfc784')
  assert.equal(payload.headers?.length, 8)
  assert.equal(payload.body, undefined)
  assert.ok(encodeCollectorPayload(payload).equals(SNOWPLOW_BYTES))
})

test('writes fields in ascending id order with schema (31337) last, as Java TSerializer does', () => {
  assert.deepEqual(fieldIds(encodeCollectorPayload(fullPayload())), [100, 200, 210, 220, 300, 310, 320, 330, 340, 350, 360, 400, 410, 31337])
})

test('omits absent optional fields but always writes the timestamp', () => {
  const minimal: CollectorPayload = {schema: COLLECTOR_PAYLOAD_SCHEMA, ipAddress: '1.2.3.4', timestamp: 0, encoding: 'UTF-8', collector: 'c'}
  assert.deepEqual(fieldIds(encodeCollectorPayload(minimal)), [100, 200, 210, 220, 31337])
  assert.deepEqual(decodeCollectorPayload(encodeCollectorPayload(minimal)), minimal)
})

test('an empty struct with a 1000-character querystring is 1019 bytes, as in Snowplow SplitBatchSpec', () => {
  const bytes = encodeCollectorPayload({timestamp: 0, querystring: 'x'.repeat(1000)} as unknown as CollectorPayload)
  assert.equal(bytes.length, 1019)
})

test('round-trips every optional field, unicode and a 1 MB body', () => {
  for (const payload of [
    fullPayload(),
    fullPayload({body: '€'.repeat(300_000) + 'x'.repeat(1_048_576 - 900_000)}), // 1 MB of UTF-8, 3-byte characters included
    fullPayload({headers: [], querystring: '', body: ''}),
  ]) {
    const bytes = encodeCollectorPayload(payload)
    assert.deepEqual(decodeCollectorPayload(bytes), payload)
  }
  const big = fullPayload({body: 'b'.repeat(1024 * 1024)})
  const bytes = encodeCollectorPayload(big)
  assert.ok(bytes.length > 1024 * 1024)
  assert.equal(decodeCollectorPayload(bytes).body, big.body)
})

test('skips unknown fields, as generated Java readers do', () => {
  const known = encodeCollectorPayload(fullPayload())
  // prepend field 999 (string "future") to the struct
  const extra = Buffer.concat([Buffer.from([11, 0x03, 0xe7, 0, 0, 0, 6]), Buffer.from('future'), known])
  assert.deepEqual(decodeCollectorPayload(extra), fullPayload())
})

function decodeError(bytes: Buffer): {code: string; message: string} {
  try {
    decodeCollectorPayload(bytes)
  } catch (error) {
    assert.ok(isSpError(error))
    return {code: error.code, message: error.message}
  }
  assert.fail('expected a decode error')
}

test('truncated bytes fail with enrich ThriftLoader\'s end-of-bytes message', () => {
  const bytes = encodeCollectorPayload(fullPayload())
  for (const cut of [0, 1, 5, 30, bytes.length - 1]) {
    assert.deepEqual(decodeError(bytes.subarray(0, cut)), {
      code: 'THRIFT_DECODE',
      message: 'error deserializing raw event: Reached end of bytes when parsing as thrift format',
    })
  }
})

test('junk bytes fail with an "error deserializing raw event" message', () => {
  assert.equal(decodeError(Buffer.from('hello world')).message, 'error deserializing raw event: Unrecognized type 104')
  assert.equal(decodeError(Buffer.from([11, 0, 100, 0xff, 0xff, 0xff, 0xfa])).message, 'error deserializing raw event: Negative length: -6')
})

test('prints the payload as Java\'s toString, which size_violation bad rows carry', () => {
  const text = collectorPayloadToJavaString({timestamp: 0, path: 'p'.repeat(5)} as unknown as CollectorPayload)
  assert.equal(text, 'CollectorPayload(schema:null, ipAddress:null, timestamp:0, encoding:null, collector:null, path:ppppp)')
  const full = collectorPayloadToJavaString(fullPayload())
  assert.match(full, /^CollectorPayload\(schema:iglu:com\.snowplowanalytics\.snowplow\/CollectorPayload\/thrift\/1-0-0, ipAddress:203\.0\.113\.7, timestamp:1700000000123, encoding:UTF-8, collector:ssc-sp-0\.1\.0-stdout, userAgent:/)
  assert.match(full, /headers:\[Host: shop\.example, Cookie: sp=abc, Content-Type: application\/json, application\/json\], contentType:/)
})

test('any bytes either decode or fail with THRIFT_DECODE, never another error', () => {
  // deterministic pseudo-random inputs: mutations of a real payload and plain noise
  let seed = 42
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
  const valid = encodeCollectorPayload(fullPayload())
  for (let i = 0; i < 2000; i++) {
    const bytes = i % 2 === 0 ? Buffer.from(valid) : Buffer.alloc(1 + Math.floor(random() * 64))
    const flips = i % 2 === 0 ? 1 + Math.floor(random() * 4) : bytes.length
    for (let f = 0; f < flips; f++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256)
    try {
      decodeCollectorPayload(bytes)
    } catch (error) {
      assert.ok(isSpError(error) && error.code === 'THRIFT_DECODE', String(error))
      assert.match(error.message, /^error deserializing raw event: /)
    }
  }
})
