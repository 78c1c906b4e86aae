// A store of realistic events written straight through the store's row writer (no HTTP): what
// the API and abuse benchmarks measure against. 93% good, 5% bad, 2% incomplete; 10 apps; 4 event
// types; 5 event schemas; 0-2 of 6 context schemas; collector_tstamp 100 ms apart.
import {randomUUID} from 'node:crypto'
import BetterSqlite3 from 'better-sqlite3'
import {openStore} from '../src/store/index.js'
import {RowWriter, toPayloadRow} from '../src/store/row-writer.js'
import type {ProcessedEvent} from '../src/store/types.js'
import {badEvent, goodEvent, LINK_CLICK, MOBILE_CONTEXT, WEB_PAGE} from '../test/api/event-fixtures.js'
import {encodeCollectorPayload} from '../src/thrift/codec.js'
import {COLLECTOR_PAYLOAD_SCHEMA} from '../src/thrift/collector-payload.js'
import {trackerEvent} from './tracker-event.js'

/** collector_tstamp of event i is FILL_T0 + i * 100 ms. */
export const FILL_T0 = Date.UTC(2025, 9, 29)

export const UNSTRUCT = [LINK_CLICK, 'iglu:com.snowplowanalytics.snowplow/add_to_cart/jsonschema/1-0-0', 'iglu:com.snowplowanalytics.snowplow/change_form/jsonschema/1-0-0', 'iglu:com.snowplowanalytics.snowplow/site_search/jsonschema/1-0-0', 'iglu:com.snowplowanalytics.snowplow/screen_view/jsonschema/1-0-0']
export const CONTEXTS = [WEB_PAGE, MOBILE_CONTEXT, 'iglu:com.snowplowanalytics.snowplow/client_session/jsonschema/1-0-2', 'iglu:com.snowplowanalytics.snowplow/geolocation_context/jsonschema/1-1-0', 'iglu:com.google.analytics/cookies/jsonschema/1-0-0', 'iglu:org.w3/PerformanceTiming/jsonschema/1-0-0']

/** 400 realistic event templates: 93% good, 5% bad, 2% incomplete; 10 apps; 4 event types; 0-2 contexts. */
function templates(): ProcessedEvent[] {
  const out: ProcessedEvent[] = []
  for (let i = 0; i < 400; i++) {
    const kind = i % 100
    if (kind < 5) {
      out.push(badEvent())
      continue
    }
    const type = (['page_view', 'page_view', 'page_view', 'page_view', 'page_ping', 'page_ping', 'page_ping', 'unstruct', 'unstruct', 'struct'] as const)[i % 10]!
    const contexts = Array.from({length: i % 3}, (_, c) => ({schema: CONTEXTS[(i + c) % CONTEXTS.length]!, data: {id: `ctx-${i}-${c}`, kind: 'bench'}}))
    out.push(
      goodEvent({
        status: kind < 7 ? 'incomplete' : 'good',
        eventType: type,
        unstruct: {schema: UNSTRUCT[i % UNSTRUCT.length]!, data: {targetUrl: `https://shop.example/${i}`}},
        contexts,
        appId: `app${i % 10}`,
      }),
    )
  }
  return out
}

/** Appends events with the store's own row writer, 10,000 to a transaction (without the per-request path). */
export function fill(file: string, from: number, to: number): void {
  const store = openStore({file})
  store.close()
  const db = new BetterSqlite3(file)
  db.pragma('synchronous = OFF')
  const writer = new RowWriter(db)
  const base = templates()
  // every row's payload is a real one-event tp2 POST: rows of accepted events keep only the
  // position of their raw event, which the API replays from these bytes, as for ingested rows
  const thrift = encodeCollectorPayload({
    schema: COLLECTOR_PAYLOAD_SCHEMA,
    ipAddress: '127.0.0.1',
    timestamp: Date.UTC(2025, 9, 29),
    encoding: 'UTF-8',
    collector: 'ssc-sp-bench',
    path: '/com.snowplowanalytics.snowplow/tp2',
    contentType: 'application/json; charset=UTF-8',
    body: JSON.stringify({schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4', data: [trackerEvent(0)]}),
    headers: ['Host: 127.0.0.1', 'User-Agent: bench'],
    userAgent: 'bench',
    networkUserId: '3734601f-5c3d-47c5-b367-0883e1ed74e6',
  })
  for (let start = from; start < to; start += 10_000) {
    const rows = []
    for (let i = start; i < Math.min(to, start + 10_000); i++) {
      const t = base[(i * 7919) % base.length]!
      const id = t.eventId === null ? null : randomUUID()
      const swap = (s: string | null) => (s === null || id === null ? s : s.split(t.eventId!).join(id))
      const tstamp = FILL_T0 + i * 100
      const event = {...t, eventId: id, collectorTstamp: tstamp, rawEvent: swap(t.rawEvent), event: swap(t.event), tsv: swap(t.tsv), rawPosition: t.status === 'bad' ? undefined : 0}
      rows.push(toPayloadRow({receivedAt: tstamp, ipAddress: '127.0.0.1', path: '/com.snowplowanalytics.snowplow/tp2', thrift}, [event]))
    }
    writer.write(rows)
  }
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
}

