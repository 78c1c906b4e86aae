/**
 * CollectorPayload <-> TBinaryProtocol bytes with the `thrift` package. Writing goes through a
 * TBufferedTransport, whose flush callback receives the whole message (no frame header); reading
 * wraps the bytes in a TFramedTransport, which reads straight from the given buffer.
 * Cost (bench/thrift.bench.ts): ~10 µs per encode whatever the size, because the package allocates a
 * Buffer for every field header and length; 1.6-2.2 µs per decode.
 */
import thrift from 'thrift'
import {COLLECTOR_PAYLOAD_SCHEMA, type CollectorPayload} from './collector-payload.js'
import {END_OF_BYTES, thriftDecodeError} from './errors.js'
import {isSpError, type SpError} from '../errors/sp-error.js'

const {TBinaryProtocol, TBufferedTransport, TFramedTransport, Thrift} = thrift
// exported by the package but missing from @types/thrift
const InputBufferUnderrunError = (thrift as unknown as {InputBufferUnderrunError: new () => Error}).InputBufferUnderrunError
const T = Thrift.Type

/** Thrift field ids and types of collector-payload-1 (the canonical IDL, not iglu-central's stale copy). */
const STRING_FIELDS = [
  [100, 'ipAddress'],
  [210, 'encoding'],
  [220, 'collector'],
  [300, 'userAgent'],
  [310, 'refererUri'],
  [320, 'path'],
  [330, 'querystring'],
  [340, 'body'],
  [360, 'contentType'],
  [400, 'hostname'],
  [410, 'networkUserId'],
  [31337, 'schema'],
] as const

type StringField = (typeof STRING_FIELDS)[number][1]
const STRING_FIELD_BY_ID = new Map<number, StringField>(STRING_FIELDS.map(([id, name]) => [id, name]))

/**
 * Serializes like Java's TSerializer: fields in ascending id order (so `schema`, id 31337, comes
 * last), absent optional fields omitted, the i64 timestamp always written.
 */
export function encodeCollectorPayload(p: CollectorPayload): Buffer {
  let out: Buffer | undefined
  const transport = new TBufferedTransport(undefined, (msg?: Buffer) => {
    out = msg
  })
  const protocol = new TBinaryProtocol(transport)
  protocol.writeStructBegin('CollectorPayload')
  writeString(protocol, 'ipAddress', 100, p.ipAddress)
  protocol.writeFieldBegin('timestamp', T.I64, 200)
  protocol.writeI64(p.timestamp)
  protocol.writeFieldEnd()
  writeString(protocol, 'encoding', 210, p.encoding)
  writeString(protocol, 'collector', 220, p.collector)
  writeString(protocol, 'userAgent', 300, p.userAgent)
  writeString(protocol, 'refererUri', 310, p.refererUri)
  writeString(protocol, 'path', 320, p.path)
  writeString(protocol, 'querystring', 330, p.querystring)
  writeString(protocol, 'body', 340, p.body)
  if (p.headers !== undefined) {
    protocol.writeFieldBegin('headers', T.LIST, 350)
    protocol.writeListBegin(T.STRING, p.headers.length)
    for (const h of p.headers) protocol.writeString(h)
    protocol.writeListEnd()
    protocol.writeFieldEnd()
  }
  writeString(protocol, 'contentType', 360, p.contentType)
  writeString(protocol, 'hostname', 400, p.hostname)
  writeString(protocol, 'networkUserId', 410, p.networkUserId)
  writeString(protocol, 'schema', 31337, p.schema)
  protocol.writeFieldStop()
  protocol.writeStructEnd()
  transport.flush()
  // flush() skips the callback when nothing was written, which cannot happen: the stop byte is there
  return out as Buffer
}

function writeString(protocol: InstanceType<typeof TBinaryProtocol>, name: string, id: number, value: string | undefined | null): void {
  if (value === undefined || value === null) return
  protocol.writeFieldBegin(name, T.STRING, id)
  protocol.writeString(value)
  protocol.writeFieldEnd()
}

/**
 * Reads a CollectorPayload the way enrich's ThriftLoader does (TBinaryProtocol over the raw bytes):
 * unknown fields and fields of an unexpected type are skipped. Absent required strings decode as
 * `''` and an absent timestamp as 0 (Java leaves them null/0; enrich then rejects the schema).
 * Throws SpError THRIFT_DECODE with enrich's message when the bytes are not Thrift.
 */
export function decodeCollectorPayload(buf: Buffer): CollectorPayload {
  const transport = new TFramedTransport(buf)
  const protocol = new TBinaryProtocol(transport)
  const p: CollectorPayload = {schema: '', ipAddress: '', timestamp: 0, encoding: '', collector: ''}
  try {
    protocol.readStructBegin()
    for (;;) {
      const {ftype, fid} = protocol.readFieldBegin()
      if (ftype === T.STOP) break
      const stringField = STRING_FIELD_BY_ID.get(fid)
      if (stringField !== undefined && ftype === T.STRING) {
        p[stringField] = protocol.readString()
      } else if (fid === 200 && ftype === T.I64) {
        p.timestamp = protocol.readI64().toNumber(true)
      } else if (fid === 350 && ftype === T.LIST) {
        // like Java's generated reader, the element type is trusted to be string
        const {size} = protocol.readListBegin()
        if (size < 0) throw thriftDecodeError(`Negative length: ${size}`)
        const headers: string[] = []
        for (let i = 0; i < size; i++) headers.push(protocol.readString())
        protocol.readListEnd()
        p.headers = headers
      } else {
        protocol.skip(ftype)
      }
      protocol.readFieldEnd()
    }
    protocol.readStructEnd()
  } catch (error) {
    throw toDecodeError(error, buf, (transport as unknown as {readPos: number}).readPos)
  }
  return p
}

/** Java's messages for the same failures, so bad rows read as Snowplow's do. */
function toDecodeError(error: unknown, buf: Buffer, readPos: number): SpError {
  if (isSpError(error)) return error
  if (error instanceof InputBufferUnderrunError) return thriftDecodeError(END_OF_BYTES)
  const message = error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error) ? String((error as {message: unknown}).message) : String(error)
  // the package does not say which length it read: it is the i32 just before the read position
  if (/^Negative (string|binary) size$/.test(message)) return thriftDecodeError(`Negative length: ${buf.readInt32BE(readPos - 4)}`)
  const invalidType = /^Invalid type: (-?\d+)$/.exec(message)
  if (invalidType) return thriftDecodeError(`Unrecognized type ${invalidType[1]}`)
  return thriftDecodeError(message)
}

export {COLLECTOR_PAYLOAD_SCHEMA}
