import {test} from 'node:test'
import assert from 'node:assert/strict'
import {
  DAY_MS,
  defaultCollectorConfig,
  parseByteSize,
  parseDuration,
  parsePathMapping,
  parseSameSite,
  validateCollectorConfig,
} from '../../src/collector/config.js'
import {isSpError} from '../../src/errors/sp-error.js'

const invalid = (fn: () => unknown, pattern: RegExp) =>
  assert.throws(fn, (error) => isSpError(error) && error.code === 'INVALID_OPTION' && pattern.test(error.message))

test('defaults are the collector reference.conf values', () => {
  const config = defaultCollectorConfig()
  assert.deepEqual(config.cookie, {enabled: true, name: 'sp', expiration: 365 * DAY_MS, domains: [], secure: true, httpOnly: true, sameSite: 'None'})
  assert.equal(config.maxPayloadSize, 1_048_576)
  assert.equal(config.dropPayloadSize, 2_097_152)
  assert.deepEqual(config.redirects, {enabled: false, domains: []})
  assert.equal(config.doNotTrackCookie, null)
})

test('path mappings are FROM=TO with absolute paths', () => {
  assert.deepEqual(parsePathMapping('/com.acme/track=/com.snowplowanalytics.snowplow/tp2'), ['/com.acme/track', '/com.snowplowanalytics.snowplow/tp2'])
  invalid(() => parsePathMapping('/com.acme/track'), /expected FROM=TO/)
  invalid(() => parsePathMapping('com.acme/track=/x/y'), /expected FROM=TO/)
})

test('durations are days by default or carry a unit', () => {
  assert.equal(parseDuration('365'), 365 * DAY_MS)
  assert.equal(parseDuration('365d'), 365 * DAY_MS)
  assert.equal(parseDuration('2 days'), 2 * DAY_MS)
  assert.equal(parseDuration('12h'), 12 * 3_600_000)
  assert.equal(parseDuration('30m'), 30 * 60_000)
  invalid(() => parseDuration('forever'), /Invalid duration "forever"/)
})

test('sizes are bytes or kb/mb', () => {
  assert.equal(parseByteSize('1048576'), 1_048_576)
  assert.equal(parseByteSize('1mb'), 1_048_576)
  assert.equal(parseByteSize('512KB'), 524_288)
  invalid(() => parseByteSize('big'), /Invalid size "big"/)
  invalid(() => parseByteSize('0'), /greater than 0/)
})

test('SameSite accepts None, Lax and Strict in any case', () => {
  assert.equal(parseSameSite('lax'), 'Lax')
  assert.equal(parseSameSite('STRICT'), 'Strict')
  invalid(() => parseSameSite('sometimes'), /Invalid SameSite/)
})

test('the drop size may not be below the max payload size, and the DNT pattern must compile', () => {
  invalid(() => validateCollectorConfig({...defaultCollectorConfig(), maxPayloadSize: 10, dropPayloadSize: 5}), /--drop-payload-size \(5\) must not be smaller than --max-payload-size \(10\)/)
  invalid(() => validateCollectorConfig({...defaultCollectorConfig(), doNotTrackCookie: {name: 'dnt', value: '('}}), /not a regular expression/)
})
