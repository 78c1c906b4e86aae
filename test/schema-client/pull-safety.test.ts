import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {mkdir, readdir, symlink, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {createRegistryClient, pullSchemas} from '../../src/schema-client/index.js'
import {tempDir} from '../helpers/temp-dir.js'
import {json, loopbackServer, schemaDoc} from '../helpers/loopback-server.js'

/** A registry whose schema list is whatever the test says. */
async function hostileRegistry(t: Parameters<typeof loopbackServer>[0], schemas: unknown[]) {
  return loopbackServer(t, (_req, res) => json(res, 200, schemas))
}

async function pull(t: Parameters<typeof loopbackServer>[0], dir: string, schemas: unknown[]) {
  const registry = await hostileRegistry(t, schemas)
  return pullSchemas(dir, createRegistryClient({registry: registry.url}))
}

describe('sp schema pull writes inside its folder only', () => {
  const escapes: [string, Record<string, unknown>][] = [
    ['vendor ..', schemaDoc('..', 'x')],
    ['vendor .', schemaDoc('.', 'x')],
    ['vendor with a slash', schemaDoc('../../../../tmp', 'x')],
    ['name with ../', schemaDoc('com.acme', '../../../../../escaped')],
    ['format with ../', schemaDoc('com.acme', 'x', '1-0-0', '../..')],
    ['absolute vendor', schemaDoc('/etc', 'x')],
  ]
  for (const [label, schema] of escapes) {
    it(`refuses a registry answer with ${label} and writes nothing`, async (t) => {
      const parent = await tempDir(t)
      const dir = path.join(parent, 'out')
      await mkdir(dir)
      await assert.rejects(pull(t, dir, [schema]), (error: Error & {code?: string}) => error.code === 'REGISTRY_RESPONSE' && /not a valid Iglu|would leave/.test(error.message))
      assert.deepEqual(await readdir(parent), ['out'])
      assert.deepEqual(await readdir(dir), [])
    })
  }

  it('does not write through a symlink that leads out of the folder', async (t) => {
    const parent = await tempDir(t)
    const dir = path.join(parent, 'out')
    const outside = path.join(parent, 'outside')
    await mkdir(dir)
    await mkdir(outside)
    await symlink(outside, path.join(dir, 'com.acme'))
    await assert.rejects(pull(t, dir, [schemaDoc('com.acme', 'x')]), /would leave/)
    assert.deepEqual(await readdir(outside), [])
  })

  it('does not overwrite a file a symlink in the version place points to', async (t) => {
    const parent = await tempDir(t)
    const dir = path.join(parent, 'out')
    const target = path.join(parent, 'secret')
    await writeFile(target, 'keep me')
    await mkdir(path.join(dir, 'com.acme', 'x', 'jsonschema'), {recursive: true})
    await symlink(target, path.join(dir, 'com.acme', 'x', 'jsonschema', '1-0-0'))
    await assert.rejects(pull(t, dir, [schemaDoc('com.acme', 'x')]), /would leave/)
  })

  it('still writes well-formed schemas (vendor with dots, name with _ and -)', async (t) => {
    const dir = await tempDir(t)
    const files = await pull(t, dir, [schemaDoc('com.acme.web', 'add_to-cart')])
    assert.deepEqual(files.map((f) => path.relative(dir, f.file)), [path.join('com.acme.web', 'add_to-cart', 'jsonschema', '1-0-0')])
  })
})
