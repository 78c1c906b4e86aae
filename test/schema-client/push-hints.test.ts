import {test} from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import {startMicro} from '../../src/micro/server.js'
import {defaultMicroOptions} from '../../src/micro/options.js'
import {createRegistryClient, outcomeLine, pushSchemas, summaryLine} from '../../src/schema-client/index.js'
import {defaultMetaCheck} from '../../src/lint/meta-check.js'
import {lintSchemaFile, pushBlockingReportLine, readSchemas} from '../../src/lint/index.js'
import {cleanBody, selfDescribing, tempDir, writeSchema} from '../lint/helpers.js'
import {sp} from '../commands/schema-cli.js'

const SUPER = '0d4bd0a8-3c1f-4f7e-9a66-6d3f0b3c2e11'

async function registry(t: {after: (fn: () => Promise<void>) => void}, allowPatches: boolean) {
  const dir = await tempDir(t)
  const micro = await startMicro(defaultMicroOptions({port: 0, dbFile: path.join(dir, 'r.db'), igluSuperApiKey: SUPER, allowPatches}))
  t.after(() => micro.close())
  return micro
}

async function push(dir: string, url: string, apiKey = SUPER) {
  const client = createRegistryClient({registry: url, apiKey})
  const result = await pushSchemas(dir, {client, apiKeySent: true, isPublic: false, dryRun: false, metaCheck: defaultMetaCheck()})
  return {result, lines: result.outcomes.map(outcomeLine), summary: summaryLine(result, client.root, false)}
}

test('against sp micro: singular counts, identical schemas unchanged even with --allow-patches, a real change updated', async (t) => {
  const micro = await registry(t, true)
  const dir = await tempDir(t)
  await writeSchema(dir, 'com.acme', 'ev', '1-0-0')
  let run = await push(dir, micro.url)
  assert.equal(run.summary, `Pushed 1 schema to ${micro.url}: 1 created, 0 updated, 0 unchanged, 0 rejected`)
  run = await push(dir, micro.url)
  assert.deepEqual(run.lines, ['Unchanged iglu:com.acme/ev/jsonschema/1-0-0: already in the registry with the same content  (200)'])
  assert.equal(run.summary, `Pushed 1 schema to ${micro.url}: 0 created, 0 updated, 1 unchanged, 0 rejected`)
  await writeSchema(dir, 'com.acme', 'ev', '1-0-0', selfDescribing('com.acme', 'ev', '1-0-0', cleanBody({description: 'changed'})))
  run = await push(dir, micro.url)
  assert.equal(run.result.summary.updated, 1)
})

test('against sp micro: a 409 names the next free version; an unknown key is reported once', async (t) => {
  const micro = await registry(t, false)
  const first = await tempDir(t)
  await writeSchema(first, 'com.acme', 'ev', '1-0-0')
  await writeSchema(first, 'com.acme', 'ev', '1-0-1')
  await writeSchema(first, 'com.acme', 'ev', '1-0-2')
  assert.equal((await push(first, micro.url)).result.summary.created, 3)

  const changed = await tempDir(t)
  await writeSchema(changed, 'com.acme', 'ev', '1-0-0', selfDescribing('com.acme', 'ev', '1-0-0', cleanBody({description: 'changed'})))
  const run = await push(changed, micro.url)
  assert.match(run.lines[0]!, /Publish the change as a new version \(1-0-3 is the next one free\)/)
  assert.equal(run.summary, `Pushed 0 of 1 schema to ${micro.url}: 0 created, 0 updated, 0 unchanged, 1 rejected`)

  const others = await tempDir(t)
  for (const name of ['a', 'b', 'c']) await writeSchema(others, 'com.acme', name, '1-0-0')
  const unknown = await push(others, micro.url, '5d0b8f1c-8a4e-4f57-b6a5-0c3c4b1f2e33')
  assert.equal(unknown.lines.length, 1)
  assert.match(unknown.lines[0]!, /does not know this API key/)
  assert.match(unknown.summary, /^Push stopped: the registry refused the API key, so 2 schemas of 3 were not sent/)
})

test('a lint report for push says which findings block it; bad --api-key and --url are usage errors (exit 2)', async (t) => {
  const dir = await tempDir(t)
  // an error (minimum > maximum) and a warning (no description)
  await writeSchema(dir, 'com.acme', 'ev', '1-0-0', selfDescribing('com.acme', 'ev', '1-0-0', {...cleanBody(), description: undefined, properties: {n: {type: 'integer', minimum: 3, maximum: 1, description: 'n'}, s: {type: 'string', maxLength: 3}}}))
  const {schemas} = await readSchemas(dir)
  const text = pushBlockingReportLine(lintSchemaFile(schemas[0]!, {metaCheck: defaultMetaCheck()}))
  assert.match(text, /\[error: blocks the push\] Following numeric properties have invalid boundaries/)
  assert.match(text, /\[warning: does not block\] /)

  const badKey = await sp(['schema', 'push', dir, '--url', 'http://127.0.0.1:9', '--api-key', 'not-a-uuid'])
  assert.equal(badKey.code, 2, badKey.stderr)
  const badUrl = await sp(['schema', 'push', dir, '--registry', 'ftp://x', '--api-key', SUPER])
  assert.equal(badUrl.code, 2, badUrl.stderr)
  assert.match(badUrl.stderr, /Invalid --url "ftp:\/\/x": use http:\/\/ or https:\/\//)
})
