import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {randomUUID} from 'node:crypto'
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {startMicro, type RunningMicro} from '../../src/micro/server.js'
import {defaultMicroOptions} from '../../src/micro/options.js'
import {defaultMetaCheck} from '../../src/lint/meta-check.js'
import {createRegistryClient, generateKeys, outcomeLine, pullSchemas, pushSchemas} from '../../src/schema-client/index.js'
import {fixtureSchemasDir} from '../helpers/static-iglu.js'
import {selfDescribing, cleanBody, writeSchema} from '../lint/helpers.js'

const SUPER_KEY = '48b267d7-cd2b-4f22-bae4-0f002008b5ad'

async function micro(t: {after: (fn: () => Promise<void>) => void}): Promise<{m: RunningMicro; dir: string}> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sp-e2e-schema-'))
  const m = await startMicro(
    defaultMicroOptions({
      port: 0,
      dbFile: path.join(dir, 'micro.db'),
      igluSuperApiKey: SUPER_KEY,
      iglu: {schemaDirs: [fixtureSchemasDir], offline: true},
    }),
  )
  t.after(async () => {
    await m.close()
    await rm(dir, {recursive: true, force: true})
  })
  return {m, dir}
}

const checkout = (version = '1-0-0') =>
  selfDescribing('com.acme', 'checkout', version, cleanBody({properties: {sku: {description: 'SKU', type: 'string', maxLength: 20}}, required: ['sku']}))

/** One tp2 POST with an unstructured event of com.acme/checkout, as a tracker sends it. */
async function track(url: string, eventId: string): Promise<number> {
  const ue = {
    schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0',
    data: {schema: 'iglu:com.acme/checkout/jsonschema/1-0-0', data: {sku: 'ABC-1'}},
  }
  const body = {
    schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4',
    data: [{e: 'ue', p: 'srv', tv: 'node-4.8.0', aid: 'e2e', eid: eventId, dtm: String(Date.now()), stm: String(Date.now()), ue_pr: JSON.stringify(ue)}],
  }
  const res = await fetch(`${url}/com.snowplowanalytics.snowplow/tp2`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(body)})
  await res.arrayBuffer()
  return res.status
}

async function statusOf(url: string, eventId: string): Promise<string> {
  const res = await fetch(`${url}/micro/event/${eventId}`)
  const body = (await res.json()) as {status?: string}
  return body.status ?? `http ${res.status}`
}

describe('sp schema push into a real sp micro', () => {
  it('an event validates only once its schema is pushed, with no restart', async (t) => {
    const {m, dir} = await micro(t)
    const before = randomUUID()
    assert.equal(await track(m.url, before), 200)
    assert.equal(await statusOf(m.url, before), 'incomplete')

    const schemas = path.join(dir, 'schemas')
    await writeSchema(schemas, 'com.acme', 'checkout', '1-0-0', checkout())
    const client = createRegistryClient({registry: m.url, apiKey: SUPER_KEY})
    const result = await pushSchemas(schemas, {client, apiKeySent: true, isPublic: false, dryRun: false, metaCheck: defaultMetaCheck()})
    assert.deepEqual(result.outcomes.map(outcomeLine), ['Schema created at iglu:com.acme/checkout/jsonschema/1-0-0  (201)'])

    const after = randomUUID()
    assert.equal(await track(m.url, after), 200)
    assert.equal(await statusOf(m.url, after), 'good')
  })

  it('keygen scoping; super, write and read keys; pull back', async (t) => {
    const {m, dir} = await micro(t)
    const superClient = createRegistryClient({registry: `${m.url}/api`, apiKey: SUPER_KEY})
    const acme = await generateKeys(superClient, 'com.acme')
    const schemas = path.join(dir, 'schemas')
    await writeSchema(schemas, 'com.acme', 'checkout', '1-0-0', checkout())
    await writeSchema(schemas, 'com.acme', 'checkout', '1-0-1', checkout('1-0-1'))
    await writeSchema(schemas, 'com.acme.web', 'click', '1-0-0')
    await writeSchema(schemas, 'com.acmecorp', 'other', '1-0-0')

    const pushWith = (apiKey: string) =>
      pushSchemas(schemas, {client: createRegistryClient({registry: m.url, apiKey}), apiKeySent: true, isPublic: false, dryRun: false, metaCheck: defaultMetaCheck()})

    // the read key may not write: every schema rejected, with the reason
    const asReader = await pushWith(acme.read)
    assert.equal(asReader.summary.rejected, 4)
    assert.match(asReader.outcomes[0]!.hint!, /This is a read key/)

    // a key the registry never issued
    const asStranger = await pushWith(randomUUID())
    assert.match(asStranger.outcomes[0]!.hint!, /^The registry does not know this API key/)

    // the write key covers com.acme and com.acme.web, not com.acmecorp
    const asWriter = await pushWith(acme.write)
    assert.deepEqual(
      asWriter.outcomes.map((o) => `${o.status} ${o.uri}`),
      [
        'created iglu:com.acme/checkout/jsonschema/1-0-0',
        'created iglu:com.acme/checkout/jsonschema/1-0-1',
        'created iglu:com.acme.web/click/jsonschema/1-0-0',
        'rejected iglu:com.acmecorp/other/jsonschema/1-0-0',
      ],
    )
    assert.match(asWriter.outcomes[3]!.hint!, /scoped to vendor prefix 'com.acme', which does not cover 'com.acmecorp'/)
    assert.equal(asWriter.ok, false)

    // the super key pushes the rest; what is already there is unchanged
    const asSuper = await pushWith(SUPER_KEY)
    assert.deepEqual(asSuper.summary, {created: 1, updated: 0, unchanged: 3, rejected: 0, wouldCreate: 0, wouldPatch: 0, wouldPush: 0})

    // the read key pulls com.acme's private schemas only
    const out = path.join(dir, 'pulled')
    const pulled = await pullSchemas(out, createRegistryClient({registry: m.url, apiKey: acme.read}))
    assert.deepEqual(pulled.map((p) => p.uri).sort(), [
      'iglu:com.acme.web/click/jsonschema/1-0-0',
      'iglu:com.acme/checkout/jsonschema/1-0-0',
      'iglu:com.acme/checkout/jsonschema/1-0-1',
    ])
    assert.deepEqual(JSON.parse(await readFile(path.join(out, 'com.acme', 'checkout', 'jsonschema', '1-0-1'), 'utf8')), checkout('1-0-1'))
    // anonymous pulls see no private schema
    assert.deepEqual(await pullSchemas(path.join(dir, 'anon'), createRegistryClient({registry: m.url})), [])
  })
})

describe('the registry super key of sp micro', () => {
  it('is generated and printed when none is given; --allow-patches lets a version be overwritten', async (t) => {
    const lines: string[] = []
    const m = await startMicro(defaultMicroOptions({port: 0, dbFile: ':memory:', allowPatches: true, log: (l) => lines.push(l), iglu: {offline: true}}))
    t.after(() => m.close())
    const line = lines.find((l) => l.startsWith('Iglu registry super API key'))
    assert.ok(line, lines.join('\n'))
    const key = /: ([0-9a-f-]{36})$/.exec(line!)![1]!
    const client = createRegistryClient({registry: m.url, apiKey: key})
    const keys = await generateKeys(client, 'com.acme')
    assert.match(keys.write, /^[0-9a-f-]{36}$/)
    const info = await client.serverInfo()
    assert.equal((info.body as {patchesAllowed: boolean}).patchesAllowed, true)
  })

  it('a super key that is not a UUID is refused at startup', async () => {
    await assert.rejects(
      startMicro(defaultMicroOptions({port: 0, dbFile: ':memory:', igluSuperApiKey: 'letmein', iglu: {offline: true}})),
      (e: Error & {code?: string}) => e.code === 'INVALID_OPTION' && /must be a UUID/.test(e.message),
    )
  })
})
