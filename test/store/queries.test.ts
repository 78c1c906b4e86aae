import {test, describe, after} from 'node:test'
import assert from 'node:assert/strict'
import {mkdtemp, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import {openStore, migrations} from '../../src/store/index.js'
import type {CommittedEvent} from '../../src/store/types.js'
import {
  countMatching,
  filterSql,
  matchesEvent,
  readStatusCounts,
  uriMatcher,
  type EventFilter,
} from '../../src/store/queries/index.js'
import {statement} from '../../src/store/queries/sql-functions.js'
import {EVENT_JSON_SQL} from '../../src/store/queries/event-json.js'
import {columnExpression} from '../../src/store/queries/events-page.js'
import {FIELDS} from '../../src/event/index.js'
import {badEvent, goodEvent, LINK_CLICK, MOBILE_CONTEXT, payloadRecord, WEB_PAGE} from '../api/event-fixtures.js'

const dirs: string[] = []
after(async () => {
  for (const dir of dirs) await rm(dir, {recursive: true, force: true})
})
async function tempFile(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sp-queries-'))
  dirs.push(dir)
  return path.join(dir, 'micro.db')
}

function sqlIds(db: BetterSqlite3.Database, filter: EventFilter): number[] {
  const where = filterSql(filter)
  return statement(db, `SELECT e.id FROM events e WHERE ${where.sql} ORDER BY e.id`).all(...where.params).map((r) => (r as {id: number}).id)
}

describe('store queries', () => {
  test('status counters stay exact through commits, reset and reopening', async () => {
    const file = await tempFile()
    const store = openStore({file})
    await store.commit(payloadRecord(), [goodEvent(), goodEvent({status: 'incomplete'}), badEvent()])
    await store.commit(payloadRecord(), [goodEvent()])
    assert.deepEqual(readStatusCounts(store.db), {good: 2, bad: 1, incomplete: 1})
    const counted = store.db.prepare('SELECT status, count(*) AS n FROM events GROUP BY status').all() as {status: string; n: number}[]
    assert.deepEqual(Object.fromEntries(counted.map((r) => [r.status, r.n])), {good: 2, bad: 1, incomplete: 1})
    store.reset()
    assert.deepEqual(readStatusCounts(store.db), {good: 0, bad: 0, incomplete: 0})
    await store.commit(payloadRecord(), [badEvent()])
    store.close()
    const again = openStore({file})
    assert.deepEqual(readStatusCounts(again.db), {good: 0, bad: 1, incomplete: 0})
    // deleting a payload cascades to its events, and the triggers see it
    again.db.prepare('DELETE FROM payloads').run()
    assert.deepEqual(readStatusCounts(again.db), {good: 0, bad: 0, incomplete: 0})
    again.close()
  })

  test('the counters migration counts the events already stored', async () => {
    const file = await tempFile()
    const db = new BetterSqlite3(file)
    db.pragma('foreign_keys = ON')
    const counters = migrations.find((m) => m.name.startsWith('micro api'))!
    for (const m of migrations.filter((m) => m.version < counters.version)) m.up(db)
    db.prepare("INSERT INTO payloads (id, received_at, ip, path, thrift) VALUES (1, 0, '', '/i', x'00')").run()
    const insert = db.prepare("INSERT INTO events (payload_id, status, collector_tstamp) VALUES (1, ?, 0)")
    for (const status of ['good', 'good', 'bad', 'incomplete', 'good']) insert.run(status)
    db.pragma(`user_version = ${counters.version - 1}`)
    db.close()
    const store = openStore({file})
    assert.deepEqual(readStatusCounts(store.db), {good: 3, bad: 1, incomplete: 1})
    store.close()
  })

  test('uriMatcher: iglu: optional, * stands for one version number', () => {
    assert.deepEqual(uriMatcher('com.acme/x/jsonschema/1-0-0'), {uri: 'iglu:com.acme/x/jsonschema/1-0-0', glob: null, regex: null})
    const m = uriMatcher('iglu:com.acme/x/jsonschema/1-*-*')
    assert.ok(m.regex!.test('iglu:com.acme/x/jsonschema/1-10-2'))
    assert.ok(!m.regex!.test('iglu:com.acme/x/jsonschema/2-0-0'))
    assert.ok(!m.regex!.test('iglu:com.acme/xy/jsonschema/1-0-0'))
    assert.ok(!uriMatcher('com.acme/x/jsonschema/*-0-0').regex!.test('iglu:com.acme/x/jsonschema/1-0-0-0'))
  })

  test('SQL filters and the live matcher select exactly the same events', async () => {
    const store = openStore({file: ':memory:'})
    const linkClick = {schema: LINK_CLICK, data: {targetUrl: 'https://example.com/Checkout'}}
    const web = {schema: WEB_PAGE, data: {id: 'w'}}
    const mobile = {schema: MOBILE_CONTEXT, data: {osType: 'ios'}}
    const committed: CommittedEvent[] = []
    const variants = [
      goodEvent({appId: 'Shop', contexts: [web], collectorTstamp: 1000}),
      goodEvent({appId: 'shop', eventType: 'unstruct', unstruct: linkClick, contexts: [web, mobile], collectorTstamp: 2000}),
      goodEvent({appId: 'blog', eventType: 'page_ping', collectorTstamp: 3000}),
      goodEvent({appId: null, eventType: 'struct', status: 'incomplete', collectorTstamp: 4000}),
      badEvent({collectorTstamp: 5000}),
      badEvent({api: {vendor: 'com.acme', version: 'v1'}, collectorTstamp: 6000}),
      badEvent({api: null, errors: ["Can't deserialize Thrift bytes."], collectorTstamp: 7000}),
    ]
    for (const v of variants) committed.push(...(await store.commit(payloadRecord(), [v])))
    const filters: EventFilter[] = [
      {},
      {statuses: ['good']},
      {statuses: ['bad', 'incomplete']},
      {eventTypes: ['page_view', 'page_ping']},
      {schema: uriMatcher(LINK_CLICK)},
      {schema: uriMatcher('com.snowplowanalytics.snowplow/link_click/jsonschema/1-*-*')},
      {contexts: [uriMatcher(WEB_PAGE)]},
      {contexts: [uriMatcher(WEB_PAGE), uriMatcher('com.snowplowanalytics.snowplow/mobile_context/jsonschema/1-0-*')]},
      {appId: 'SHOP'},
      {eventId: committed[2]!.eventId!.toUpperCase()},
      {text: 'checkout'},
      // values of the enriched event (its TSV line), not the JSON's field names
      {text: 'add-to-basket'},
      {text: '"se_action"'},
      {text: 'thrift'},
      {text: '100%_'},
      {since: 2000, until: 6000},
      {apiVendor: 'com.acme'},
      {apiVersion: 'tp2'},
      {statuses: []},
    ]
    for (const filter of filters) {
      const fromSql = sqlIds(store.db, filter)
      const fromJs = committed.filter((e) => matchesEvent(filter, e)).map((e) => e.id)
      assert.deepEqual(fromSql, fromJs, JSON.stringify(filter))
      assert.equal(countMatching(store.db, filter), fromSql.length)
    }
    assert.deepEqual(sqlIds(store.db, {appId: 'shop'}).length, 2)
    assert.equal(sqlIds(store.db, {text: 'ADD-TO-basket'}).length, 1)
    assert.equal(sqlIds(store.db, {text: '"se_action"'}).length, 0)
    store.close()
  })

  test('an enriched event is stored once, as TSV; its canonical JSON and every column read back exactly as from stored JSON', async () => {
    const store = openStore({file: await tempFile()})
    const variants = [
      goodEvent({contexts: [{schema: WEB_PAGE, data: {id: 'w'}}, {schema: MOBILE_CONTEXT, data: {osType: 'ios', osVersion: '17.1'}}]}),
      goodEvent({eventType: 'unstruct', unstruct: {schema: LINK_CLICK, data: {targetUrl: 'https://example.com/ü?q="x"\\y', elementClasses: ['a', 'b']}}}),
      goodEvent({eventType: 'struct', appId: null, userId: null, pageUrl: 'https://shop.example/ä/€'}),
      goodEvent({eventType: 'transaction', status: 'incomplete'}),
      goodEvent({eventType: 'page_ping', platform: 'mob'}),
    ]
    await store.commit(payloadRecord(), variants)
    await store.commit(payloadRecord(), [badEvent()])
    assert.deepEqual(store.db.prepare('SELECT event FROM events ORDER BY id').pluck().all(), [null, null, null, null, null, null])
    const derived = statement(store.db, `SELECT ${EVENT_JSON_SQL} FROM events e ORDER BY e.id`, true).all()
    assert.deepEqual(derived, [...variants.map((v) => v.event), null])

    const everyColumn = () =>
      FIELDS.map((f) => [f.name, statement(store.db, `SELECT ${columnExpression(f.name)} FROM events e ORDER BY e.id`, true).all()])
    const fromTsv = everyColumn()
    // rows written by sp 0.1 kept the JSON: the same SQL reads them the same way
    const keep = store.db.prepare('UPDATE events SET event = ? WHERE id = ?')
    const ids = store.db.prepare('SELECT id FROM events ORDER BY id').pluck().all() as number[]
    variants.forEach((v, i) => keep.run(v.event, ids[i]))
    assert.deepEqual(everyColumn(), fromTsv)
    assert.deepEqual(statement(store.db, `SELECT ${EVENT_JSON_SQL} FROM events e ORDER BY e.id`, true).all(), derived)
    store.close()
  })

  test('the hot queries use indexes, not table scans', () => {
    const store = openStore({file: ':memory:'})
    const plan = (sql: string) =>
      (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as {detail: string}[]).map((r) => r.detail).join(' | ')
    assert.match(plan("SELECT count(*) FROM events e WHERE e.status IN ('good','incomplete') AND e.app_id COLLATE NOCASE IN ('a')"), /COVERING INDEX events_app_status/)
    assert.match(plan("SELECT e.id FROM events e WHERE e.status IN ('good') AND e.event_type IN ('page_view') ORDER BY e.id DESC LIMIT 5"), /INDEX events_type_status/)
    assert.match(plan("SELECT e.id FROM events e WHERE e.status IN ('good') AND e.schema_uri = 'x' AND e.id < 10 ORDER BY e.id DESC LIMIT 5"), /INDEX events_schema/)
    assert.doesNotMatch(plan('SELECT status, n FROM event_counts'), /events /)
    store.close()
  })
})
