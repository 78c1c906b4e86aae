// The cost of a typical set of enrichments per event, in process (no HTTP, no SQLite):
//   node --import tsx bench/enrichments-profile.ts [batches] [events per batch] [rounds]
// The same tp2 batches go through the enrich pipeline without enrichments and with campaign
// attribution, referer parser, ua_parser (uap-core), IP lookups (a City MMDB) and a JavaScript
// enrichment, in alternating rounds; prints events/s and CPU µs per event for each, and the
// difference. User agents and addresses vary over 200 values, so caches work as in a real stream.
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {createEnrichPipeline} from '../src/pipeline/enrich-pipeline.js'
import {encodeCollectorPayload} from '../src/thrift/codec.js'
import {loadEnrichments} from '../src/enrichments/registry.js'
import {startRealIglu} from '../test/pipeline/real-iglu.js'
import {writeMmdb} from '../test/helpers/mmdb-writer.js'
import {enrichEvent, tp2Payload} from './enrich-events.js'

const batches = Number(process.argv[2] ?? 400)
const perBatch = Number(process.argv[3] ?? 25)
const rounds = Number(process.argv[4] ?? 3)
const SP = 'com.snowplowanalytics.snowplow'

const UAS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15',
  'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
]

function folder(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sp-bench-enrichments-'))
  const sdj = (schema: string, name: string, parameters: object, vendor = SP) => JSON.stringify({schema, data: {vendor, name, enabled: true, parameters}})
  mkdirSync(path.join(dir, 'assets'))
  writeFileSync(path.join(dir, 'assets', 'referers.json'), JSON.stringify({search: {Google: {domains: ['google.com', 'google.de'], parameters: ['q']}}, social: {Facebook: {domains: ['facebook.com']}}}))
  const networks = Array.from({length: 200}, (_, i) => ({
    network: `10.${i}.0.0/16`,
    data: {country: {iso_code: 'DE', names: {en: 'Germany'}}, city: {names: {en: 'Berlin'}}, location: {latitude: 52.52, longitude: 13.405, time_zone: 'Europe/Berlin'}, subdivisions: [{iso_code: 'BE', names: {en: 'Land Berlin'}}]},
  }))
  writeFileSync(path.join(dir, 'assets', 'GeoLite2-City.mmdb'), writeMmdb(networks, {databaseType: 'GeoLite2-City', ipVersion: 4}))
  writeFileSync(
    path.join(dir, 'campaign.json'),
    sdj(`iglu:${SP}/campaign_attribution/jsonschema/1-0-1`, 'campaign_attribution', {mapping: 'static', fields: {mktMedium: ['utm_medium'], mktSource: ['utm_source'], mktTerm: ['utm_term'], mktContent: ['utm_content'], mktCampaign: ['utm_campaign']}}),
  )
  writeFileSync(path.join(dir, 'referer.json'), sdj(`iglu:${SP}/referer_parser/jsonschema/2-0-1`, 'referer_parser', {internalDomains: ['shop.example'], uri: 'file:assets', database: 'referers.json'}))
  writeFileSync(path.join(dir, 'ua_parser.json'), sdj(`iglu:${SP}/ua_parser_config/jsonschema/1-0-1`, 'ua_parser_config', {}))
  writeFileSync(path.join(dir, 'ip_lookups.json'), sdj(`iglu:${SP}/ip_lookups/jsonschema/2-0-0`, 'ip_lookups', {geo: {database: 'GeoLite2-City.mmdb', uri: 'file:assets'}}))
  writeFileSync(path.join(dir, 'tag.js'), 'function process(event) {\n  if (event.getMkt_source() === "bench") event.setMkt_medium("cpc")\n  return [{schema: "iglu:org.ietf/http_header/jsonschema/1-0-0", data: {name: "X-App", value: event.getApp_id()}}]\n}\n')
  return dir
}

const iglu = await startRealIglu()
// SP_BENCH_ENRICHMENTS=UaParserEnrichment,… keeps only those (to see what each costs)
const only = process.env.SP_BENCH_ENRICHMENTS?.split(',')
// SP_JS_TIMEOUT_MS=0: the JavaScript enrichment without its per-event watchdog
const timeout = process.env.SP_JS_TIMEOUT_MS
const loaded = (await loadEnrichments(folder(), {iglu: iglu.client, cacheDir: os.tmpdir(), scriptTimeoutMs: timeout === undefined ? undefined : Number(timeout)})).enrichments
const enrichments = only === undefined ? loaded : loaded.filter((e) => only.includes(e.className))
const plain = createEnrichPipeline({iglu: iglu.client})
const enriched = createEnrichPipeline({iglu: iglu.client, enrichments})

// 200 distinct payloads (user agent × address), each a batch of `perBatch` events
const payloads = Array.from({length: 200}, (_, i) => {
  const body = JSON.stringify({
    schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4',
    data: Array.from({length: perBatch}, (_, j) => ({...enrichEvent(j), ua: `${UAS[i % UAS.length]} b${i % 40}`, ip: `10.${i}.1.${j}`})),
  })
  const payload = tp2Payload(body)
  return {payload, thrift: encodeCollectorPayload(payload)}
})

async function measure(pipeline: typeof plain): Promise<{eps: number; cpuUs: number; notGood: number}> {
  let notGood = 0
  const cpuStart = process.cpuUsage()
  const start = performance.now()
  for (let i = 0; i < batches; i++) {
    const {payload, thrift} = payloads[i % payloads.length]!
    for (const e of await pipeline.process(thrift, payload)) if (e.status !== 'good') notGood++
  }
  const ms = performance.now() - start
  const cpu = process.cpuUsage(cpuStart)
  return {eps: (batches * perBatch * 1000) / ms, cpuUs: (cpu.user + cpu.system) / (batches * perBatch), notGood}
}

for (const p of [plain, enriched]) for (let i = 0; i < 100; i++) await p.process(payloads[i % 200]!.thrift, payloads[i % 200]!.payload) // warm-up
const results = {plain: [] as number[], enriched: [] as number[], plainEps: [] as number[], enrichedEps: [] as number[]}
for (let r = 0; r < rounds; r++) {
  const a = await measure(plain)
  const b = await measure(enriched)
  if (a.notGood + b.notGood > 0) process.stdout.write(`warning: ${a.notGood} / ${b.notGood} events not good\n`)
  results.plain.push(a.cpuUs)
  results.enriched.push(b.cpuUs)
  results.plainEps.push(a.eps)
  results.enrichedEps.push(b.eps)
}
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!
const pm = median(results.plain)
const em = median(results.enriched)
process.stdout.write(
  `${rounds} rounds of ${batches} batches of ${perBatch} events (median):\n` +
    `  no enrichments: ${Math.round(median(results.plainEps))} events/s, CPU ${pm.toFixed(1)} µs per event\n` +
    `  ${enrichments.map((e) => e.className).join(' + ')}: ${Math.round(median(results.enrichedEps))} events/s, CPU ${em.toFixed(1)} µs per event\n` +
    `  enrichments cost ${(em - pm).toFixed(1)} µs of CPU per event\n`,
)
await iglu.close()
