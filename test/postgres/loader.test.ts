import {test, before, after} from 'node:test'
import assert from 'node:assert/strict'
import {randomUUID} from 'node:crypto'
import path from 'node:path'
import {mkdir, writeFile} from 'node:fs/promises'
import {startTestPostgres, type TestPostgres} from '../helpers/postgres-server.js'
import {startTestMicro, tempDir} from '../micro/fixtures.js'
import {caughtUp, track, trackBatch, webPage, writeSchemas} from './fixtures.js'
import type {TestContext} from 'node:test'
import type {LoaderStatus} from '../../src/postgres/index.js'
import {MicroClient} from '../../src/client/micro-client.js'
import {createMicroIgluClient} from '../../src/micro/iglu.js'
import {loadStore, parseTarget} from '../../src/postgres/index.js'
import {readCursor} from '../../src/postgres/cursor.js'
import {isSpError} from '../../src/errors/sp-error.js'

let server: TestPostgres
let databases = 0

before(async () => {
  server = await startTestPostgres()
})
after(async () => {
  await server?.stop()
})

async function setup(t: TestContext) {
  const dir = await tempDir(t)
  const schemas = await writeSchemas(dir)
  const url = await server.createDatabase(`loader_${++databases}`)
  const dbFile = path.join(dir, 'micro.db')
  const start = (log?: (line: string) => void) =>
    startTestMicro(t, {dbFile, iglu: {schemaDirs: [schemas], offline: true, cacheDir: false}, postgres: {url, retryMs: 50}, log})
  const q = (sql: string, params?: unknown[]) => server.query(url, sql, params)
  return {dir, schemas, url, dbFile, start, q}
}

async function columnTypes(q: (sql: string, p?: unknown[]) => Promise<Record<string, unknown>[]>, table: string) {
  const rows = await q(
    `SELECT attname AS name, format_type(atttypid, atttypmod) AS type, attnotnull AS not_null FROM pg_attribute
     WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    [`atomic.${table}`],
  )
  return Object.fromEntries(rows.map((r) => [r.name as string, `${r.type as string}${r.not_null ? ' NOT NULL' : ''}`]))
}

test('atomic.events and a table per entity schema, typed from the Iglu schemas; the dbt join works', async (t) => {
  const {start, q} = await setup(t)
  const micro = await start()
  const pageViewId = randomUUID()
  await track(micro, {contexts: [webPage(pageViewId)]})
  await track(micro, {
    event: {schema: 'iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1', data: {targetUrl: 'https://x.example', elementClasses: ['a', 'b']}},
    contexts: [webPage(pageViewId)],
  })
  await track(micro, {
    event: {
      schema: 'iglu:com.acme/every_type/jsonschema/1-0-0',
      data: {
        plainString: 'hello', shortString: 'abc', code: 'FR', uuid: '0b8f2c8e-1a44-4a7b-9b0a-8f4c6f1e2d3c',
        at: '2024-05-06T07:08:09.123+02:00', day: '2024-05-06', count: 12345678901, small: 7, big: 9999999999,
        price: 9.99, ratio: null, intOrNumber: 3, flag: true, color: 'green', mixed: 1, union: 'u', tags: ['x'],
        address: {streetName: 'Main St', zip: 12345}, free: {k: 'v'}, anything: [1, 2],
      },
    },
  })
  const status = await caughtUp(micro)
  assert.equal(status.loaded, 3)
  assert.equal(status.rejected, 0)

  const events = await columnTypes(q, 'events')
  assert.equal(events.event_id, 'uuid NOT NULL')
  assert.equal(events.collector_tstamp, 'timestamp without time zone NOT NULL')
  assert.equal(events.app_id, 'character varying(255)')
  assert.equal(events.geo_country, 'character(2)')
  assert.equal(events.se_value, 'double precision')
  assert.equal(events.br_cookies, 'boolean')
  assert.equal(events.domain_sessionidx, 'integer')
  assert.equal(events.contexts, undefined)
  assert.equal(Object.keys(events).length, 129) // 128 Snowplow columns + load_tstamp

  const meta = {
    schema_vendor: 'character varying(128)', schema_name: 'character varying(128)', schema_format: 'character varying(128)',
    schema_version: 'character varying(128)', root_id: 'uuid', root_tstamp: 'timestamp without time zone',
  }
  assert.deepEqual(await columnTypes(q, 'com_snowplowanalytics_snowplow_web_page_1'), {...meta, id: 'character varying(4096) NOT NULL'})
  assert.deepEqual(await columnTypes(q, 'com_snowplowanalytics_snowplow_link_click_1'), {
    ...meta,
    target_url: 'character varying(4096) NOT NULL',
    element_classes: 'jsonb',
    element_content: 'character varying(4096)',
    element_id: 'character varying(4096)',
    element_target: 'character varying(4096)',
  })
  assert.deepEqual(await columnTypes(q, 'com_acme_every_type_1'), {
    ...meta,
    'address.street_name': 'character varying(100) NOT NULL',
    plain_string: 'character varying(4096) NOT NULL',
    'address.zip': 'bigint',
    anything: 'jsonb',
    at: 'timestamp without time zone',
    big: 'bigint',
    code: 'character(2)',
    color: 'character varying(5)',
    count: 'bigint',
    day: 'date',
    flag: 'boolean',
    free: 'jsonb',
    int_or_number: 'double precision',
    mixed: 'jsonb',
    price: 'double precision',
    ratio: 'double precision',
    short_string: 'character varying(5)',
    small: 'integer',
    tags: 'jsonb',
    union: 'jsonb',
    uuid: 'uuid',
  })
  const [row] = await q(`SELECT *, at::text AS at_text, day::text AS day_text FROM atomic.com_acme_every_type_1`)
  assert.equal(row!.schema_vendor, 'com.acme')
  assert.equal(row!.schema_version, '1-0-0')
  assert.equal(row!.at_text, '2024-05-06 05:08:09.123') // UTC, the offset applied
  assert.equal(row!.day_text, '2024-05-06')
  assert.equal(row!.count, '12345678901')
  assert.deepEqual(row!.tags, ['x'])
  assert.deepEqual(row!.free, {k: 'v'})
  assert.equal(row!['address.street_name'], 'Main St')
  assert.equal(row!.mixed, 1)
  assert.equal(await q(`SELECT obj_description('atomic.com_acme_every_type_1'::regclass, 'pg_class') AS c`).then((r) => r[0]!.c), 'iglu:com.acme/every_type/jsonschema/1-0-0')

  // dbt-snowplow-web's join: uuid = uuid and root_tstamp = collector_tstamp, exactly
  const joined = await q(
    `SELECT e.event_name, wp.id FROM atomic.events e
     JOIN atomic.com_snowplowanalytics_snowplow_web_page_1 wp ON e.event_id = wp.root_id AND e.collector_tstamp = wp.root_tstamp
     ORDER BY e.event_name`,
  )
  assert.deepEqual(joined, [{event_name: 'link_click', id: pageViewId}, {event_name: 'page_view', id: pageViewId}])

  // the SQL dbt-snowplow-utils' postgres__get_sde_or_context makes of the table (prefix page_view),
  // joined as snowplow_web's base model joins it, over a run window
  assert.deepEqual(await q(`SELECT schema_name FROM atomic.com_snowplowanalytics_snowplow_web_page_1 LIMIT 1`), [{schema_name: 'web_page'}])
  const window = [`(now() AT TIME ZONE 'UTC') - interval '1 day'`, `(now() AT TIME ZONE 'UTC') + interval '1 day'`]
  const dbt = await q(`
    WITH dd_web_page AS (
      SELECT "root_id", "root_tstamp", "id", row_number() OVER (PARTITION BY root_id ORDER BY root_tstamp) AS dedupe_index
      FROM atomic.com_snowplowanalytics_snowplow_web_page_1
      WHERE root_tstamp >= ${window[0]} AND root_tstamp <= ${window[1]}
    ),
    web_page AS (
      SELECT "id" AS "page_view_id", root_tstamp AS "page_view__tstamp", root_id AS "page_view__id" FROM dd_web_page WHERE dedupe_index = 1
    )
    SELECT e.event_name, wp.page_view_id
    FROM atomic.events e
    LEFT JOIN web_page wp ON e.event_id = wp.page_view__id AND e.collector_tstamp = wp.page_view__tstamp
    WHERE e.collector_tstamp >= ${window[0]} AND e.collector_tstamp <= ${window[1]}
    ORDER BY e.event_name`)
  assert.deepEqual(dbt, [
    {event_name: 'every_type', page_view_id: null},
    {event_name: 'link_click', page_view_id: pageViewId},
    {event_name: 'page_view', page_view_id: pageViewId},
  ])
})

test('a new ADDITION adds its columns to the table; a new MODEL gets a _2 table', async (t) => {
  const {start, q} = await setup(t)
  const micro = await start()
  await track(micro, {event: {schema: 'iglu:com.acme/checkout/jsonschema/1-0-0', data: {step: 1}}})
  await caughtUp(micro)
  assert.deepEqual(Object.keys(await columnTypes(q, 'com_acme_checkout_1')).slice(6), ['step'])
  await track(micro, {event: {schema: 'iglu:com.acme/checkout/jsonschema/1-0-1', data: {step: 2, coupon: 'SAVE10'}}})
  await track(micro, {event: {schema: 'iglu:com.acme/checkout/jsonschema/2-0-0', data: {stage: 'paid'}}})
  await caughtUp(micro)
  const v1 = await columnTypes(q, 'com_acme_checkout_1')
  assert.equal(v1.step, 'integer NOT NULL')
  assert.equal(v1.coupon, 'character varying(12)')
  assert.deepEqual(await q(`SELECT schema_version, step, coupon FROM atomic.com_acme_checkout_1 ORDER BY step`), [
    {schema_version: '1-0-0', step: 1, coupon: null},
    {schema_version: '1-0-1', step: 2, coupon: 'SAVE10'},
  ])
  assert.equal(await q(`SELECT obj_description('atomic.com_acme_checkout_1'::regclass, 'pg_class') AS c`).then((r) => r[0]!.c), 'iglu:com.acme/checkout/jsonschema/1-0-1')
  assert.deepEqual(await q(`SELECT stage FROM atomic.com_acme_checkout_2`), [{stage: 'paid'}])
})

test('a value Postgres would refuse is reported with its column and value; the other events load', async (t) => {
  const {start, q} = await setup(t)
  const lines: string[] = []
  const micro = await start((line) => lines.push(line))
  // enrich allows se_label up to 4096 characters; the loader's column is VARCHAR(1000)
  await track(micro, {params: {e: 'se', se_ca: 'shop', se_ac: 'too-long', se_la: 'x'.repeat(1500)}})
  await track(micro, {params: {e: 'se', se_ca: 'shop', se_ac: 'fine', se_la: 'ok'}})
  const status = await caughtUp(micro)
  assert.equal(status.loaded, 1)
  assert.equal(status.rejected, 1)
  const [rejection] = status.recentRejections
  assert.equal(rejection!.table, 'events')
  assert.equal(rejection!.column, 'se_label')
  assert.match(rejection!.value!, /^x{200}… \(1500 characters\)$/)
  assert.match(rejection!.reason, /1500 characters, over the column's 1000/)
  assert.deepEqual(await q(`SELECT se_action FROM atomic.events`), [{se_action: 'fine'}])
  const answer = (await fetch(`${micro.url}/micro/loader`).then((r) => r.json())) as {postgres: LoaderStatus}
  assert.equal(answer.postgres.recentRejections[0]!.column, 'se_label')
  assert.ok(
    lines.includes(`[WARN] postgres loader - not loaded: event ${rejection!.eventId}: events.se_label = "${'x'.repeat(200)}… (1500 characters)": 1500 characters, over the column's 1000`),
    lines.join('\n'),
  )
})

test('Postgres killed and restarted mid-load: collection goes on, every event arrives once', async (t) => {
  const {url, dbFile, schemas, q} = await setup(t)
  // small batches, so the kill lands between (and inside) transactions of one catch-up
  const micro = await startTestMicro(t, {dbFile, iglu: {schemaDirs: [schemas], offline: true, cacheDir: false}, postgres: {url, retryMs: 50, batchSize: 20}})
  await caughtUp(micro)
  for (let i = 0; i < 10; i++) await trackBatch(micro, 25)
  const loadingBy = Date.now() + 30_000
  while (micro.postgres!.status().loaded === 0 && Date.now() < loadingBy) await new Promise((r) => setImmediate(r))
  // the first transactions are in; the rest of the catch-up is not (on a busy machine it may be)
  assert.ok(micro.postgres!.status().loaded > 0)
  await server.kill()
  try {
    for (let i = 0; i < 2; i++) await trackBatch(micro, 25) // still 200: SQLite commits
    const deadline = Date.now() + 30_000
    while (micro.postgres!.status().state !== 'retrying' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
    const down = micro.postgres!.status()
    assert.equal(down.state, 'retrying')
    assert.ok(down.lag >= 50, `lag while down: ${down.lag}`)
    assert.ok(down.lastError)
  } finally {
    // the next tests share this server
    await server.restart()
  }
  await trackBatch(micro, 10)
  await caughtUp(micro)
  const [counts] = await q(
    `SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS ids, (SELECT count(*)::int FROM atomic.com_snowplowanalytics_snowplow_web_page_1) AS pages FROM atomic.events`,
  )
  assert.deepEqual(counts, {n: 310, ids: 310, pages: 310})
})

test('a restart resumes from the cursor; loading again inserts nothing twice', async (t) => {
  const {start, q} = await setup(t)
  const first = await start()
  for (let i = 0; i < 5; i++) await track(first, {contexts: [webPage(randomUUID())]})
  const loaded = await caughtUp(first)
  await first.close()
  const second = await start()
  for (let i = 0; i < 3; i++) await track(second, {contexts: [webPage(randomUUID())]})
  const status = await caughtUp(second)
  assert.equal(status.loaded, 3)
  assert.ok(status.cursor > loaded.cursor)
  // forget the cursor: everything is offered again, and the unique key takes nothing twice
  second.store.db.prepare('DELETE FROM postgres_cursors').run()
  await second.close()
  const third = await start()
  const again = await caughtUp(third)
  assert.equal(again.loaded, 0)
  assert.equal(again.duplicates, 8)
  assert.deepEqual(await q(`SELECT count(*)::int AS n, (SELECT count(*)::int FROM atomic.com_snowplowanalytics_snowplow_web_page_1) AS pages FROM atomic.events`), [{n: 8, pages: 8}])
})

test('two sp micro processes load into one database', async (t) => {
  const a = await setup(t)
  const dirB = await tempDir(t)
  const b = await startTestMicro(t, {dbFile: path.join(dirB, 'micro.db'), iglu: {schemaDirs: [a.schemas], offline: true, cacheDir: false}, postgres: {url: a.url, retryMs: 50}})
  const microA = await a.start()
  const send = async (micro: typeof b, n: number) => {
    for (let i = 0; i < n; i++) {
      await track(micro, {
        event: {schema: 'iglu:com.acme/checkout/jsonschema/1-0-0', data: {step: i % 10}},
        contexts: [webPage(randomUUID())],
      })
    }
  }
  await Promise.all([send(microA, 40), send(b, 40)])
  const [sa, sb] = await Promise.all([caughtUp(microA), caughtUp(b)])
  assert.equal(sa.loaded + sb.loaded, 80)
  assert.deepEqual(
    await a.q(`SELECT count(*)::int AS n, (SELECT count(*)::int FROM atomic.com_acme_checkout_1) AS checkouts, (SELECT count(*)::int FROM atomic.com_snowplowanalytics_snowplow_web_page_1) AS pages FROM atomic.events`),
    [{n: 80, checkouts: 80, pages: 80}],
  )
})

test('without --postgres, /micro/loader says so', async (t) => {
  const micro = await startTestMicro(t, {dbFile: ':memory:'})
  assert.equal(micro.postgres, undefined)
  assert.equal(await new MicroClient(micro.url).loader(), null)
  const response = await fetch(`${micro.url}/micro/loader`, {headers: {origin: 'http://localhost:5173'}})
  assert.equal(response.headers.get('access-control-allow-origin'), 'http://localhost:5173')
  assert.deepEqual(await response.json(), {postgres: null})
})

test('a fresh database gets atomic.events and the web_page table before any event (dbt reads both), even offline', async (t) => {
  const url = await server.createDatabase(`loader_${++databases}`)
  const micro = await startTestMicro(t, {dbFile: ':memory:', iglu: {offline: true, cacheDir: false}, postgres: {url}})
  await caughtUp(micro)
  const q = (sql: string, params?: unknown[]) => server.query(url, sql, params)
  assert.equal(Object.keys(await columnTypes(q, 'events')).length, 129)
  assert.equal((await columnTypes(q, 'com_snowplowanalytics_snowplow_web_page_1')).id, 'character varying(4096) NOT NULL')
})

test('a value Postgres itself refuses (a REVISION retyped a property) is reported for its event; the loader goes on', async (t) => {
  const {start, q, schemas} = await setup(t)
  // 1-1-0 makes `step` a string; the table, made by 1-0-0, keeps its INTEGER column
  const folder = path.join(schemas, 'com.acme', 'checkout', 'jsonschema')
  await mkdir(folder, {recursive: true})
  await writeFile(path.join(folder, '1-1-0'), JSON.stringify({
    $schema: 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#',
    self: {vendor: 'com.acme', name: 'checkout', format: 'jsonschema', version: '1-1-0'},
    type: 'object', properties: {step: {type: 'string', maxLength: 5}}, required: ['step'], additionalProperties: false,
  }))
  const micro = await start()
  await track(micro, {event: {schema: 'iglu:com.acme/checkout/jsonschema/1-0-0', data: {step: 1}}})
  await caughtUp(micro)
  await track(micro, {event: {schema: 'iglu:com.acme/checkout/jsonschema/1-1-0', data: {step: 'two'}}})
  await track(micro, {event: {schema: 'iglu:com.acme/checkout/jsonschema/1-1-0', data: {step: '3'}}})
  await track(micro, {event: {schema: 'iglu:com.acme/checkout/jsonschema/1-0-0', data: {step: 4}}})
  const status = await caughtUp(micro)
  assert.equal(status.rejected, 1)
  assert.equal(status.loaded, 3)
  assert.match(status.recentRejections[0]!.reason, /^PostgreSQL: invalid input syntax for type integer: "two"/)
  assert.deepEqual(await q(`SELECT schema_version, step FROM atomic.com_acme_checkout_1 ORDER BY step`), [
    {schema_version: '1-0-0', step: 1},
    {schema_version: '1-1-0', step: 3},
    {schema_version: '1-0-0', step: 4},
  ])
  assert.equal((await q(`SELECT count(*)::int AS n FROM atomic.events`))[0]!.n, 3)
})

test('every atomic value reads back from atomic.events as the enriched event has it', async (t) => {
  const {start, q} = await setup(t)
  const micro = await start()
  await track(micro, {
    params: {
      e: 'se', se_ca: 'shop', se_ac: 'add', se_la: 'sku-1', se_pr: 'red', se_va: '12.75', tid: '123456', res: '1920x1080', vp: '1280x720',
      cd: '24', cookie: '1', f_pdf: '0', f_java: '1', lang: 'fr-FR', tz: 'Europe/Paris', uid: 'alice', duid: 'd-1', vid: '3',
      sid: '0c7b3f1e-6a6b-4f7a-8b39-3a1d2c4e5f60', dtm: '1700000000000', stm: '1700000000123', ttm: '1700000000050',
      refr: 'https://www.google.com/search?q=x', url: 'https://shop.example:8443/cart?utm_source=news&utm_medium=email#top',
    },
  })
  await caughtUp(micro)
  const [good] = (await fetch(`${micro.url}/micro/good`).then((r) => r.json())) as {event: Record<string, unknown>}[]
  const [row] = await q(`SELECT row_to_json(e) AS json FROM atomic.events e`)
  const loaded = row!.json as Record<string, unknown>
  let compared = 0
  for (const [name, value] of Object.entries(good!.event)) {
    if (value === null || typeof value === 'object') continue // JSON fields: their own tables
    const got = loaded[name]
    if (name.endsWith('_tstamp')) assert.equal(Date.parse(`${got as string}Z`), Date.parse(value as string), name)
    else assert.deepEqual(got, value, name)
    compared++
  }
  assert.ok(compared > 40, `compared ${compared} fields`)
  assert.equal(loaded.se_value, 12.75)
  assert.equal(loaded.txn_id, 123456)
  assert.equal(loaded.br_features_pdf, false)
  assert.equal(loaded.page_urlport, 8443)
})

test('loadStore (sp load postgres): since an instant, then everything; the cursor moves only after a full load', async (t) => {
  const {url, dbFile, schemas, start, q} = await setup(t)
  const collecting = await startTestMicro(t, {dbFile, iglu: {schemaDirs: [schemas], offline: true, cacheDir: false}})
  for (let i = 0; i < 2; i++) await track(collecting, {contexts: [webPage(randomUUID())]})
  await new Promise((r) => setTimeout(r, 5))
  const since = Date.now()
  for (let i = 0; i < 3; i++) await track(collecting, {contexts: [webPage(randomUUID())]})
  const iglu = await createMicroIgluClient({schemaDirs: [schemas], offline: true, cacheDir: false})
  const db = collecting.store.db
  const recent = await loadStore(db, iglu, {url, sinceMs: since})
  assert.deepEqual([recent.read, recent.inserted, recent.duplicates, recent.tables], [3, 3, 0, 1])
  assert.equal(readCursor(db, parseTarget(url).key), 0)
  const progress: number[] = []
  const all = await loadStore(db, iglu, {url, batchSize: 2, onProgress: (done, total) => progress.push(done, total)})
  assert.deepEqual([all.read, all.inserted, all.duplicates], [5, 2, 3])
  assert.deepEqual(progress, [2, 5, 4, 5, 5, 5])
  assert.equal(readCursor(db, parseTarget(url).key), 5)
  await collecting.close()
  const micro = await start()
  const status = await caughtUp(micro)
  assert.deepEqual([status.cursor, status.loaded, status.duplicates], [5, 0, 0])
  assert.equal((await q(`SELECT count(*)::int AS n FROM atomic.events`))[0]!.n, 5)
})

test('a schema registry that fails (not "not found") stops the load instead of skipping the events', async (t) => {
  const {url, dbFile, schemas, dir} = await setup(t)
  const collecting = await startTestMicro(t, {dbFile, iglu: {schemaDirs: [schemas], offline: true, cacheDir: false}})
  await track(collecting, {event: {schema: 'iglu:com.acme/checkout/jsonschema/1-0-0', data: {step: 1}}})
  // the loader's resolver knows com.acme schemas only from a registry that does not answer
  const resolver = path.join(dir, 'resolver.json')
  await writeFile(resolver, JSON.stringify({
    schema: 'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-1',
    data: {cacheSize: 10, repositories: [{name: 'down', priority: 0, vendorPrefixes: ['com.acme'], connection: {http: {uri: 'http://127.0.0.1:9/api'}}}]},
  }))
  const iglu = await createMicroIgluClient({resolverFile: resolver, cacheDir: false})
  await assert.rejects(loadStore(collecting.store.db, iglu, {url}), (error) => isSpError(error) && error.code === 'POSTGRES_SCHEMA_UNRESOLVED')
  assert.equal(readCursor(collecting.store.db, parseTarget(url).key), 0)
  assert.equal((await server.query(url, `SELECT count(*)::int AS n FROM atomic.events`))[0]!.n, 0)
})

test('two loaders over the same store at once (sp load beside sp micro --postgres): every event once', async (t) => {
  const {url, dbFile, schemas, q} = await setup(t)
  const collecting = await startTestMicro(t, {dbFile, iglu: {schemaDirs: [schemas], offline: true, cacheDir: false}})
  for (let i = 0; i < 8; i++) await trackBatch(collecting, 25)
  const iglu = await createMicroIgluClient({schemaDirs: [schemas], offline: true, cacheDir: false})
  const [a, b] = await Promise.all([
    loadStore(collecting.store.db, iglu, {url, batchSize: 20}),
    loadStore(collecting.store.db, iglu, {url, batchSize: 30}),
  ])
  assert.equal(a.inserted + b.inserted, 200)
  assert.equal(a.duplicates + b.duplicates, 200)
  assert.deepEqual(await q(`SELECT count(*)::int AS n, (SELECT count(*)::int FROM atomic.com_snowplowanalytics_snowplow_web_page_1) AS pages FROM atomic.events`), [{n: 200, pages: 200}])
})
