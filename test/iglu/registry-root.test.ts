import {test} from 'node:test'
import assert from 'node:assert/strict'
import {writeFile} from 'node:fs/promises'
import path from 'node:path'
import {buildSelfDescribingEvent} from '@snowplow/node-tracker'
import {envRepositories} from '../../src/iglu/resolver-config.js'
import {startMicro} from '../../src/micro/server.js'
import {defaultMicroOptions} from '../../src/micro/options.js'
import {MicroClient} from '../../src/client/micro-client.js'
import {tempDir} from '../helpers/temp-dir.js'
import {acmeSchema, BUTTON_CLICK} from '../helpers/acme-micro.js'
import {tracker} from '../client/tracking.js'
import {sp} from '../commands/schema-cli.js'

const SUPER = '4f1ec8a8-7b6c-4a57-9f43-2e5f7d1c9a11'
const KEY = 'e3a4b0f2-1c2d-4e5f-8a9b-0c1d2e3f4a5b'

test('an env registry with an API key is an Iglu Server: its root gets /api, an /api URL is kept', () => {
  const uris = (env: NodeJS.ProcessEnv) => envRepositories(env).map((r) => ('http' in r.connection ? r.connection.http.uri : ''))
  assert.deepEqual(uris({SP_IGLU_REGISTRY_URL: 'http://127.0.0.1:9090', SP_IGLU_API_KEY: KEY}), ['http://127.0.0.1:9090/api'])
  assert.deepEqual(uris({SP_IGLU_REGISTRY_URL: 'https://iglu.acme.com/api/', SP_IGLU_API_KEY: KEY}), ['https://iglu.acme.com/api'])
  assert.deepEqual(uris({MICRO_IGLU_REGISTRY_URL: 'https://iglu.acme.com', MICRO_IGLU_API_KEY: KEY, SP_IGLU_REGISTRY_URL: 'https://iglu.acme.com/api', SP_IGLU_API_KEY: KEY}), ['https://iglu.acme.com/api'])
  // no key: may be a static repository (S3, Iglu Central), left as it is
  assert.deepEqual(uris({SP_IGLU_REGISTRY_URL: 'https://cdn.acme.com'}), ['https://cdn.acme.com'])
})

test('SP_IGLU_REGISTRY_URL set to a registry root (as for sp schema push) resolves its schemas in sp micro', async (t) => {
  const dir = await tempDir(t, 'sp-root-')
  const registry = await startMicro(defaultMicroOptions({port: 0, dbFile: path.join(dir, 'registry.db'), igluSuperApiKey: SUPER}))
  t.after(() => registry.close())
  const put = await fetch(`${registry.url}/api/schemas/com.acme/button_click/jsonschema/1-0-0`, {
    method: 'PUT', headers: {apikey: SUPER, 'content-type': 'application/json'},
    body: JSON.stringify(acmeSchema('button_click', '1-0-0', {label: {type: 'string'}}, ['label'])),
  })
  assert.equal(put.status, 201, await put.text())

  const saved = {url: process.env.SP_IGLU_REGISTRY_URL, key: process.env.SP_IGLU_API_KEY}
  process.env.SP_IGLU_REGISTRY_URL = registry.url
  process.env.SP_IGLU_API_KEY = SUPER
  const lines: string[] = []
  let micro
  try {
    micro = await startMicro(defaultMicroOptions({port: 0, dbFile: ':memory:', iglu: {cacheDir: false}, log: (l) => lines.push(l)}))
  } finally {
    for (const [name, value] of [['SP_IGLU_REGISTRY_URL', saved.url], ['SP_IGLU_API_KEY', saved.key]] as const) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }
  t.after(() => micro.close())
  tracker(micro.port).track(buildSelfDescribingEvent({event: {schema: BUTTON_CLICK, data: {label: 'pay'}}}))
  const client = new MicroClient(micro.url)
  assert.equal((await client.wait({}, {count: 1, timeout: 10_000})).status, 'satisfied')
  const [event] = await client.captured({})
  assert.equal(event!.status, 'good', event!.errors.join('\n'))
  assert.equal(lines.filter((l) => l.startsWith('Iglu warning')).length, 0, lines.join('\n'))
})

test('resolver warnings are printed at sp micro startup and by sp schema resolve', async (t) => {
  const dir = await tempDir(t, 'sp-warn-')
  const resolver = path.join(dir, 'resolver.json')
  await writeFile(resolver, JSON.stringify({
    schema: 'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-3',
    data: {cacheSize: 10, repositories: [
      {name: 'My Server', priority: 0, vendorPrefixes: [], connection: {http: {uri: 'http://127.0.0.1:9', apikey: KEY}}},
      {name: 'Mine', priority: 0, vendorPrefixes: [], connection: {embedded: {path: path.join(dir, 'missing')}}},
    ]},
  }))
  const lines: string[] = []
  const micro = await startMicro(defaultMicroOptions({port: 0, dbFile: ':memory:', iglu: {resolverFile: resolver, offline: true, cacheDir: false}, log: (l) => lines.push(l)}))
  await micro.close()
  const ready = lines.findIndex((l) => l.includes('REST interface bound to'))
  const warnings = lines.filter((l) => l.startsWith('Iglu warning: '))
  assert.ok(warnings.some((l) => l.includes('"My Server" (http://127.0.0.1:9) has an apikey but its URI does not end in /api')), lines.join('\n'))
  assert.ok(warnings.some((l) => l.includes(`schema folder ${path.join(dir, 'missing')} does not exist`)), lines.join('\n'))
  assert.ok(lines.indexOf(warnings[0]!) < ready, 'before the ready line')

  const run = await sp(['schema', 'resolve', 'iglu:com.acme/x/jsonschema/1-0-0', '--iglu', resolver, '--offline', '--trace'])
  assert.equal(run.code, 1)
  assert.match(run.stderr, /^warning: Repository "My Server" \(http:\/\/127\.0\.0\.1:9\) has an apikey but its URI does not end in \/api/m)
  assert.match(run.stderr, /^warning: Repository "Mine": schema folder .* does not exist$/m)
})
