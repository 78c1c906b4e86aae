import {test, before, after} from 'node:test'
import assert from 'node:assert/strict'
import {mkdtemp, mkdir, writeFile, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {startMicro, type RunningMicro} from '../../src/micro/server.js'
import {defaultMicroOptions} from '../../src/micro/options.js'
import {encodeBase64UrlSafe} from '../../src/adapters/base64.js'
import {ensureQueryFunctions} from '../../src/store/queries/sql-functions.js'
import {EVENT_JSON_SQL} from '../../src/store/queries/event-json.js'

let dir: string
let micro: RunningMicro

function schema(version: string, extra: Record<string, unknown> = {}) {
  return {
    $schema: 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#',
    self: {vendor: 'com.acme', name: 'checkout', format: 'jsonschema', version},
    type: 'object',
    properties: {step: {type: 'integer'}, coupon: {type: 'string', maxLength: 3}},
    required: ['step'],
    additionalProperties: false,
    ...extra,
  }
}

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sp-enrich-schemas-'))
  const folder = path.join(dir, 'com.acme', 'checkout', 'jsonschema')
  await mkdir(folder, {recursive: true})
  await writeFile(path.join(folder, '1-0-0'), JSON.stringify(schema('1-0-0', {$supersededBy: '1-0-1'})))
  await writeFile(path.join(folder, '1-0-1'), JSON.stringify(schema('1-0-1')))
  // offline: the embedded schemas (payload_data, contexts, ...) and this folder only
  micro = await startMicro(defaultMicroOptions({port: 0, dbFile: ':memory:', iglu: {schemaDirs: [dir], offline: true, cacheDir: false}}))
})
after(async () => {
  await micro?.close()
  await rm(dir, {recursive: true, force: true})
})

const ue = (data: unknown, version = '1-0-0') =>
  encodeBase64UrlSafe(
    JSON.stringify({
      schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0',
      data: {schema: `iglu:com.acme/checkout/jsonschema/${version}`, data},
    }),
  )

async function send(query: string) {
  const res = await fetch(`${micro.url}/i?${query}`)
  assert.equal(res.status, 200)
  await res.arrayBuffer()
  ensureQueryFunctions(micro.store.db)
  return micro.store.db.prepare(`SELECT e.status, e.schema_uri, ${EVENT_JSON_SQL} AS event, e.bad_row FROM events e ORDER BY e.id DESC LIMIT 1`).get() as {
    status: string
    schema_uri: string | null
    event: string
    bad_row: string | null
  }
}

test('sp micro --schemas DIR --offline validates against local schemas', async () => {
  const good = await send(`e=ue&p=web&tv=t&ue_px=${ue({step: 2}, '1-0-1')}`)
  assert.equal(good.status, 'good')
  assert.equal(good.schema_uri, 'iglu:com.acme/checkout/jsonschema/1-0-1')

  const bad = await send(`e=ue&p=web&tv=t&ue_px=${ue({step: 'two', coupon: 'LONGER'}, '1-0-1')}`)
  assert.equal(bad.status, 'incomplete')
  const reports = JSON.parse(bad.bad_row!).data.failure.messages[0].error.dataReports
  assert.deepEqual(
    reports.map((r: {keyword: string}) => r.keyword).sort(),
    ['maxLength', 'type'],
  )
})

test('a superseded schema: the entity is rewritten to the new version and validation_info is derived', async () => {
  const row = await send(`e=ue&p=web&tv=t&ue_px=${ue({step: 1})}`)
  assert.equal(row.status, 'good')
  assert.equal(row.schema_uri, 'iglu:com.acme/checkout/jsonschema/1-0-1')
  const ev = JSON.parse(row.event)
  assert.equal(ev.unstruct_event.data.schema, 'iglu:com.acme/checkout/jsonschema/1-0-1')
  assert.equal(ev.event_version, '1-0-1')
  assert.deepEqual(ev.derived_contexts, {
    schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0',
    data: [
      {
        schema: 'iglu:com.snowplowanalytics.iglu/validation_info/jsonschema/1-0-0',
        data: {originalSchema: 'iglu:com.acme/checkout/jsonschema/1-0-0', validatedWith: '1-0-1'},
      },
    ],
  })
})
