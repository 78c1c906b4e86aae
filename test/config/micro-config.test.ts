import {test} from 'node:test'
import assert from 'node:assert/strict'
import {mkdir, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {readMicroConfig} from '../../src/config/micro-config.js'
import {preprocessMicroArgv, REFUSALS} from '../../src/config/micro-argv.js'
import {microOptionsFromFlags} from '../../src/micro/flags.js'
import {prepareMicroLaunch} from '../../src/config/micro-launch.js'
import Micro from '../../commands/micro.js'
import {tempDir} from '../helpers/temp-dir.js'

async function file(t: {after: (fn: () => Promise<void>) => void}, name: string, text: string): Promise<string> {
  const f = path.join(await tempDir(t), name)
  await writeFile(f, text)
  return f
}

// Every collector key sp carries out, in Micro's (collector 3.x) shapes; written for this test.
const FULL = `collector {
  interface = "0.0.0.0"
  port = 8181
  ssl { enable = false, redirect = false, port = 9443 }
  paths { "/com.acme/track" = "/com.snowplowanalytics.snowplow/tp2", "/com.acme/r" = "/r/tp2" }
  p3p { policyRef = "/w3c/p3p.xml", CP = "NOI DSP COR NID PSA OUR IND COM NAV STA" }
  crossDomain { enabled = false, domains = ["*"], secure = true }
  cookie {
    enabled = true
    expiration = "30 days"
    name = micro
    domains = ["acme.com"]
    fallbackDomain = "acme.net"
    secure = false
    httpOnly = false
    sameSite = "Lax"
  }
  doNotTrackCookie { enabled = true, name = dnt, value = "1|yes" }
  cookieBounce { enabled = false, name = "n3pc", fallbackNetworkUserId = "00000000-0000-4000-A000-000000000000" }
  redirectMacro { enabled = false }
  rootResponse { enabled = false, statusCode = 302 }
  cors { accessControlMaxAge = 60 minutes }
  enableDefaultRedirect = true
  redirectDomains = ["shop.acme.com"]
  hsts { enable = false, maxAge = 365 days }
  networking {
    maxConnections = 1024
    idleTimeout = 610 seconds
    maxPayloadSize = 500000
    dropPayloadSize = 1000000
  }
  streams { good = "good", bad = "bad", buffer { byteLimit = 10, recordLimit = 1, timeLimit = 100 } }
  telemetry { disable = true }
}
akka.http.server.remote-address-header = on
`

test('every collector key Micro reads maps onto sp options; Micro-ignored keys are silent', async (t) => {
  const settings = readMicroConfig(await file(t, 'micro.conf', FULL), {env: {}})
  assert.deepEqual(settings.warnings, [])
  assert.deepEqual(settings.ssl, {enable: false, port: 9443})
  assert.equal(settings.cookieHttpOnly, false)
  const options = microOptionsFromFlags(settings.flags, '/tmp')
  assert.equal(options.port, 8181)
  assert.deepEqual(options.collector.paths, {'/com.acme/track': '/com.snowplowanalytics.snowplow/tp2', '/com.acme/r': '/r/tp2'})
  assert.deepEqual(
    {...options.collector.cookie, httpOnly: undefined},
    {enabled: true, name: 'micro', expiration: 30 * 86_400_000, domains: ['acme.com'], fallbackDomain: 'acme.net', secure: false, httpOnly: undefined, sameSite: 'Lax'},
  )
  assert.deepEqual(options.collector.doNotTrackCookie, {name: 'dnt', value: '1|yes'})
  assert.deepEqual(options.collector.redirects, {enabled: true, domains: ['shop.acme.com']})
  assert.equal(options.collector.maxPayloadSize, 500000)
  assert.equal(options.collector.dropPayloadSize, 1000000)
})

test('rootResponse, crossDomain and hsts, with the reference defaults', async (t) => {
  const on = readMicroConfig(await file(t, 'micro.conf', `collector {
  rootResponse { enabled = true, statusCode = 200, headers { Location = "https://acme.com", X-Test = yes }, body = "hello" }
  crossDomain { enabled = true }
  hsts { enable = true, maxAge = 2 days }
}`), {env: {}})
  assert.deepEqual(on.extras, {
    rootResponse: {statusCode: 200, headers: {Location: 'https://acme.com', 'X-Test': 'yes'}, body: 'hello'},
    crossDomain: {domains: ['*'], secure: true},
    hsts: {maxAgeSeconds: 172800},
  })
  assert.deepEqual(readMicroConfig(await file(t, 'micro.conf', FULL), {env: {}}).extras, {})
  await assert.rejects(async () => readMicroConfig(await file(t, 'micro.conf', 'collector.rootResponse { enabled = true, statusCode = 42 }'), {env: {}}), /micro\.conf:1: collector\.rootResponse\.statusCode: invalid HTTP status 42/)
})

test('unknown keys are ignored with one warning line naming them; switched-on features sp lacks are named too', async (t) => {
  const f = await file(t, 'micro.conf', 'collector {\n  port = 9090\n  colour = red\n  extra { a = 1, b = 2 }\n  cookieBounce.enabled = true\n  cors.accessControlMaxAge = 5 seconds\n}\n')
  const {warnings} = readMicroConfig(f, {env: {}})
  assert.equal(warnings.length, 2)
  assert.match(warnings[0]!, /does not carry out these Micro settings, they are ignored: cookieBounce\.enabled \(cookie bounce\), cors\.accessControlMaxAge \(a preflight max age other than 1 hour\)$/)
  assert.equal(warnings[1], `${f}: ignoring keys Snowplow Micro does not read: colour, extra.a, extra.b`)
})

test('a wrong value is an error naming file, line and key', async (t) => {
  const f = await file(t, 'micro.conf', 'collector {\n  cookie {\n    sameSite = "Foo"\n  }\n}\n')
  assert.throws(() => readMicroConfig(f, {env: {}}), (e: Error & {code?: string}) => {
    assert.equal(e.code, 'CONFIG_INVALID')
    assert.equal(e.message, `${f}:3: collector.cookie.sameSite: sameSite Foo is not supported. Accepted values: None, Strict, Lax`)
    return true
  })
  const p = await file(t, 'micro.conf', 'collector {\n  paths {\n    "/com.acme/track" = "tp2"\n  }\n}\n')
  assert.throws(() => readMicroConfig(p, {env: {}}), {message: `${p}:3: collector.paths./com.acme/track: Invalid path mapping "/com.acme/track=tp2": expected FROM=TO with two absolute paths, e.g. /com.acme/track=/com.snowplowanalytics.snowplow/tp2`})
  const d = await file(t, 'micro.conf', 'collector.doNotTrackCookie { enabled = true, name = dnt, value = "([" }\n')
  assert.throws(() => readMicroConfig(d, {env: {}}), (e: Error) => e.message.startsWith(`${d}:1: collector.doNotTrackCookie.value: Invalid regular expression`))
  const c = await file(t, 'micro.conf', 'collector.cookie.name = "a b"\n')
  assert.throws(() => readMicroConfig(c, {env: {}}), {message: `${c}:1: collector.cookie.name: Invalid cookie name "a b"`})
  const g = await file(t, 'micro.conf', 'collector.port = "eighty"\n')
  assert.throws(() => readMicroConfig(g, {env: {}}), {message: `${g}:1: collector.port: expected a whole number, got "eighty"`})
})

test('a flat collector file is lifted as Micro lifts it; Micro 1.x string ports decode', async (t) => {
  const settings = readMicroConfig(await file(t, 'c.conf', 'port = "9191"\ncookie { name = micro }\n'), {env: {}, flagShapes: Micro.flags as never})
  assert.equal(settings.flags.port, 9191)
  assert.equal(settings.flags['cookie-name'], 'micro')
})

test('-D overrides win over the file; -Dorg.slf4j.simpleLogger.log.EventLog=off turns the event log off', async (t) => {
  const f = await file(t, 'micro.conf', 'collector { cookie.name = fromfile }')
  const settings = readMicroConfig(f, {env: {}, systemProperties: {'collector.cookie.name': 'sp2', 'org.slf4j.simpleLogger.log.EventLog': 'off', 'user.timezone': 'UTC'}})
  assert.equal(settings.flags['cookie-name'], 'sp2')
  assert.equal(settings.eventLogOff, true)
  assert.deepEqual(settings.warnings, ['Ignoring -D properties sp does not use: user.timezone'])
  // without any file
  assert.equal(readMicroConfig(undefined, {systemProperties: {'collector.port': '7070'}}).flags.port, 7070)
})

test('a JSON or HOCON file of sp options, keyed by flag name; flags on the command line beat it', async (t) => {
  const json = await file(t, 'sp.json', JSON.stringify({port: 0, db: ':memory:', 'path-map': ['/a/b=/com.snowplowanalytics.snowplow/tp2'], 'cookie-secure': false, 'output-json': true}))
  const launch = prepareMicroLaunch({flags: {config: json, port: 9090, 'cookie-name': 'cli'}, explicit: new Set(['config', 'cookie-name']), flagShapes: Micro.flags as never, env: {}})
  const options = launch.finish(microOptionsFromFlags(launch.flags, '/tmp'))
  assert.equal(options.port, 0)
  assert.equal(options.dbFile, ':memory:')
  assert.equal(options.collector.cookie.name, 'cli')
  assert.equal(options.collector.cookie.secure, false)
  assert.equal(options.output?.format, 'json')
  assert.deepEqual(options.collector.paths, {'/a/b': '/com.snowplowanalytics.snowplow/tp2'})

  const hocon = await file(t, 'sp.conf', 'port = 7000\nport = ${?SP_TEST_PORT}\nredirects = yes\n')
  const l2 = prepareMicroLaunch({flags: {config: hocon, port: 1234}, explicit: new Set(['config', 'port']), flagShapes: Micro.flags as never, env: {SP_TEST_PORT: '7001'}})
  assert.equal(l2.flags.port, 1234)
  assert.equal(l2.flags.redirects, true)

  const typo = await file(t, 'sp.conf', 'port = 1\ncokie-name = x\n')
  assert.throws(() => readMicroConfig(typo, {flagShapes: Micro.flags as never}), /sp\.conf: cokie-name \(line 2\): not an sp micro option/)
})

test('Micro argv forms: -D is taken out, -s/--storage FILE, -a/--auth, --yauaa are refused with what to use instead', () => {
  assert.deepEqual(preprocessMicroArgv(['-c', 'x.conf', '-Dcollector.cookie.name=sp', '-D', 'a.b=c', '--no-storage', '--storage']), {
    argv: ['-c', 'x.conf', '--no-storage', '--storage'],
    systemProperties: {'collector.cookie.name': 'sp', 'a.b': 'c'},
  })
  for (const [argv, message] of [
    [['-s', 'storage.hocon'], REFUSALS.storage],
    [['--storage', 'storage.hocon'], REFUSALS.storage],
    [['--storage=storage.hocon'], REFUSALS.storage],
    [['-a', 'auth.hocon'], REFUSALS.auth],
    [['--auth', 'auth.hocon'], REFUSALS.auth],
    [['--yauaa'], REFUSALS.yauaa],
  ] as const) {
    assert.throws(() => preprocessMicroArgv(argv), (e: Error & {code?: string}) => e.code === 'MICRO_FLAG_UNSUPPORTED' && e.message === message)
  }
  assert.match(REFUSALS.storage, /--db FILE/)
  assert.match(REFUSALS.yauaa, /ua_parser/)
  assert.throws(() => preprocessMicroArgv(['-Dnovalue']), /expected -Dkey=value/)
})

test('HTTPS asked for without a certificate stays off with a warning; the config folder fills enrichmentsDir and the embedded repository', async (t) => {
  const dir = await tempDir(t)
  await writeFile(path.join(dir, 'micro.conf'), 'collector { ssl { enable = true, port = 9443 } }')
  await mkdir(path.join(dir, 'enrichments'))
  await mkdir(path.join(dir, 'iglu-client-embedded', 'schemas'), {recursive: true})
  const lines: string[] = []
  const launch = prepareMicroLaunch({flags: {'config-dir': dir}, explicit: new Set(['config-dir']), env: {}, log: (l) => lines.push(l)})
  const options = launch.finish(microOptionsFromFlags(launch.flags, '/tmp'))
  assert.equal(options.tls, undefined)
  assert.match(lines.join('\n'), /Warning: collector\.ssl\.enable is set but no certificate was given/)
  assert.equal(options.enrichmentsDir, path.join(dir, 'enrichments'))
  assert.deepEqual(options.iglu?.embeddedSchemaDirs, [path.join(dir, 'iglu-client-embedded', 'schemas')])
  assert.equal(options.eventLog, true)

  const noP12: string[] = []
  prepareMicroLaunch({flags: {}, explicit: new Set(), env: {MICRO_SSL_CERT_PASSWORD: 'x'}, log: (l) => noP12.push(l)}).finish(microOptionsFromFlags({}, '/tmp'))
  assert.match(noP12.join('\n'), /MICRO_SSL_CERT_PASSWORD is set but there is no ssl-certificate\.p12/)

  // ssl.port from the file; --tls-port beats it
  const selfSigned = prepareMicroLaunch({flags: {'config-dir': dir, 'tls-self-signed': true}, explicit: new Set(['config-dir', 'tls-self-signed']), env: {}})
  assert.equal(selfSigned.finish(microOptionsFromFlags(selfSigned.flags, '/tmp')).tls?.port, 9443)
  const withPort = prepareMicroLaunch({flags: {'config-dir': dir, 'tls-self-signed': true, 'tls-port': 0}, explicit: new Set(['config-dir', 'tls-self-signed', 'tls-port']), env: {}})
  assert.equal(withPort.finish(microOptionsFromFlags(withPort.flags, '/tmp')).tls?.port, 0)
})
