import {SpError} from '../errors/sp-error.js'

export const THRIFT_ERROR_CODES = {
  /** The bytes are not a CollectorPayload in TBinaryProtocol. */
  decode: 'THRIFT_DECODE',
} as const

/**
 * Decoding failures carry enrich's ThriftLoader wording ("error deserializing raw event: ..."), so
 * enrich can put `message` verbatim into a collector_payload_format_violation bad row.
 */
export function thriftDecodeError(reason: string): SpError {
  return new SpError(THRIFT_ERROR_CODES.decode, `error deserializing raw event: ${reason}`, {reason})
}

/** What Java's TByteBuffer reports when the bytes stop early (TTransportException END_OF_FILE). */
export const END_OF_BYTES = 'Reached end of bytes when parsing as thrift format'
