import {test} from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import {microOptionsFromFlags} from '../../src/micro/flags.js'
import {DAY_MS, defaultCollectorConfig} from '../../src/collector/config.js'
import {isSpError} from '../../src/errors/sp-error.js'

test('with no flags: 127.0.0.1:9090, .sp/micro.db under the working directory, reference collector defaults', () => {
  const options = microOptionsFromFlags({}, '/work/project')
  assert.equal(options.port, 9090)
  assert.equal(options.host, '127.0.0.1')
  assert.equal(options.dbFile, path.join('/work/project', '.sp', 'micro.db'))
  assert.deepEqual(options.collector, defaultCollectorConfig())
})

test('flags map onto the collector configuration', () => {
  const options = microOptionsFromFlags(
    {
      port: 0,
      host: '0.0.0.0',
      db: 'data/events.db',
      'path-map': ['/com.acme/track=/com.snowplowanalytics.snowplow/tp2', '/com.acme/r=/r/tp2'],
      cookie: true,
      'cookie-name': 'uid',
      'cookie-domain': ['acme.test'],
      'cookie-fallback-domain': 'fallback.test',
      'cookie-expiry': '30d',
      'cookie-secure': false,
      'cookie-same-site': 'Lax',
      'dnt-cookie-name': 'dnt',
      'dnt-cookie-value': '1',
      redirects: true,
      'redirect-domain': ['shop.example'],
      'max-payload-size': '512kb',
      'drop-payload-size': '1mb',
    },
    '/work/project',
  )
  assert.equal(options.port, 0)
  assert.equal(options.host, '0.0.0.0')
  assert.equal(options.dbFile, path.join('/work/project', 'data', 'events.db'))
  assert.deepEqual(options.collector, {
    paths: {'/com.acme/track': '/com.snowplowanalytics.snowplow/tp2', '/com.acme/r': '/r/tp2'},
    cookie: {enabled: true, name: 'uid', expiration: 30 * DAY_MS, domains: ['acme.test'], fallbackDomain: 'fallback.test', secure: false, httpOnly: true, sameSite: 'Lax'},
    doNotTrackCookie: {name: 'dnt', value: '1'},
    redirects: {enabled: true, domains: ['shop.example']},
    maxPayloadSize: 524_288,
    dropPayloadSize: 1_048_576,
  })
})

test('--db :memory: is kept as is and --no-cookie disables the cookie', () => {
  const options = microOptionsFromFlags({db: ':memory:', cookie: false}, '/work/project')
  assert.equal(options.dbFile, ':memory:')
  assert.equal(options.collector.cookie.enabled, false)
})

test('bad flag values are INVALID_OPTION errors', () => {
  for (const flags of [{port: 70000}, {'path-map': ['nope']}, {'dnt-cookie-name': 'dnt'}, {'max-payload-size': 'lots'}]) {
    assert.throws(() => microOptionsFromFlags(flags, '/w'), (error) => isSpError(error) && error.code === 'INVALID_OPTION', JSON.stringify(flags))
  }
})

test('--postgres (or SP_POSTGRES_URL, via oclif) and --postgres-schema map onto the loader options', () => {
  assert.equal(microOptionsFromFlags({}, '/work/project').postgres, undefined)
  assert.deepEqual(microOptionsFromFlags({postgres: 'postgres://u:p@db:5432/snowplow'}, '/work/project').postgres, {url: 'postgres://u:p@db:5432/snowplow', schema: undefined})
  assert.deepEqual(microOptionsFromFlags({postgres: 'postgres://db/x', 'postgres-schema': 'snowplow'}, '/work/project').postgres, {url: 'postgres://db/x', schema: 'snowplow'})
  assert.throws(
    () => microOptionsFromFlags({'postgres-schema': 'snowplow'}, '/work/project'),
    (error) => isSpError(error) && error.code === 'INVALID_OPTION' && /--postgres-schema needs --postgres URL/.test(error.message),
  )
})
