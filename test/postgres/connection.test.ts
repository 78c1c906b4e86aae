import {test} from 'node:test'
import assert from 'node:assert/strict'
import {parseTarget} from '../../src/postgres/connection.js'
import {redactUrl, isConnectionError} from '../../src/postgres/errors.js'
import {isSpError} from '../../src/errors/sp-error.js'

test('a target names its cursor by host, port, database and schema, never by credentials', () => {
  const target = parseTarget('postgres://loader:s3cret@db.internal:6543/snowplow')
  assert.equal(target.key, 'db.internal:6543/snowplow/atomic')
  assert.equal(target.display, 'postgres://loader:***@db.internal:6543/snowplow (schema atomic)')
  assert.equal(parseTarget('postgresql://db/snowplow', 'events_schema').key, 'db:5432/snowplow/events_schema')
  assert.equal(parseTarget('postgres://alice@db').key, 'db:5432/alice/atomic')
  assert.equal(redactUrl('postgres://u:p%40ss@h/d'), 'postgres://u:***@h/d')
})

test('bad URLs and schema names are usage errors that say what to write', () => {
  for (const [url, message] of [
    ['not a url', /Invalid PostgreSQL URL not a url: not a URL\. Use postgres:\/\/user:password@host:5432\/database/],
    ['mysql://db/x', /the scheme must be postgres:\/\/ \(found mysql:\/\/\)/],
  ] as const) {
    assert.throws(() => parseTarget(url), (error) => isSpError(error) && error.code === 'POSTGRES_INVALID_URL' && message.test(error.message))
  }
  assert.throws(() => parseTarget('postgres://db/x', 'a-b'), /invalid schema name a-b/)
})

test('connection failures are told apart from statements Postgres refused', () => {
  assert.equal(isConnectionError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {code: 'ECONNREFUSED'})), true)
  assert.equal(isConnectionError(Object.assign(new Error('terminating connection due to administrator command'), {code: '57P01'})), true)
  assert.equal(isConnectionError(new Error('Connection terminated unexpectedly')), true)
  assert.equal(isConnectionError(Object.assign(new Error('value too long for type character varying(3)'), {code: '22001'})), false)
})
