import type {CollectorPayload} from '../../src/thrift/collector-payload.js'
import {COLLECTOR_PAYLOAD_SCHEMA} from '../../src/thrift/collector-payload.js'

/** A CollectorPayload as sp's collector builds it, with overrides. */
export function payload(overrides: Partial<CollectorPayload> = {}): CollectorPayload {
  return {
    schema: COLLECTOR_PAYLOAD_SCHEMA,
    ipAddress: '172.17.0.1',
    timestamp: Date.parse('2021-08-29T12:01:05.787Z'),
    encoding: 'UTF-8',
    collector: 'ssc-sp-0.1.0-stdout',
    userAgent: 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:91.0) Gecko/20100101 Firefox/91.0',
    refererUri: 'http://localhost:8000/',
    path: '/com.snowplowanalytics.snowplow/tp2',
    headers: ['Host: 127.0.0.1:9090', 'User-Agent: Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:91.0) Gecko/20100101 Firefox/91.0'],
    hostname: '127.0.0.1',
    networkUserId: '3734601f-5c3d-47c5-b367-0883e1ed74e6',
    ...overrides,
  }
}
