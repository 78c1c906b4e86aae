import {test} from 'node:test'
import assert from 'node:assert/strict'
import {createServer, type IncomingHttpHeaders} from 'node:http'
import https from 'node:https'
import tls from 'node:tls'
import {mkdir, writeFile} from 'node:fs/promises'
import {once} from 'node:events'
import type {AddressInfo} from 'node:net'
import path from 'node:path'
import {X509Certificate} from 'node:crypto'
import forge from 'node-forge'
import {startMicroProcess, runSp, type MicroProcess} from './micro-process.js'
import {encodeBase64UrlSafe} from '../../src/adapters/base64.js'
import {selfSignedCertificate} from '../../src/micro/tls.js'
import {tempDir} from '../helpers/temp-dir.js'

// A Snowplow Micro config folder laid out as Micro's documentation describes, written for these
// tests (nothing copied from Micro): micro.conf, iglu.json, iglu-client-embedded/schemas/…
const MICRO_CONF = `# as mounted at /config/micro.conf
collector {
  port = 9090
  port = \${?MICRO_TEST_PORT}
  cookie {
    enabled = true
    name = "micro_nuid"
    expiration = "30 days"
  }
  streams {
    good = "good"
    bad = "bad"
    buffer { byteLimit = 10, recordLimit = 1, timeLimit = 100 }
  }
}
enrich {
  jsAllowedJavaClasses = ["*"]
}
`
const IGLU_JSON = {
  schema: 'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-1',
  data: {
    cacheSize: 500,
    repositories: [{name: 'Iglu Central', priority: 0, vendorPrefixes: ['com.snowplowanalytics'], connection: {http: {uri: 'http://iglucentral.com'}}}],
  },
}
const schema = (name: string, selfName = name) => ({
  $schema: 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#',
  description: 'a checkout step',
  self: {vendor: 'com.acme', name: selfName, format: 'jsonschema', version: '1-0-0'},
  type: 'object',
  properties: {step: {type: 'integer', minimum: 1}},
  required: ['step'],
  additionalProperties: false,
})

async function microFolder(t: {after: (fn: () => Promise<void>) => void}): Promise<string> {
  const dir = await tempDir(t, 'sp-micro-config-')
  await writeFile(path.join(dir, 'micro.conf'), MICRO_CONF)
  await writeFile(path.join(dir, 'iglu.json'), JSON.stringify(IGLU_JSON, null, 2))
  for (const [name, selfName] of [['checkout', 'checkout'], ['legacy_step', 'legacy-step']]) {
    const folder = path.join(dir, 'iglu-client-embedded', 'schemas', 'com.acme', name, 'jsonschema')
    await mkdir(folder, {recursive: true})
    // files without .json, as Micro's docs lay them out; legacy_step's self does not match its path
    await writeFile(path.join(folder, '1-0-0'), JSON.stringify(schema(name, selfName), null, 2))
  }
  return dir
}

const ue = (name: string, data: unknown) =>
  encodeBase64UrlSafe(JSON.stringify({schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0', data: {schema: `iglu:com.acme/${name}/jsonschema/1-0-0`, data}}))
const eid = (n: number) => `0000000${n}-0000-4000-8000-000000000000`

async function track(baseUrl: string, query: string, init?: RequestInit & {agent?: https.Agent}): Promise<Response> {
  const res = await fetch(`${baseUrl}/i?${query}`, init)
  await res.arrayBuffer()
  assert.equal(res.status, 200)
  return res
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, deadlineMs = 15_000): Promise<T> {
  const end = Date.now() + deadlineMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

const line = (micro: MicroProcess, pattern: RegExp) => until(`${pattern}\n${micro.stderr()}`, () => micro.stderr().split('\n').find((l) => pattern.test(l)))

test('Micro launch form --collector-config micro.conf --iglu iglu.json -t: the folder works unchanged, custom schemas are good, Micro\'s event log', async (t) => {
  const dir = await microFolder(t)
  const micro = await startMicroProcess(t, ['--collector-config', path.join(dir, 'micro.conf'), '--iglu', path.join(dir, 'iglu.json'), '-t', '--db', ':memory:'], {
    env: {MICRO_TEST_PORT: '0'},
  })
  // the mismatched file is named at startup
  assert.match(micro.stderr(), /Warning: Schema file .*legacy_step\/jsonschema\/1-0-0 declares iglu:com\.acme\/legacy-step\/jsonschema\/1-0-0 in "self" but sits at iglu:com\.acme\/legacy_step\/jsonschema\/1-0-0/)

  const res = await track(micro.url, `e=ue&p=web&tv=js-3&aid=shop&eid=${eid(1)}&ue_px=${ue('checkout', {step: 2})}`)
  assert.match(res.headers.get('set-cookie') ?? '', /^micro_nuid=[0-9a-f-]{36};/)
  assert.equal(await line(micro, /GOOD id:00000001/), `[INFO] EventLog - GOOD id:${eid(1)} app_id:shop type:unstruct (iglu:com.acme/checkout/jsonschema/1-0-0)`)
  await track(micro.url, `e=ue&p=web&tv=js-3&aid=shop&eid=${eid(2)}&ue_px=${ue('legacy_step', {step: 1})}`)
  assert.equal(await line(micro, /GOOD id:00000002/), `[INFO] EventLog - GOOD id:${eid(2)} app_id:shop type:unstruct (iglu:com.acme/legacy_step/jsonschema/1-0-0)`)
  await track(micro.url, `e=pv&p=web&tv=js-3&eid=${eid(3)}`)
  assert.equal(await line(micro, /GOOD id:00000003/), `[INFO] EventLog - GOOD id:${eid(3)} type:page_view (iglu:com.snowplowanalytics.snowplow/page_view/jsonschema/1-0-0)`)
  await track(micro.url, `e=ue&p=web&tv=js-3&aid=shop&eid=${eid(4)}&ue_px=${ue('checkout', {step: 'two'})}`)
  await line(micro, /\[WARN\] EventLog - BAD \{/)
  assert.match(micro.stderr(), /\[WARN\] EventLog - BAD \{\n {2}"schemaKey" : "iglu:com\.acme\/checkout\/jsonschema\/1-0-0",\n/)

  const good = (await (await fetch(`${micro.url}/micro/good`)).json()) as {event: {event_id: string}}[]
  assert.deepEqual(good.map((g) => g.event.event_id).sort(), [eid(1), eid(2), eid(3)])
  // -t: one TSV line per event (the incomplete one too), 131 fields
  const tsv = await until('4 TSV lines', () => {
    const lines = micro.stdout().split('\n').filter(Boolean)
    return lines.length === 4 ? lines : undefined
  })
  assert.ok(tsv.every((l) => l.split('\t').length === 131))
  assert.ok(tsv.some((l) => l.includes(eid(1))))

  // sp schema lint still reports the mismatch
  const lint = await runSp(['schema', 'lint', path.join(dir, 'iglu-client-embedded', 'schemas')])
  assert.notEqual(lint.code, 0)
  assert.match(lint.stdout + lint.stderr, /legacy.step/)
})

interface Received {
  headers: IncomingHttpHeaders
  body: string
}

async function receiver(t: {after: (fn: () => Promise<void>) => void}): Promise<{url: string; received: Received[]}> {
  const received: Received[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      received.push({headers: req.headers, body})
      res.end('ok')
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.after(() => new Promise<void>((r) => server.close(() => r())))
  return {url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/collect`, received}
}

test('Micro launch form -c micro.conf -i iglu.json -j -d URL (and -D): one POST per payload, newline-joined lossy JSON', async (t) => {
  const dir = await microFolder(t)
  const sink = await receiver(t)
  const micro = await startMicroProcess(t, ['-c', path.join(dir, 'micro.conf'), '-i', path.join(dir, 'iglu.json'), '-j', '-d', sink.url, '--db', ':memory:', '--quiet', '-Dcollector.cookie.name=from_d'], {
    env: {MICRO_TEST_PORT: '0'},
  })
  const batch = {
    schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4',
    data: [
      {e: 'pv', p: 'web', tv: 'js-3', eid: eid(5), aid: 'shop', dtm: '1700000000000', stm: '1700000000001'},
      {e: 'ue', p: 'web', tv: 'js-3', eid: eid(6), aid: 'shop', ue_px: ue('checkout', {step: 3}), dtm: '1700000000000', stm: '1700000000001'},
    ],
  }
  const res = await fetch(`${micro.url}/com.snowplowanalytics.snowplow/tp2`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(batch)})
  assert.equal(res.status, 200)
  await res.arrayBuffer()
  // -D beats the file's cookie.name
  assert.match(res.headers.get('set-cookie') ?? '', /^from_d=/)
  const [request] = await until('one POST', () => (sink.received.length > 0 ? sink.received : undefined))
  assert.equal(sink.received.length, 1)
  assert.equal(request!.headers['content-type'], 'application/json')
  assert.ok(!request!.body.endsWith('\n'))
  const events = request!.body.split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
  assert.deepEqual(events.map((e) => e.event_id), [eid(5), eid(6)])
  assert.deepEqual(events[1]!.unstruct_event_com_acme_checkout_1, {step: 3})
  // with a destination nothing goes to stdout; --quiet: no event log
  assert.equal(micro.stdout(), '')
  assert.doesNotMatch(micro.stderr(), /EventLog/)
})

function pkcs12(password: string): {p12: Buffer; cert: string} {
  const {cert, key} = selfSignedCertificate()
  const asn1 = forge.pkcs12.toPkcs12Asn1(forge.pki.privateKeyFromPem(key), [forge.pki.certificateFromPem(cert)], password, {algorithm: 'aes256'})
  return {p12: Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'), cert}
}

function httpsGet(url: string, ca: string): Promise<{status: number; body: string; fingerprint: string}> {
  return new Promise((resolve, reject) => {
    const req = https.get(url, {ca, servername: 'localhost', agent: false}, (res) => {
      const fingerprint = (res.socket as tls.TLSSocket).getPeerCertificate().fingerprint256
      let body = ''
      res.on('data', (c: Buffer) => (body += c.toString()))
      res.on('end', () => resolve({status: res.statusCode!, body, fingerprint}))
    })
    req.on('error', reject)
  })
}

test('--config-dir with ssl-certificate.p12 and MICRO_SSL_CERT_PASSWORD: HTTPS answers a real TLS client, HTTP stays up', async (t) => {
  const dir = await microFolder(t)
  const {p12, cert} = pkcs12('changeit')
  await writeFile(path.join(dir, 'ssl-certificate.p12'), p12)
  const micro = await startMicroProcess(t, ['--config-dir', dir, '--tls-port', '0', '--db', ':memory:'], {env: {MICRO_TEST_PORT: '0', MICRO_SSL_CERT_PASSWORD: 'changeit'}})
  const httpsUrl = /sp micro HTTPS: REST interface bound to (https:\/\/\S+) \(certificate: .*ssl-certificate\.p12\)/.exec(micro.stderr())?.[1]
  assert.ok(httpsUrl, micro.stderr())
  const health = await httpsGet(`${httpsUrl}/health`, cert)
  assert.deepEqual([health.status, health.body], [200, 'ok'])
  assert.equal(health.fingerprint, new X509Certificate(cert).fingerprint256)
  const tracked = await httpsGet(`${httpsUrl}/i?e=ue&p=mob&tv=t&aid=phone&eid=${eid(7)}&ue_px=${ue('checkout', {step: 1})}`, cert)
  assert.equal(tracked.status, 200)
  assert.equal(await line(micro, /GOOD id:00000007/), `[INFO] EventLog - GOOD id:${eid(7)} app_id:phone type:unstruct (iglu:com.acme/checkout/jsonschema/1-0-0)`)
  const viaHttp = (await (await fetch(`${micro.url}/micro/all`)).json()) as {good: number}
  assert.equal(viaHttp.good, 1)
})

test('--tls-self-signed prints the fingerprint of the certificate it serves', async (t) => {
  const micro = await startMicroProcess(t, ['--port', '0', '--tls-self-signed', '--tls-port', '0', '--db', ':memory:'])
  const fingerprint = /SHA-256 fingerprint ([0-9A-F:]{95})/.exec(micro.stderr())?.[1]
  const httpsUrl = /REST interface bound to (https:\/\/\S+)/.exec(micro.stderr())?.[1]
  assert.ok(fingerprint && httpsUrl, micro.stderr())
  const socket = tls.connect({port: Number(new URL(httpsUrl).port), host: '127.0.0.1', rejectUnauthorized: false})
  socket.on('error', () => {}) // the server is killed after the test
  await once(socket, 'secureConnect')
  const served = socket.getPeerCertificate().fingerprint256
  socket.destroy()
  assert.equal(served, fingerprint)
})

test('Micro flags sp refuses say what to use instead; -t with -j is Micro\'s error', async () => {
  const [storage, both, dest] = await Promise.all([
    runSp(['micro', '-s', 'storage.hocon']),
    runSp(['micro', '-t', '-j']),
    runSp(['micro', '-d', 'http://127.0.0.1:1/x']),
  ])
  assert.equal(storage.code, 2)
  assert.match(storage.stderr, /^Error: Snowplow Micro's -s\/--storage FILE .*--db FILE/)
  assert.doesNotMatch(storage.stderr, /Nonexistent flag/)
  assert.equal(both.stderr, 'Error: Cannot specify both --output-tsv and --output-json\n')
  assert.equal(dest.stderr, 'Error: --destination requires either --output-tsv or --output-json\n')
})
