import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {writeFile} from 'node:fs/promises'
import path from 'node:path'
import {sp} from './schema-cli.js'
import {serveStaticIglu} from '../helpers/static-iglu.js'
import {selfDescribing, cleanBody, tempDir, writeSchema} from '../lint/helpers.js'

async function resolverFile(dir: string, uri: string): Promise<string> {
  const file = path.join(dir, 'resolver.json')
  await writeFile(
    file,
    JSON.stringify({
      schema: 'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-3',
      data: {cacheSize: 500, cacheTtl: 600, repositories: [{name: 'Test Central', priority: 0, vendorPrefixes: [], connection: {http: {uri}}}]},
    }),
  )
  return file
}

describe('sp schema resolve | validate (CLI)', () => {
  it('resolve prints the schema; a missing one prints the ResolutionError JSON and exits 1', async (t) => {
    const central = await serveStaticIglu()
    t.after(() => central.close())
    const dir = await tempDir(t)
    const iglu = await resolverFile(dir, central.url)
    const ok = await sp(['schema', 'resolve', 'iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1', '--iglu', iglu, '--trace'])
    assert.equal(ok.code, 0, ok.stderr)
    assert.deepEqual(JSON.parse(ok.stdout).self, {vendor: 'com.snowplowanalytics.snowplow', name: 'link_click', format: 'jsonschema', version: '1-0-1'})
    assert.match(ok.stderr, /Test Central/)

    const missing = await sp(['schema', 'resolve', 'iglu:com.acme/nope/jsonschema/1-0-0', '--iglu', iglu, '--trace'])
    assert.equal(missing.code, 1)
    const error = JSON.parse(missing.stdout)
    assert.equal(error.schemaKey, 'iglu:com.acme/nope/jsonschema/1-0-0')
    assert.equal(error.error.error, 'ResolutionError')
    assert.ok(error.error.lookupHistory.some((h: {repository: string; errors: Array<{error: string}>}) => h.repository === 'Test Central' && h.errors[0]!.error === 'NotFound'))
    assert.match(missing.stderr, /Test Central \[.*\]: NotFound/)

    const bad = await sp(['schema', 'resolve', 'com.acme/x'])
    assert.equal(bad.code, 1)
    assert.match(bad.stderr, /INVALID_IGLUURI/)
  })

  it('--schemas folders are consulted first with --iglu too', async (t) => {
    const central = await serveStaticIglu()
    t.after(() => central.close())
    const dir = await tempDir(t)
    await writeSchema(dir, 'com.acme', 'ev', '1-0-0', selfDescribing('com.acme', 'ev', '1-0-0', cleanBody()))
    const iglu = await resolverFile(dir, central.url)
    const run = await sp(['schema', 'resolve', 'iglu:com.acme/ev/jsonschema/1-0-0', '--iglu', iglu, '--schemas', path.join(dir, 'schemas'), '--trace'])
    assert.equal(run.code, 0, run.stderr)
    assert.deepEqual(JSON.parse(run.stdout).self, {vendor: 'com.acme', name: 'ev', format: 'jsonschema', version: '1-0-0'})
    const instance = path.join(dir, 'ev.json')
    await writeFile(instance, JSON.stringify({schema: 'iglu:com.acme/ev/jsonschema/1-0-0', data: {}}))
    const valid = await sp(['schema', 'validate', instance, '--iglu', iglu, '--schemas', path.join(dir, 'schemas')])
    assert.equal(valid.code, 0, valid.stdout + valid.stderr)
    const missing = await sp(['schema', 'validate', path.join(dir, 'nope.json'), '--offline'])
    assert.deepEqual([missing.code, missing.stderr], [2, `Error: Cannot read instances from ${path.join(dir, 'nope.json')}: no such file\n`])
  })

  it('validate: JSON and NDJSON instances against local schemas, Snowplow error shapes, exit 1 on any failure', async (t) => {
    const dir = await tempDir(t)
    const schemas = path.join(dir, 'schemas')
    await writeSchema(dir, 'com.acme', 'ev', '1-0-0', selfDescribing('com.acme', 'ev', '1-0-0', cleanBody({required: ['name']})))
    const good = path.join(dir, 'good.json')
    await writeFile(good, JSON.stringify({schema: 'iglu:com.acme/ev/jsonschema/1-0-0', data: {name: 'x'}}))
    const okRun = await sp(['schema', 'validate', good, '--schemas', schemas, '--offline'])
    assert.deepEqual([okRun.code, okRun.stdout], [0, 'OK iglu:com.acme/ev/jsonschema/1-0-0 (line 1)\n1 valid, 0 invalid\n'])

    const mixed = path.join(dir, 'mixed.ndjson')
    await writeFile(
      mixed,
      [
        JSON.stringify({schema: 'iglu:com.acme/ev/jsonschema/1-0-0', data: {name: 'x'}}),
        JSON.stringify({schema: 'iglu:com.acme/ev/jsonschema/1-0-0', data: {}}),
        JSON.stringify({schema: 'iglu:com.acme/missing/jsonschema/1-0-0', data: {}}),
        '{"not": "self-describing"}',
      ].join('\n'),
    )
    const run = await sp(['schema', 'validate', mixed, '--schemas', schemas, '--offline', '--json'])
    assert.equal(run.code, 1)
    const results = JSON.parse(run.stdout)
    assert.deepEqual(results.map((r: {ok: boolean}) => r.ok), [true, false, false, false])
    assert.equal(results[1].error.error, 'ValidationError')
    assert.equal(results[1].error.dataReports[0].message, '$.name: is missing but it is required')
    assert.equal(results[2].error.error, 'ResolutionError')
    assert.equal(results[3].error.error, 'NotSelfDescribing')
  })
})
