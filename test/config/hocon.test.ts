import {test} from 'node:test'
import assert from 'node:assert/strict'
import {writeFile} from 'node:fs/promises'
import path from 'node:path'
import {parseHocon, parseHoconFile} from '../../src/config/hocon.js'
import {tempDir} from '../helpers/temp-dir.js'

// A collector config in the shape Micro users keep (written for this test).
const MICRO_STYLE = `
# Snowplow Micro
collector {
  interface = "0.0.0.0"
  port = 9090
  port = \${?TEST_PORT}
  paths {
    "/com.acme/track" = "/com.snowplowanalytics.snowplow/tp2"
  }
  cookie {
    enabled = true
    expiration = 365 days // a comment
    name = sp
    domains = [
      "acme.com"
      shop.acme.com,
    ]
    fallbackDomain = \${?COOKIE_DOMAIN}
  }
  ssl.port = 9543
  streams {
    good = "good", bad = bad
    buffer { byteLimit = 10, recordLimit = 1, timeLimit = 100 }
  }
}
collector.cookie.secure: false
enrich { maxJsonDepth = 50 }
`

test('parses the HOCON Micro configs use: nesting, dotted keys, comments, lists, unquoted values, merges', () => {
  const {root} = parseHocon(MICRO_STYLE, 'micro.conf', {})
  assert.deepEqual(root, {
    collector: {
      interface: '0.0.0.0',
      port: 9090,
      paths: {'/com.acme/track': '/com.snowplowanalytics.snowplow/tp2'},
      cookie: {enabled: true, expiration: '365 days', name: 'sp', domains: ['acme.com', 'shop.acme.com'], secure: false},
      ssl: {port: 9543},
      streams: {good: 'good', bad: 'bad', buffer: {byteLimit: 10, recordLimit: 1, timeLimit: 100}},
    },
    enrich: {maxJsonDepth: 50},
  })
})

test('${?ENV} replaces the earlier value when set and removes nothing when unset; ${path} reads the file first', () => {
  assert.equal((parseHocon(MICRO_STYLE, 'micro.conf', {TEST_PORT: '8080'}).root.collector as {port: unknown}).port, '8080')
  const cookie = (parseHocon(MICRO_STYLE, 'micro.conf', {COOKIE_DOMAIN: 'acme.com'}).root.collector as {cookie: {fallbackDomain: unknown}}).cookie
  assert.equal(cookie.fallbackDomain, 'acme.com')
  const {root} = parseHocon('a { port = 1 }\nb = ${a.port}\nc = ${HOME_DIR}/x\nd = "v"${?NOPE}', 'f.conf', {HOME_DIR: '/home/u'})
  assert.deepEqual(root, {a: {port: 1}, b: 1, c: '/home/u/x', d: 'v'})
  // a sibling reference inside the object being defined
  assert.deepEqual(parseHocon('collector { port = 9090, ssl { port = ${collector.port} } }', 'f', {}).root, {collector: {port: 9090, ssl: {port: 9090}}})
})

test('a self-reference reads the earlier value (path = ${path}":/bin"); a cycle is an unresolved substitution', () => {
  assert.deepEqual(parseHocon('path = "/usr"\npath = ${path}":/bin"\nl = [1]\nl = ${l} [2]\no = {a = 1} {b = 2}', 'f', {}).root, {path: '/usr:/bin', l: [1, 2], o: {a: 1, b: 2}})
  assert.deepEqual(parseHocon('path = ${?path}"/bin"', 'f', {}).root, {path: '/bin'})
  assert.throws(() => parseHocon('a = ${b}\nb = ${a}', 'f.conf', {}), /f\.conf:\d: could not resolve substitution/)
})

test('an unresolved ${X} is an error naming the file and line', () => {
  assert.throws(() => parseHocon('a = 1\nb = ${MISSING_VAR}', '/x/micro.conf', {}), (e: Error & {code?: string}) => {
    assert.equal(e.code, 'CONFIG_INVALID')
    assert.match(e.message, /^\/x\/micro\.conf:2: could not resolve substitution \$\{MISSING_VAR\}/)
    return true
  })
})

test('syntax errors name the file and line', () => {
  assert.throws(() => parseHocon('a {\n  b = 1\n  c = [1, 2\n', 'bad.conf', {}), /bad\.conf:4: missing "\]"/)
  assert.throws(() => parseHocon('a = 1\nb ! 2', 'bad.conf', {}), /bad\.conf:2: expected "=", ":" or "\{"/)
  assert.throws(() => parseHocon('a = "unterminated\n', 'bad.conf', {}), /bad\.conf:1: unterminated string/)
})

test('lineOf names where a key was set (dotted and nested forms)', () => {
  const doc = parseHocon(MICRO_STYLE, 'micro.conf', {})
  assert.equal(doc.lineOf('collector.cookie.name'), 13)
  assert.equal(doc.lineOf('collector.cookie.secure'), 26)
  assert.equal(doc.lineOf('collector.ssl.port'), 20)
})

test('JSON is HOCON; += appends; triple-quoted strings; braces at the root; objects merge, scalars replace', () => {
  assert.deepEqual(parseHocon('{"a": {"b": [1, 2.5, true, null]}}', 'x.json', {}).root, {a: {b: [1, 2.5, true, null]}})
  assert.deepEqual(parseHocon('l = [1]\nl += 2', 'f', {}).root, {l: [1, 2]})
  assert.deepEqual(parseHocon('s = """a "quoted"\nline"""', 'f', {}).root, {s: 'a "quoted"\nline'})
  assert.deepEqual(parseHocon('a { x = 1, y = 2 }\na { y = 3 }\nb = 1\nb = { c = 2 }', 'f', {}).root, {a: {x: 1, y: 3}, b: {c: 2}})
})

test('include "file" and include required(file(...)) read files beside the config', async (t) => {
  const dir = await tempDir(t)
  await writeFile(path.join(dir, 'base.conf'), 'collector { port = 9090, cookie.name = base }')
  await writeFile(path.join(dir, 'micro.conf'), 'include "base.conf"\ninclude "absent.conf"\ncollector.cookie.name = mine')
  assert.deepEqual(parseHoconFile(path.join(dir, 'micro.conf'), {}).root, {collector: {port: 9090, cookie: {name: 'mine'}}})
  await writeFile(path.join(dir, 'req.conf'), 'include required(file("absent.conf"))')
  assert.throws(() => parseHoconFile(path.join(dir, 'req.conf'), {}), /req\.conf:1: included file .*absent\.conf does not exist/)
  assert.throws(() => parseHoconFile(path.join(dir, 'nope.conf'), {}), /Cannot read config file .*nope\.conf/)
})
