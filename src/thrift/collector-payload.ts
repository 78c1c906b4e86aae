/**
 * Snowplow's CollectorPayload (collector-payload-1 Thrift IDL). Optional Thrift fields are
 * `undefined` when absent; the encoder omits them, as Java's TSerializer does.
 */
export interface CollectorPayload {
  /** id 31337, always `iglu:com.snowplowanalytics.snowplow/CollectorPayload/thrift/1-0-0` */
  schema: string
  /** id 100 */
  ipAddress: string
  /** id 200, epoch milliseconds */
  timestamp: number
  /** id 210, `UTF-8` */
  encoding: string
  /** id 220, e.g. `ssc-sp-0.1.0-stdout` */
  collector: string
  userAgent?: string // 300
  refererUri?: string // 310
  path?: string // 320
  querystring?: string // 330
  body?: string // 340
  headers?: string[] // 350
  contentType?: string // 360
  hostname?: string // 400
  networkUserId?: string // 410
}

export const COLLECTOR_PAYLOAD_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/CollectorPayload/thrift/1-0-0'
