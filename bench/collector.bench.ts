import {compare, startServer, type Benchmark, type BenchRow} from './harness.js'
import {trackerEvent} from './tracker-event.js'


function tp2Body(events: number): string {
  return JSON.stringify({
    schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4',
    data: Array.from({length: events}, (_, i) => trackerEvent(i)),
  })
}

const GET_QUERY = new URLSearchParams(trackerEvent(1)).toString()

const collectorBench: Benchmark = {
  name: 'collector (sp micro, SQLite file, group commit) vs bare fastify',
  async run(settings) {
    const bare = await startServer('bare-fastify')
    const micro = await startServer('micro')
    const baseline = {name: 'bare fastify', url: bare.url}
    const post = (n: number) => ({
      path: '/com.snowplowanalytics.snowplow/tp2',
      method: 'POST' as const,
      body: tp2Body(n),
      headers: {'content-type': 'application/json; charset=UTF-8'},
    })
    const rows: BenchRow[] = []
    try {
      rows.push(await compare('GET /i, 1 event', baseline, micro.url, {path: `/i?${GET_QUERY}`}, settings))
      rows.push(await compare('POST tp2, 1 event', baseline, micro.url, post(1), settings))
      rows.push(await compare('POST tp2, 25 events', baseline, micro.url, post(25), settings))
    } finally {
      await bare.stop()
      await micro.stop()
    }
    return rows
  },
}

export default collectorBench
