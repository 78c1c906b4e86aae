/**
 * CollectorPayload <-> TBinaryProtocol bytes with the `thrift` package. Writing uses the package's
 * TBinaryProtocol framing (struct, field headers, list, stop) over our own write buffer: the
 * package's TBufferedTransport allocates a 1 KB read buffer per instance and its protocol allocates
 * a deprecated `new Buffer()` (each a fresh ArrayBuffer) for every byte, i16, i32 and string, which
 * made an encode cost ~10 µs whatever the size. Reading wraps the bytes in a TFramedTransport,
 * which reads straight from the given buffer (1.6-2.2 µs per decode).
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
  const writer = new ByteWriter(payloadSizeHint(p))
  const protocol = new DirectBinaryProtocol(writer)
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
  return writer.bytes()
}

/** Upper bound of the encoded size for ASCII strings (3 bytes per UTF-16 unit covers the rest). */
function payloadSizeHint(p: CollectorPayload): number {
  let n = 64
  for (const [, name] of STRING_FIELDS) n += 7 + (p[name]?.length ?? 0)
  if (p.headers !== undefined) for (const h of p.headers) n += 4 + h.length
  return n
}

/** A growable output buffer: the only transport method TBinaryProtocol's writers call is write(). */
class ByteWriter {
  buf: Buffer
  pos = 0
  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size)
  }
  ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + extra))
    this.buf.copy(grown, 0, 0, this.pos)
    this.buf = grown
  }
  write(chunk: Buffer): void {
    this.ensure(chunk.length)
    chunk.copy(this.buf, this.pos)
    this.pos += chunk.length
  }
  bytes(): Buffer {
    return this.buf.subarray(0, this.pos)
  }
}

/**
 * The package's TBinaryProtocol with its primitive writers going straight into the ByteWriter
 * (same bytes: big-endian, UTF-8 strings with an i32 length), so no Buffer is allocated per field.
 */
class DirectBinaryProtocol extends TBinaryProtocol {
  private readonly out: ByteWriter
  constructor(out: ByteWriter) {
    super(out as unknown as InstanceType<typeof TBufferedTransport>)
    this.out = out
  }
  override writeByte(b: number): void {
    this.out.ensure(1)
    this.out.buf.writeInt8(b, this.out.pos)
    this.out.pos += 1
  }
  override writeI16(i16: number): void {
    this.out.ensure(2)
    this.out.buf.writeInt16BE(i16, this.out.pos)
    this.out.pos += 2
  }
  override writeI32(i32: number): void {
    this.out.ensure(4)
    this.out.buf.writeInt32BE(i32, this.out.pos)
    this.out.pos += 4
  }
  // the package's version builds a node-int64 object around a deprecated `new Buffer(8)`
  override writeI64(i64: number | Parameters<InstanceType<typeof TBinaryProtocol>['writeI64']>[0]): void {
    if (typeof i64 !== 'number') return super.writeI64(i64)
    this.out.ensure(8)
    this.out.buf.writeBigInt64BE(BigInt(Math.trunc(i64)), this.out.pos)
    this.out.pos += 8
  }
  override writeString(s: string): void {
    const length = Buffer.byteLength(s, 'utf8')
    this.writeI32(length)
    this.out.ensure(length)
    this.out.pos += this.out.buf.write(s, this.out.pos, length, 'utf8')
  }
}

function writeString(protocol: DirectBinaryProtocol, name: string, id: number, value: string | undefined | null): void {
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
