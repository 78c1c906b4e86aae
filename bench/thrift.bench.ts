import {encodeCollectorPayload, decodeCollectorPayload} from '../src/thrift/codec.js'
import {COLLECTOR_PAYLOAD_SCHEMA, type CollectorPayload} from '../src/thrift/collector-payload.js'
import type {Benchmark, BenchRow, BenchSettings} from './harness.js'

function payload(events: number): CollectorPayload {
  const data = Array.from({length: events}, (_, i) => ({e: 'pv', url: `https://shop.example/p/${i}`, page: 'Product', eid: `6e1b9c4e-2f2a-4b8e-9d1e-${String(i).padStart(12, '0')}`, tv: 'js-3.24.0', p: 'web', aid: 'bench', res: '1920x1080'}))
  return {
    schema: COLLECTOR_PAYLOAD_SCHEMA,
    ipAddress: '127.0.0.1',
    timestamp: 1_700_000_000_000,
    encoding: 'UTF-8',
    collector: 'ssc-sp-bench-stdout',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
    path: '/com.snowplowanalytics.snowplow/tp2',
    querystring: '',
    body: JSON.stringify({schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4', data}),
    headers: ['Host: 127.0.0.1:9090', 'Connection: keep-alive', 'Content-Type: application/json', 'Accept: */*', 'User-Agent: Mozilla/5.0', 'Content-Length: 500', 'application/json'],
    contentType: 'application/json',
    hostname: '127.0.0.1',
    networkUserId: 'bbfe1729-41ed-4789-9923-80024fd014e0',
  }
}

/** Operations per second of `fn` over about `seconds`. */
function rate(fn: () => unknown, seconds: number): number {
  for (let i = 0; i < 2000; i++) fn()
  let n = 0
  const start = performance.now()
  const end = start + seconds * 1000
  while (performance.now() < end) {
    for (let i = 0; i < 500; i++) fn()
    n += 500
  }
  return n / ((performance.now() - start) / 1000)
}

function row(scenario: string, baseline: string, baselineRate: number, subjectRate: number): BenchRow {
  return {scenario, baseline, baselineRps: baselineRate, subjectRps: subjectRate, ratio: subjectRate / baselineRate}
}

/** The thrift package's TBinaryProtocol on the collector's hot path, against JSON of the same object. */
const thriftBench: Benchmark = {
  name: 'CollectorPayload Thrift codec (thrift package, TBinaryProtocol) vs JSON of the same object',
  async run(settings: BenchSettings) {
    const seconds = Math.max(1, settings.duration / 2)
    const rows: BenchRow[] = []
    for (const events of [1, 25]) {
      const p = payload(events)
      const bytes = encodeCollectorPayload(p)
      const json = JSON.stringify(p)
      rows.push(row(`encode, ${events}-event tp2 payload (${bytes.length} B)`, 'JSON.stringify', rate(() => JSON.stringify(p), seconds), rate(() => encodeCollectorPayload(p), seconds)))
      rows.push(row(`decode, ${events}-event tp2 payload`, 'JSON.parse', rate(() => JSON.parse(json), seconds), rate(() => decodeCollectorPayload(bytes), seconds)))
    }
    return rows
  },
}

export default thriftBench
