import {test} from 'node:test'
import assert from 'node:assert/strict'
import {writeFile} from 'node:fs/promises'
import {statSync} from 'node:fs'
import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import {openStore, LATEST_SCHEMA_VERSION} from '../../src/store/index.js'
import type {PayloadRecord, ProcessedEvent} from '../../src/store/types.js'
import {isSpError} from '../../src/errors/sp-error.js'
import {tempDir} from '../micro/fixtures.js'

function payload(n: number): PayloadRecord {
  return {receivedAt: 1_700_000_000_000 + n, ipAddress: `10.0.0.${n % 250}`, path: '/com.snowplowanalytics.snowplow/tp2', thrift: Buffer.from([n % 256, 1, 2, 3])}
}

function event(n: number, overrides: Partial<ProcessedEvent> = {}): ProcessedEvent {
  return {
    status: 'good',
    eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    eventType: 'page_view',
    schema: 'iglu:com.snowplowanalytics.snowplow/page_view/jsonschema/1-0-0',
    contexts: ['iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0', 'iglu:com.acme/user/jsonschema/1-0-0'],
    appId: 'shop',
    collectorTstamp: 1_700_000_000_000 + n,
    api: {vendor: 'com.snowplowanalytics.snowplow', version: 'tp2'},
    rawEvent: '{"raw":true}',
    event: '{"event":"page_view"}',
    tsv: 'shop\tweb',
    collectorPayload: null,
    errors: [],
    badRow: null,
    ...overrides,
  }
}

async function dbFile(t: import('node:test').TestContext): Promise<string> {
  return path.join(await tempDir(t), 'micro.db')
}

test('a new file gets the schema at the latest version, in WAL mode with synchronous=NORMAL', async (t) => {
  const store = openStore({file: await dbFile(t)})
  t.after(() => store.close())
  assert.equal(store.db.pragma('journal_mode', {simple: true}), 'wal')
  assert.equal(store.db.pragma('synchronous', {simple: true}), 1)
  assert.equal(store.db.pragma('foreign_keys', {simple: true}), 1)
  assert.equal(store.db.pragma('user_version', {simple: true}), LATEST_SCHEMA_VERSION)
  const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE type='table'").pluck().all()
  for (const table of ['payloads', 'events', 'event_contexts']) assert.ok(tables.includes(table), table)
})

test('commit stores the payload, its events with every column, and the context URIs in order', async (t) => {
  const store = openStore({file: await dbFile(t)})
  t.after(() => store.close())
  const bad = event(2, {status: 'bad', eventId: null, contexts: [], errors: ['Payload too large.', '{"schema":"x"}'], badRow: '{"schema":"x"}', api: null})
  const committed = await store.commit(payload(1), [event(1), bad])
  assert.equal(committed.length, 2)
  assert.equal(committed[1].id, committed[0].id + 1)
  assert.equal(committed[0].payloadId, committed[1].payloadId)
  assert.deepEqual({...committed[0], id: undefined, payloadId: undefined}, {...event(1), id: undefined, payloadId: undefined})

  const p = store.db.prepare('SELECT * FROM payloads').get() as Record<string, unknown>
  assert.deepEqual(p, {id: committed[0].payloadId, received_at: 1_700_000_000_001, ip: '10.0.0.1', path: '/com.snowplowanalytics.snowplow/tp2', thrift: Buffer.from([1, 1, 2, 3])})
  const rows = store.db.prepare('SELECT * FROM events ORDER BY id').all() as Record<string, unknown>[]
  assert.deepEqual(rows[0], {
    id: committed[0].id,
    payload_id: committed[0].payloadId,
    status: 'good',
    event_id: '00000000-0000-4000-8000-000000000001',
    event_type: 'page_view',
    schema_uri: 'iglu:com.snowplowanalytics.snowplow/page_view/jsonschema/1-0-0',
    app_id: 'shop',
    collector_tstamp: 1_700_000_000_001,
    api_vendor: 'com.snowplowanalytics.snowplow',
    api_version: 'tp2',
    raw_event: '{"raw":true}',
    raw_position: null,
    event: '{"event":"page_view"}',
    tsv: 'shop\tweb',
    collector_payload: null,
    errors: '[]',
    bad_row: null,
  })
  assert.equal(rows[1].status, 'bad')
  assert.equal(rows[1].api_vendor, null)
  assert.deepEqual(JSON.parse(rows[1].errors as string), ['Payload too large.', '{"schema":"x"}'])
  const contexts = store.db.prepare('SELECT event_rowid, position, uri FROM event_contexts ORDER BY event_rowid, position').all()
  assert.deepEqual(contexts, [
    {event_rowid: committed[0].id, position: 0, uri: 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0'},
    {event_rowid: committed[0].id, position: 1, uri: 'iglu:com.acme/user/jsonschema/1-0-0'},
  ])
  // an event that knows its raw event's position keeps that instead of the text
  const [positioned] = await store.commit(payload(3), [event(3, {rawPosition: 4})])
  assert.deepEqual(store.db.prepare('SELECT raw_event, raw_position FROM events WHERE id = ?').get(positioned!.id), {raw_event: null, raw_position: 4})
  // the JSON is kept only when the TSV line would not read back as it: checked here unless the
  // producer says it checked (eventFromTsv)
  const line = Array.from({length: 131}, (_, i) => (i === 0 ? 'shop' : '')).join('\t')
  const [whole, checkedWhole, checkedNot] = await store.commit(payload(4), [
    event(5, {tsv: line}),
    event(6, {tsv: 'shop\tweb', eventFromTsv: true}),
    event(7, {tsv: line, eventFromTsv: false}),
  ])
  const storedJson = (id: number) => store.db.prepare('SELECT event FROM events WHERE id = ?').pluck().get(id)
  assert.deepEqual([whole, checkedWhole, checkedNot].map((e) => storedJson(e!.id)), [null, null, '{"event":"page_view"}'])
})

test('a payload with no events is stored on its own', async (t) => {
  const store = openStore({file: ':memory:'})
  t.after(() => store.close())
  assert.deepEqual(await store.commit(payload(7), []), [])
  assert.equal(store.db.prepare('SELECT COUNT(*) FROM payloads').pluck().get(), 1)
  assert.equal(store.db.prepare('SELECT COUNT(*) FROM events').pluck().get(), 0)
})

test('concurrent commits share one transaction: subscribers see them as one flush', async (t) => {
  const store = openStore({file: await dbFile(t)})
  t.after(() => store.close())
  const flushes: number[][] = []
  store.subscribe((events) => flushes.push(events.map((e) => e.id)))
  const results = await Promise.all(Array.from({length: 10}, (_, i) => store.commit(payload(i), [event(i)])))
  await new Promise((resolve) => setImmediate(resolve))
  assert.equal(flushes.length, 1)
  assert.deepEqual(flushes[0], results.map((r) => r[0].id))
  // ids increase in commit order
  assert.deepEqual(flushes[0], [...flushes[0]].sort((a, b) => a - b))
})

test('a busy loop turn hands its rows to the writer every 32 rows, in commit order', async (t) => {
  const store = openStore({file: await dbFile(t)})
  t.after(() => store.close())
  const flushes: number[][] = []
  store.subscribe((events) => flushes.push(events.map((e) => e.id)))
  // 50 payloads of one event each = 100 rows: flushed at 32, 64 and 96 rows, the rest at the end of the turn
  const results = await Promise.all(Array.from({length: 50}, (_, i) => store.commit(payload(i), [event(i)])))
  await new Promise((resolve) => setImmediate(resolve))
  assert.deepEqual(flushes.map((ids) => ids.length), [16, 16, 16, 2])
  assert.deepEqual(flushes.flat(), results.map((r) => r[0].id))
  assert.deepEqual(flushes.flat(), [...flushes.flat()].sort((a, b) => a - b))
})

test('a throwing subscriber neither fails commits nor starves the other subscribers', async (t) => {
  const store = openStore({file: ':memory:'})
  t.after(() => store.close())
  const seen: number[] = []
  store.subscribe(() => {
    throw new Error('subscriber bug')
  })
  const unsubscribe = store.subscribe((events) => seen.push(...events.map((e) => e.id)))
  const [first] = await store.commit(payload(1), [event(1)])
  await new Promise((resolve) => setImmediate(resolve))
  unsubscribe()
  await store.commit(payload(2), [event(2)])
  await new Promise((resolve) => setImmediate(resolve))
  assert.deepEqual(seen, [first.id])
})

test('reset deletes everything and later ids keep increasing (a live-stream cursor never goes back)', async (t) => {
  const store = openStore({file: await dbFile(t)})
  t.after(() => store.close())
  await store.commit(payload(1), [event(1)])
  const [before] = await store.commit(payload(2), [event(2)])
  store.reset()
  for (const table of ['payloads', 'events', 'event_contexts']) {
    assert.equal(store.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get(), 0, table)
  }
  const [after] = await store.commit(payload(3), [event(3)])
  assert.ok(after.id > before.id, `${after.id} > ${before.id}`)
})

test('after a reset and a restart, ids still continue from where they were', async (t) => {
  const file = await dbFile(t)
  const store = openStore({file})
  const [[first], [second]] = await Promise.all([store.commit(payload(1), [event(1)]), store.commit(payload(2), [event(2)])])
  store.reset()
  store.close()
  const reopened = openStore({file})
  t.after(() => reopened.close())
  const [after] = await reopened.commit(payload(3), [event(3)])
  assert.ok(after.id > second.id && second.id > first.id, `${after.id}`)
  assert.ok(after.payloadId > second.payloadId)
})

test('close flushes commits still queued, and the data is there after reopening', async (t) => {
  const file = await dbFile(t)
  const store = openStore({file})
  const pending = store.commit(payload(1), [event(1)])
  store.close()
  const [committed] = await pending
  await assert.rejects(store.commit(payload(2), []), (error) => isSpError(error) && error.code === 'STORE_CLOSED')
  const reopened = openStore({file})
  t.after(() => reopened.close())
  assert.equal(reopened.db.prepare('SELECT event_id FROM events WHERE id = ?').pluck().get(committed.id), event(1).eventId)
  const [next] = await reopened.commit(payload(2), [event(2)])
  assert.ok(next.id > committed.id)
})

test('a file that is not a database gets a clear STORE_CORRUPT error naming it', async (t) => {
  const file = await dbFile(t)
  await writeFile(file, 'this is not a database, just text that is long enough to have a header'.repeat(20))
  assert.throws(
    () => openStore({file}),
    (error) => isSpError(error) && error.code === 'STORE_CORRUPT' && error.message.includes(file) && /not a usable sp database/.test(error.message),
  )
})

test('a database locked by another process gets a clear STORE_LOCKED error', async (t) => {
  const file = await dbFile(t)
  openStore({file}).close()
  const holder = new BetterSqlite3(file)
  t.after(() => holder.close())
  holder.pragma('locking_mode = EXCLUSIVE')
  holder.exec('BEGIN EXCLUSIVE')
  assert.throws(
    () => openStore({file, busyTimeoutMs: 50}),
    (error) => isSpError(error) && error.code === 'STORE_LOCKED' && error.message.includes(file) && error.message.includes('locked'),
  )
  holder.exec('ROLLBACK')
})

test('a database from a newer sp is refused, not migrated', async (t) => {
  const file = await dbFile(t)
  const db = new BetterSqlite3(file)
  db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 90}`)
  db.close()
  assert.throws(
    () => openStore({file}),
    (error) => isSpError(error) && error.code === 'STORE_TOO_NEW' && error.message.includes(`schema version ${LATEST_SCHEMA_VERSION + 90}`),
  )
})

for (const where of ['on the writer thread (a file)', 'inline (:memory:)']) {
  test(`a write failure rejects every commit of the flush with STORE_WRITE_FAILED, ${where}`, async (t) => {
    const store = openStore({file: where.startsWith('inline') ? ':memory:' : await dbFile(t)})
    t.after(() => store.close())
    // the schema's CHECK constraint refuses an unknown status: the whole shared transaction rolls back
    const results = await Promise.allSettled([
      store.commit(payload(1), [event(1)]),
      store.commit(payload(2), [event(2, {status: 'weird' as 'good'})]),
    ])
    for (const result of results) {
      assert.equal(result.status, 'rejected')
      assert.ok(isSpError(result.reason) && result.reason.code === 'STORE_WRITE_FAILED' && /CHECK constraint failed/.test(result.reason.message), String(result.reason))
    }
    assert.equal(store.db.prepare('SELECT COUNT(*) FROM payloads').pluck().get(), 0)
    // the writer goes on: the next flush commits
    const [next] = await store.commit(payload(3), [event(3)])
    assert.equal(store.db.prepare('SELECT event_id FROM events WHERE id = ?').pluck().get(next.id), event(3).eventId)
    assert.deepEqual(store.db.prepare('SELECT status, n FROM event_counts WHERE n > 0').all(), [{status: 'good', n: 1}])
  })
}

test('events are counted per status by the writer, and deletes (a cascade too) by the trigger', async (t) => {
  const store = openStore({file: await dbFile(t)})
  t.after(() => store.close())
  await Promise.all([
    store.commit(payload(1), [event(1), event(2, {status: 'incomplete'}), event(3, {status: 'bad', contexts: []})]),
    store.commit(payload(2), [event(4)]),
  ])
  const counts = () => Object.fromEntries((store.db.prepare('SELECT status, n FROM event_counts').all() as {status: string; n: number}[]).map((r) => [r.status, r.n]))
  assert.deepEqual(counts(), {bad: 1, good: 2, incomplete: 1})
  store.db.prepare('DELETE FROM payloads WHERE id = (SELECT MIN(id) FROM payloads)').run()
  assert.deepEqual(counts(), {bad: 0, good: 1, incomplete: 0})
})

test('under sustained ingest the WAL is copied into the database file by a background checkpointer, losing nothing', async (t) => {
  const file = await dbFile(t)
  let store = openStore({file})
  t.after(() => store.close())
  const sizeBefore = statSync(file).size
  // 1,200 small events: far below SQLite's own 1000-page auto-checkpoint, past the store's threshold
  for (let batch = 0; batch < 12; batch++) {
    await Promise.all(
      Array.from({length: 10}, (_, i) => {
        const n = batch * 100 + i * 10
        return store.commit(payload(n), Array.from({length: 10}, (_, j) => event(n + j)))
      }),
    )
  }
  const deadline = Date.now() + 10_000
  while (statSync(file).size === sizeBefore) {
    assert.ok(Date.now() < deadline, 'the WAL was never checkpointed into the database file')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  await store.commit(payload(9999), [event(9999)])
  store.close()
  store = openStore({file})
  assert.equal(store.db.prepare('SELECT count(*) FROM events').pluck().get(), 1201)
  assert.equal(store.db.prepare("SELECT n FROM event_counts WHERE status = 'good'").pluck().get(), 1201)
  assert.equal(store.db.pragma('integrity_check', {simple: true}), 'ok')
})
