// The enrich stage alone, in process (no HTTP, no SQLite), for profiling:
//   node --cpu-prof --import tsx bench/enrich-profile.ts [batches] [events per batch] [--consume]
// Prints events/s for tp2 batches (25 events by default; 1 shows the per-payload fixed costs) with
// two validated contexts per event, and the CPU time per event (steadier on a busy machine).
import {createEnrichPipeline} from '../src/pipeline/enrich-pipeline.js'
import {encodeCollectorPayload} from '../src/thrift/codec.js'
import {COLLECTOR_PAYLOAD_SCHEMA, type CollectorPayload} from '../src/thrift/collector-payload.js'
import {startRealIglu} from '../test/pipeline/real-iglu.js'
import {requireIgluCentral} from '../test/helpers/iglu-central.js'
import {enrichBody} from './enrich-events.js'

const args = process.argv.slice(2).filter((a) => a !== '--consume')
const batches = Number(args[0] ?? 2000)
const perBatch = Number(args[1] ?? 25)
// --consume: copy each output string out as UTF-8, as writing it to SQLite or to a writer thread
// does; that makes V8 join the pieces the string was concatenated from, a cost enrich causes.
const consume = process.argv.includes('--consume')
let consumed = 0
const iglu = await startRealIglu(requireIgluCentral())
const pipeline = createEnrichPipeline({iglu: iglu.client})
const payload: CollectorPayload = {
  schema: COLLECTOR_PAYLOAD_SCHEMA,
  ipAddress: '127.0.0.1',
  timestamp: Date.now(),
  encoding: 'UTF-8',
  collector: 'ssc-sp-bench-stdout',
  path: '/com.snowplowanalytics.snowplow/tp2',
  contentType: 'application/json; charset=UTF-8',
  body: enrichBody(perBatch),
  headers: ['Host: 127.0.0.1', 'Content-Type: application/json; charset=UTF-8'],
  userAgent: 'bench',
  networkUserId: '3734601f-5c3d-47c5-b367-0883e1ed74e6',
}
const thrift = encodeCollectorPayload(payload)
for (let i = 0; i < 200; i++) await pipeline.process(thrift, payload) // warm-up: schemas cached, code optimised
let notGood = 0
const cpuStart = process.cpuUsage()
const start = performance.now()
for (let i = 0; i < batches; i++) {
  for (const e of await pipeline.process(thrift, payload)) {
    if (e.status !== 'good') notGood++
    if (consume) consumed += Buffer.byteLength(e.rawEvent!) + Buffer.byteLength(e.event!) + Buffer.byteLength(e.tsv!)
  }
}
const ms = performance.now() - start
const cpu = process.cpuUsage(cpuStart)
const cpuPerEvent = (cpu.user + cpu.system) / (batches * perBatch)
process.stdout.write(`${batches} batches of ${perBatch}${consume ? ` (consumed ${Math.round(consumed / (batches * perBatch))} bytes per event)` : ''}: ${Math.round((batches * perBatch * 1000) / ms)} events/s (${(ms / batches).toFixed(3)} ms per batch, ${notGood} not good); CPU ${cpuPerEvent.toFixed(2)} µs per event\n`)
await iglu.close()
