import {compare, startServer, type Benchmark, type BenchRow} from './harness.js'

/** A page view as the JS tracker sends it in a tp2 batch (~350 bytes). */
function trackerEvent(i: number): Record<string, string> {
  return {
    e: 'pv',
    url: `https://shop.example/products/${i}?utm_source=bench`,
    page: 'Product page',
    refr: 'https://www.google.com/',
    tv: 'js-3.24.0',
    tna: 'sp',
    aid: 'bench',
    p: 'web',
    tz: 'Europe/Berlin',
    lang: 'en-US',
    cs: 'UTF-8',
    res: '1920x1080',
    cd: '24',
    cookie: '1',
    eid: `6e1b9c4e-2f2a-4b8e-9d1e-${String(i).padStart(12, '0')}`,
    dtm: '1700000000000',
    stm: '1700000000100',
    vp: '1280x720',
    ds: '1280x3000',
    vid: '1',
    sid: '0c7b3f1e-6a6b-4f7a-8b39-3a1d2c4e5f60',
    duid: 'd1c2b3a4-0000-4000-8000-000000000001',
  }
}

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
