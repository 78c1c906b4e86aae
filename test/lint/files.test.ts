import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {mkdir, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {readSchemas, SELF_DESCRIBING_URI} from '../../src/lint/index.js'
import {selfDescribing, tempDir, writeSchema} from './helpers.js'

const messages = async (input: string) => (await readSchemas(input)).problems.map((p) => p.message)

describe('lint file checks (igluctl File.readSchemas)', () => {
  it('a path that does not exist', async (t) => {
    const dir = await tempDir(t)
    const missing = path.join(dir, 'nope')
    assert.deepEqual(await messages(missing), [`Cannot read [${missing}]: Path is neither file or directory`])
  })

  it('an empty directory, and files outside vendor/name/jsonschema/version ignored', async (t) => {
    const dir = await tempDir(t)
    await writeFile(path.join(dir, 'README.md'), '# hi')
    assert.deepEqual(await messages(dir), [`Cannot read [${dir}]: is empty`])
  })

  it('invalid JSON', async (t) => {
    const dir = await tempDir(t)
    const good = await writeSchema(dir, 'com.acme', 'ok', '1-0-0')
    const file = await writeSchema(dir, 'com.acme', 'broken', '1-0-0', '{"self": ')
    const result = await readSchemas(dir)
    assert.equal(result.schemas.length, 1)
    assert.equal(result.schemas[0]!.path, good)
    assert.equal(result.problems.length, 1)
    assert.match(result.problems[0]!.message, new RegExp(`^Cannot parse \\[${file.replace(/[.[\]\\]/g, '\\$&')}\\]: .*JSON`))
  })

  it('not self-describing, wrong $schema, bad SchemaVer', async (t) => {
    const dir = await tempDir(t)
    await writeSchema(dir, 'com.acme', 'ok', '1-0-0')
    const plain = await writeSchema(dir, 'com.acme', 'plain', '1-0-0', {$schema: SELF_DESCRIBING_URI, type: 'object'})
    const bare = await writeSchema(dir, 'com.acme', 'bare', '1-0-0', {type: 'object'})
    const meta = await writeSchema(dir, 'com.acme', 'meta', '1-0-0', {...selfDescribing('com.acme', 'meta', '1-0-0'), $schema: 'http://json-schema.org/draft-04/schema#'})
    const ver = await writeSchema(dir, 'com.acme', 'ver', '1-0-0', selfDescribing('com.acme', 'ver', '1-0'))
    assert.deepEqual((await messages(dir)).sort(), [
      `Cannot parse [${bare}]: JSON Schema in file [${bare}] is not valid, INVALID_METASCHEMA`,
      `Cannot parse [${meta}]: JSON Schema in file [${meta}] is not valid, INVALID_METASCHEMA`,
      `Cannot parse [${plain}]: Cannot extract Self-describing JSON Schema from JSON file`,
      `Cannot parse [${ver}]: JSON Schema in file [${ver}] is not valid, INVALID_SCHEMAVER`,
    ])
  })

  it('path does not match self', async (t) => {
    const dir = await tempDir(t)
    await writeSchema(dir, 'com.acme', 'ok', '1-0-0')
    const file = await writeSchema(dir, 'com.acme', 'ev', '1-0-0', selfDescribing('com.acme', 'other', '1-0-0'))
    assert.deepEqual(await messages(dir), [`JSON schema in [${file}] does not correspond to its metadata [iglu:com.acme/other/jsonschema/1-0-0]`])
  })

  it('a lone schema that is not 1-0-0', async (t) => {
    const dir = await tempDir(t)
    await writeSchema(dir, 'com.acme', 'ev', '1-0-1')
    assert.deepEqual(await messages(dir), ['Schema [com.acme/ev/jsonschema/1-0-1] contains a schema whose version is not 1-0-0'])
  })

  it('a group without 1-0-0, and a group with gaps (SchemaVer order: 1-0-2 before 1-0-10)', async (t) => {
    const dir = await tempDir(t)
    await writeSchema(dir, 'com.acme', 'noinit', '1-0-1')
    await writeSchema(dir, 'com.acme', 'noinit', '1-0-2')
    for (const v of ['1-0-0', '1-0-1', '1-0-2', '1-0-3', '1-0-4', '1-0-5', '1-0-6', '1-0-7', '1-0-8', '1-0-9', '1-0-10', '1-1-0', '2-0-0']) {
      await writeSchema(dir, 'com.acme', 'fine', v)
    }
    await writeSchema(dir, 'com.acme', 'gappy', '1-0-0')
    await writeSchema(dir, 'com.acme', 'gappy', '1-0-2')
    assert.deepEqual(await messages(dir), [
      'Schemas of [com.acme/noinit] do not contain initial 1-0-0 schema',
      'Schemas of [com.acme/gappy] have gaps between schema versions',
    ])
  })

  it('no valid schema at all', async (t) => {
    const dir = await tempDir(t)
    const file = await writeSchema(dir, 'com.acme', 'broken', '1-0-0', '[]')
    assert.deepEqual(await messages(dir), [
      `Cannot read [${dir}]: no valid JSON Schemas`,
      `Cannot parse [${file}]: Cannot extract Self-describing JSON Schema from JSON file`,
    ])
  })

  it('a single file is read without the path filter, hidden entries are skipped', async (t) => {
    const dir = await tempDir(t)
    const file = await writeSchema(dir, 'com.acme', 'ev', '1-0-0')
    await mkdir(path.join(dir, '.git', 'com.acme', 'x', 'jsonschema'), {recursive: true})
    await writeFile(path.join(dir, '.git', 'com.acme', 'x', 'jsonschema', '1-0-0'), 'garbage')
    assert.deepEqual((await readSchemas(file)).schemas.map((s) => s.path), [file])
    assert.deepEqual(await messages(dir), [])
  })
})
