// The enrich stage alone, in process (no HTTP, no SQLite), for profiling:
//   node --cpu-prof --import tsx bench/enrich-profile.ts [batches]
// Prints events/s for 25-event tp2 batches with two validated contexts per event.
import {createEnrichPipeline} from '../src/pipeline/enrich-pipeline.js'
import {encodeCollectorPayload} from '../src/thrift/codec.js'
import {COLLECTOR_PAYLOAD_SCHEMA, type CollectorPayload} from '../src/thrift/collector-payload.js'
import {startRealIglu} from '../test/pipeline/real-iglu.js'
import {enrichBody} from './enrich-events.js'

const batches = Number(process.argv[2] ?? 2000)
const iglu = await startRealIglu()
const pipeline = createEnrichPipeline({iglu: iglu.client})
const payload: CollectorPayload = {
  schema: COLLECTOR_PAYLOAD_SCHEMA,
  ipAddress: '127.0.0.1',
  timestamp: Date.now(),
  encoding: 'UTF-8',
  collector: 'ssc-sp-bench-stdout',
  path: '/com.snowplowanalytics.snowplow/tp2',
  contentType: 'application/json; charset=UTF-8',
  body: enrichBody(25),
  headers: ['Host: 127.0.0.1', 'Content-Type: application/json; charset=UTF-8'],
  userAgent: 'bench',
  networkUserId: '3734601f-5c3d-47c5-b367-0883e1ed74e6',
}
const thrift = encodeCollectorPayload(payload)
for (let i = 0; i < 200; i++) await pipeline.process(thrift, payload) // warm-up: schemas cached, code optimised
let notGood = 0
const start = performance.now()
for (let i = 0; i < batches; i++) {
  for (const e of await pipeline.process(thrift, payload)) if (e.status !== 'good') notGood++
}
const ms = performance.now() - start
process.stdout.write(`${batches} batches of 25: ${Math.round((batches * 25 * 1000) / ms)} events/s (${(ms / batches).toFixed(3)} ms per batch, ${notGood} not good)\n`)
await iglu.close()
