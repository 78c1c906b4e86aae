import {test} from 'node:test'
import assert from 'node:assert/strict'
import {createServer} from 'node:http'
import https from 'node:https'
import {once} from 'node:events'
import {mkdir, writeFile} from 'node:fs/promises'
import type {AddressInfo} from 'node:net'
import path from 'node:path'
import {startTestMicro, tempDir} from './fixtures.js'
import {selfSignedCertificate, tlsFromSources} from '../../src/micro/tls.js'
import {circeSpaces2} from '../../src/output/event-log.js'
import {resolveMicroFolder} from '../../src/config/micro-folder.js'
import {LocalRepository} from '../../src/iglu/index.js'
import {createDestinationSender} from '../../src/output/destination.js'
import type {CommittedEvent} from '../../src/store/types.js'

async function until<T>(what: string, probe: () => T | undefined): Promise<T> {
  const end = Date.now() + 10_000
  for (;;) {
    const value = probe()
    if (value !== undefined) return value
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await once(server, 'listening')
  const {port} = server.address() as AddressInfo
  await new Promise<void>((r) => server.close(() => r()))
  return port
}

test('-d: a destination that fails is logged as Micro logs it, and the event is still stored', async (t) => {
  const lines: string[] = []
  const url = `http://127.0.0.1:${await freePort()}/events`
  const micro = await startTestMicro(t, {dbFile: ':memory:', destination: {url, format: 'tsv'}, log: (l) => lines.push(l)})
  const res = await fetch(`${micro.url}/i?e=pv&p=web&tv=t&eid=00000000-0000-4000-8000-000000000001`)
  assert.equal(res.status, 200)
  const warning = await until('the warning', () => lines.find((l) => l.includes('Failed to send')))
  assert.match(warning, new RegExp(`^\\[WARN\\] EventLog - Failed to send data to destination ${url}: .*ECONNREFUSED`))
  const all = (await (await fetch(`${micro.url}/micro/all`)).json()) as {good: number}
  assert.equal(all.good, 1)
})

test('-d: a destination that accepts and never answers times out, is logged, and does not hold shutdown', async (t) => {
  const silent = createServer(() => {}) // reads the request, never answers
  silent.listen(0, '127.0.0.1')
  await once(silent, 'listening')
  t.after(() => {
    silent.closeAllConnections()
    silent.close()
  })
  const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/events`
  const lines: string[] = []
  const send = createDestinationSender(url, 'tsv', (l) => lines.push(l), 200)
  send([{payloadId: 1, status: 'good', tsv: 'an\tenriched\tline'} as unknown as CommittedEvent])
  const drained = send.drain()
  await drained
  assert.match(lines.join('\n'), /Failed to send data to destination .*(aborted|timeout|TimeoutError)/i)
})

test('-t -d: one POST per collector payload, text/tab-separated-values, 131 fields, no trailing newline', async (t) => {
  const bodies: {type: string | undefined; body: string}[] = []
  const receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      bodies.push({type: req.headers['content-type'], body})
      res.end()
    })
  }).listen(0, '127.0.0.1')
  await once(receiver, 'listening')
  t.after(() => new Promise<void>((r) => receiver.close(() => r())))
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`
  const micro = await startTestMicro(t, {dbFile: ':memory:', destination: {url, format: 'tsv'}})
  await Promise.all([1, 2].map(async (n) => (await fetch(`${micro.url}/i?e=pv&p=web&tv=t&eid=00000000-0000-4000-8000-00000000000${n}`)).arrayBuffer()))
  await until('two POSTs', () => (bodies.length === 2 ? bodies : undefined))
  for (const {type, body} of bodies) {
    assert.equal(type, 'text/tab-separated-values')
    assert.equal(body.split('\n').length, 1)
    assert.equal(body.split('\t').length, 131)
  }
  // a payload that yields no enriched event (an adapter failure) sends nothing
  await (await fetch(`${micro.url}/com.snowplowanalytics.snowplow/tp2`, {method: 'POST', headers: {'content-type': 'application/json'}, body: '{not json'})).arrayBuffer()
  await (await fetch(`${micro.url}/i?e=pv&p=web&tv=t`)).arrayBuffer()
  await until('the third POST', () => (bodies.length === 3 ? bodies : undefined))
})

test('the event log: GOOD and BAD lines as Micro writes them (off unless asked)', async (t) => {
  const lines: string[] = []
  const micro = await startTestMicro(t, {dbFile: ':memory:', eventLog: true, log: (l) => lines.push(...l.split('\n'))})
  await (await fetch(`${micro.url}/com.snowplowanalytics.snowplow/tp2`, {method: 'POST', headers: {'content-type': 'application/json'}, body: '{not json'})).arrayBuffer()
  await (await fetch(`${micro.url}/i?e=se&se_ca=shop&se_ac=buy&p=web&tv=t&aid=a1&eid=00000000-0000-4000-8000-000000000009`)).arrayBuffer()
  await until('two lines', () => (lines.filter((l) => l.includes('EventLog')).length === 2 ? lines : undefined))
  const eventLines = lines.filter((l) => l.includes('EventLog'))
  assert.deepEqual(eventLines, [
    '[WARN] EventLog - BAD Error while extracting event(s) from collector payload and validating it/them.',
    '[INFO] EventLog - GOOD id:00000000-0000-4000-8000-000000000009 app_id:a1 type:struct (iglu:com.google.analytics/event/jsonschema/1-0-0)',
  ])
  const quiet: string[] = []
  const silent = await startTestMicro(t, {dbFile: ':memory:', log: (l) => quiet.push(l)})
  await (await fetch(`${silent.url}/i?e=pv&p=web&tv=t`)).arrayBuffer()
  assert.ok(!quiet.some((l) => l.includes('EventLog')))
})

test('collector rootResponse, crossDomain and hsts from a Micro config', async (t) => {
  const micro = await startTestMicro(t, {
    dbFile: ':memory:',
    collectorExtras: {rootResponse: {statusCode: 302, headers: {Location: 'https://acme.com/'}, body: 'moved'}, crossDomain: {domains: ['*.acme.com', 'acme.net'], secure: false}, hsts: {maxAgeSeconds: 31536000}},
  })
  const root = await fetch(`${micro.url}/`, {redirect: 'manual'})
  assert.deepEqual([root.status, root.headers.get('location'), await root.text()], [302, 'https://acme.com/', 'moved'])
  const xml = await fetch(`${micro.url}/crossdomain.xml`)
  assert.equal(xml.headers.get('content-type'), 'text/xml')
  assert.equal(await xml.text(), '<?xml version="1.0"?>\n<cross-domain-policy>\n<allow-access-from domain="*.acme.com" secure="false" />\n<allow-access-from domain="acme.net" secure="false" />\n</cross-domain-policy>')
  for (const p of ['/i?e=pv', '/micro/all', '/health']) {
    const res = await fetch(`${micro.url}${p}`)
    await res.arrayBuffer()
    assert.equal(res.headers.get('strict-transport-security'), 'max-age=31536000; includeSubDomains', p)
  }
  const plain = await startTestMicro(t, {dbFile: ':memory:'})
  assert.equal((await fetch(`${plain.url}/crossdomain.xml`)).status, 404)
  // without a rootResponse, GET / opens the web UI (Micro: 404; docs/ui.md)
  const plainRoot = await fetch(`${plain.url}/`, {redirect: 'manual'})
  assert.deepEqual([plainRoot.status, plainRoot.headers.get('location')], [302, '/micro/ui'])
})

test("circe's spaces2 printing", () => {
  assert.equal(circeSpaces2({a: 1, b: [true, null], c: {}, d: [], e: 'x"y'}), '{\n  "a" : 1,\n  "b" : [\n    true,\n    null\n  ],\n  "c" : {},\n  "d" : [],\n  "e" : "x\\"y"\n}')
})

test('--tls-cert/--tls-key PEM files: HTTPS on its own port beside HTTP', async (t) => {
  const dir = await tempDir(t)
  const {cert, key} = selfSignedCertificate()
  await writeFile(path.join(dir, 'cert.pem'), cert)
  await writeFile(path.join(dir, 'key.pem'), key)
  const tls = tlsFromSources({port: 0, certFile: path.join(dir, 'cert.pem'), keyFile: path.join(dir, 'key.pem')})
  const micro = await startTestMicro(t, {dbFile: ':memory:', tls})
  assert.match(micro.tlsUrl!, /^https:\/\/127\.0\.0\.1:\d+$/)
  const status = await new Promise<number>((resolve, reject) =>
    https.get(`${micro.tlsUrl}/i?e=pv&p=web&tv=t`, {ca: cert, agent: false}, (res) => resolve(res.resume().statusCode!)).on('error', reject),
  )
  assert.equal(status, 200)
  assert.equal((await fetch(`${micro.url}/health`)).status, 200)
  assert.throws(() => tlsFromSources({certFile: path.join(dir, 'cert.pem')}), /--tls-cert and --tls-key go together/)
  assert.equal(tlsFromSources({p12File: path.join(dir, 'x.p12')}), undefined, 'a PKCS12 file without MICRO_SSL_CERT_PASSWORD: HTTPS stays off, as in Micro')
})

test("Micro's config folder: found from --config/--iglu/--config-dir; /config only when nothing else is named and it holds Micro's files", async (t) => {
  const dir = await tempDir(t)
  await mkdir(path.join(dir, 'iglu-client-embedded', 'schemas'), {recursive: true})
  await mkdir(path.join(dir, 'enrichments'))
  await writeFile(path.join(dir, 'micro.conf'), 'collector {}')
  await writeFile(path.join(dir, 'ssl-certificate.p12'), '')
  const viaDir = resolveMicroFolder({configDir: dir})
  assert.deepEqual(viaDir, {
    dirs: [dir],
    configFile: path.join(dir, 'micro.conf'),
    igluFile: undefined,
    embeddedSchemaDirs: [path.join(dir, 'iglu-client-embedded', 'schemas')],
    p12File: path.join(dir, 'ssl-certificate.p12'),
    enrichmentsDir: path.join(dir, 'enrichments'),
    notes: [],
  })
  assert.equal(resolveMicroFolder({igluFile: path.join(dir, 'iglu.json')}).enrichmentsDir, path.join(dir, 'enrichments'))
  const implicit = resolveMicroFolder({defaultDir: dir})
  assert.equal(implicit.configFile, path.join(dir, 'micro.conf'))
  assert.match(implicit.notes[0]!, /Using Snowplow Micro's config folder/)
  assert.deepEqual(resolveMicroFolder({defaultDir: dir, explicitSources: true}).dirs, [])
  assert.deepEqual(resolveMicroFolder({defaultDir: path.join(dir, 'absent')}).dirs, [])
  assert.throws(() => resolveMicroFolder({configDir: path.join(dir, 'absent')}), /--config-dir .*absent is not a folder/)
  const empty = await tempDir(t)
  assert.deepEqual(resolveMicroFolder({defaultDir: empty}).dirs, [], 'a /config without Micro files is not used')
})

test('a schema whose self does not match its path: served under the path only by a lenient (Micro folder) repository', async (t) => {
  const dir = await tempDir(t)
  const folder = path.join(dir, 'com.acme', 'step', 'jsonschema')
  await mkdir(folder, {recursive: true})
  const json = {self: {vendor: 'com.acme', name: 'step_v2', format: 'jsonschema', version: '1-0-3'}, type: 'object'}
  await writeFile(path.join(folder, '1-0-0'), JSON.stringify(json))
  const key = {vendor: 'com.acme', name: 'step', format: 'jsonschema', version: {model: 1, revision: 0, addition: 0}}
  const lenient = await new LocalRepository({name: 'm', dir, lenientSelf: true}).lookup(key)
  assert.deepEqual(lenient, {ok: true, schema: json})
  const strict = await new LocalRepository({name: 's', dir}).lookup(key)
  assert.equal(strict.ok, false)
})
