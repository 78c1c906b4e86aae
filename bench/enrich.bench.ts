import {compare, startServer, type Benchmark, type BenchRow} from './harness.js'
import {enrichBody, enrichEvent} from './enrich-events.js'

/**
 * The full pipeline (collector → Thrift → adapters → enrich → Iglu validation of contexts and
 * self-describing events → SQLite group commit) against bare fastify, in the same run. Schemas come
 * from a copy of Iglu Central (SP_IGLU_CENTRAL_DIR, or ../shared/iglu-central beside the checkout)
 * served on loopback (warm cache after the first request); the bench says so and stops without one.
 */
const enrichBench: Benchmark = {
  name: 'full pipeline (collector + enrich + validation + store) vs bare fastify',
  async run(settings) {
    const bare = await startServer('bare-fastify')
    const micro = await startServer('micro-enrich')
    const baseline = {name: 'bare fastify', url: bare.url}
    const post = (n: number) => ({
      path: '/com.snowplowanalytics.snowplow/tp2',
      method: 'POST' as const,
      body: enrichBody(n),
      headers: {'content-type': 'application/json; charset=UTF-8'},
    })
    const rows: BenchRow[] = []
    const withEvents = (row: BenchRow, perRequest: number): BenchRow =>
      perRequest === 1 ? row : {...row, scenario: `${row.scenario} (= ${Math.round(row.subjectRps * perRequest)} events/s)`}
    try {
      rows.push(await compare('GET /i, 1 event with 2 contexts', baseline, micro.url, {path: `/i?${new URLSearchParams(enrichEvent(1))}`}, settings))
      rows.push(await compare('POST tp2, 1 event with 2 contexts', baseline, micro.url, post(1), settings))
      rows.push(withEvents(await compare('POST tp2, 25 events with contexts', baseline, micro.url, post(25), settings), 25))
    } finally {
      await bare.stop()
      await micro.stop()
    }
    return rows
  },
}

export default enrichBench
