import {setTimeout as delay} from 'node:timers/promises'
import {measure, startServer, type Benchmark} from './harness.js'
import {trackerEvent} from './tracker-event.js'
import {startTestPostgres} from '../test/helpers/postgres-server.js'
import type {LoaderStatus} from '../src/postgres/index.js'

const BATCH = 25

// no eid: enrich gives every event its own id, as trackers do
function tp2Body(events: number): string {
  const data = Array.from({length: events}, (_, i) => {
    const {eid: _eid, ...event} = trackerEvent(i)
    return event
  })
  return JSON.stringify({schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4', data})
}

async function status(url: string): Promise<LoaderStatus> {
  return ((await fetch(`${url}/micro/loader`).then((r) => r.json())) as {postgres: LoaderStatus}).postgres
}

/**
 * `sp micro --postgres`: events/s committed to SQLite (the collector's answer) beside events/s the
 * loader commits to PostgreSQL, in the same run: the load runs while the loader follows, and the
 * loader's rate counts until it has caught up.
 */
const postgresBench: Benchmark = {
  name: 'postgres loader (sp micro --postgres): events/s into PostgreSQL vs SQLite ingest',
  async run(settings) {
    const pg = await startTestPostgres()
    const url = await pg.createDatabase('bench')
    const micro = await startServer('micro-postgres', [url])
    try {
      const spec = {path: '/com.snowplowanalytics.snowplow/tp2', method: 'POST' as const, body: tp2Body(BATCH), headers: {'content-type': 'application/json'}}
      await measure(micro.url, spec, {...settings, duration: 1})
      const before = await status(micro.url)
      const started = Date.now()
      const ingest = await measure(micro.url, spec, settings)
      let now = await status(micro.url)
      while (now.lag > 0) {
        await delay(20)
        now = await status(micro.url)
      }
      const loadedPerSecond = (now.loaded - before.loaded) / ((Date.now() - started) / 1000)
      const ingestPerSecond = ingest.rps * BATCH
      return [
        {
          scenario: `POST tp2, ${BATCH} events: events/s`,
          baseline: 'SQLite ingest',
          baselineRps: ingestPerSecond,
          subjectRps: loadedPerSecond,
          subjectP99Ms: ingest.p99Ms,
          ratio: loadedPerSecond / ingestPerSecond,
        },
      ]
    } finally {
      await micro.stop()
      await pg.stop()
    }
  },
}

export default postgresBench
