import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import {readFile} from 'node:fs/promises'
import {sp} from './schema-cli.js'
import {SUPER_KEY, startRegistry} from '../registry/helpers.js'
import {cleanBody, selfDescribing, tempDir, writeSchema} from '../lint/helpers.js'

const KEY_LINE = /^Read key: ([0-9a-f-]{36})\nWrite key: ([0-9a-f-]{36})\n$/

describe('sp schema keygen | push | pull (CLI) against a registry', () => {
  it('keygen with the super key; a write key cannot make keys', async (t) => {
    const r = await startRegistry(t)
    const made = await sp(['schema', 'keygen', '--registry', r.url, '--api-key', SUPER_KEY, '--vendor-prefix', 'com.acme'])
    assert.equal(made.code, 0, made.stderr)
    const [, , write] = KEY_LINE.exec(made.stdout)!
    const refused = await sp(['schema', 'keygen', '--registry', r.url, '--vendor-prefix', 'com.acme'], {SP_IGLU_API_KEY: write!})
    assert.equal(refused.code, 1)
    assert.match(refused.stderr, /^Error: The registry refused keygen \(403\): Not sufficient privileges to create keys\n {2}Only the super key creates keys/)
    const badPrefix = await sp(['schema', 'keygen', '--registry', r.url, '--api-key', SUPER_KEY, '--vendor-prefix', 'com/acme'])
    assert.equal(badPrefix.code, 1)
    assert.match(badPrefix.stderr, /Invalid --vendor-prefix "com\/acme"/)
  })

  it('push with a write key from the environment; a read key is refused and explained; the key is never printed', async (t) => {
    const r = await startRegistry(t)
    const [, read, write] = KEY_LINE.exec((await sp(['schema', 'keygen', '--registry', r.url, '--api-key', SUPER_KEY, '--vendor-prefix', 'com.acme'])).stdout)!
    const dir = await tempDir(t)
    await writeSchema(dir, 'com.acme', 'ev', '1-0-0')
    await writeSchema(dir, 'com.acme', 'ev', '1-0-1')

    const asReader = await sp(['schema', 'push', dir, '--registry', `${r.url}/api`], {SP_IGLU_API_KEY: read!})
    assert.equal(asReader.code, 1)
    assert.match(asReader.stderr, /^Note: --url ends in \/api; sp adds \/api itself/)
    assert.match(asReader.stdout, /^Rejected iglu:com.acme\/ev\/jsonschema\/1-0-0: Authentication error: not authorized {2}\(403\)\n {2}This is a read key/)
    assert.match(asReader.stdout, /Push stopped: the registry refused the API key, so 1 schema of 2 was not sent to http:\/\/127\.0\.0\.1:\d+ \(0 created, 0 updated, 0 unchanged, 1 rejected\)\n$/)
    assert.ok(!asReader.stdout.includes(read!) && !asReader.stderr.includes(read!))

    const dry = await sp(['schema', 'push', dir, '--registry', r.url, '--dry-run'], {SP_IGLU_API_KEY: write!})
    assert.equal(dry.code, 0)
    assert.match(dry.stdout, /Dry run, nothing sent: 2 schemas, 2 would be created, 0 would be patched, 0 unchanged\n$/)

    const asWriter = await sp(['schema', 'push', dir, '--registry', r.url], {SP_IGLU_API_KEY: write!})
    assert.equal(asWriter.code, 0, asWriter.stderr)
    assert.equal(
      asWriter.stdout,
      'Schema created at iglu:com.acme/ev/jsonschema/1-0-0  (201)\nSchema created at iglu:com.acme/ev/jsonschema/1-0-1  (201)\n' +
        `Pushed 2 schemas to ${r.url}: 2 created, 0 updated, 0 unchanged, 0 rejected\n`,
    )
    assert.ok(!asWriter.stdout.includes(write!))

    // a changed 1-0-1 is a 409 with the way out
    await writeSchema(dir, 'com.acme', 'ev', '1-0-1', selfDescribing('com.acme', 'ev', '1-0-1', cleanBody({description: 'changed'})))
    const again = await sp(['schema', 'push', dir, '--registry', r.url, '--api-key', write!])
    assert.equal(again.code, 1)
    assert.match(again.stdout, /Unchanged iglu:com.acme\/ev\/jsonschema\/1-0-0/)
    assert.match(again.stdout, /Rejected iglu:com.acme\/ev\/jsonschema\/1-0-1: Schema already exists {2}\(409\)\n {2}1-0-1 is already in the registry with different content\. Publish the change as a new version \(1-0-2 is the next one free\), or, in development only, run sp micro --allow-patches/)
  })

  it('lint errors stop the push; a malformed key is refused before any request', async (t) => {
    const r = await startRegistry(t)
    const dir = await tempDir(t)
    await writeSchema(dir, 'com.acme', 'ev', '1-0-0', selfDescribing('com.acme', 'ev', '1-0-0', cleanBody({properties: {s: {description: 's', type: 'string', minLength: 9, maxLength: 1}}})))
    const blocked = await sp(['schema', 'push', dir, '--registry', r.url, '--api-key', SUPER_KEY])
    assert.equal(blocked.code, 1)
    assert.match(blocked.stderr, /FAILURE: Schema \[com.acme\/ev\/jsonschema\/1-0-0\]/)
    assert.match(blocked.stderr, /Push stopped before sending anything/)
    const badKey = await sp(['schema', 'push', dir, '--registry', r.url, '--api-key', 'sekrit-not-a-uuid'])
    assert.equal(badKey.code, 2)
    assert.match(badKey.stderr, /The API key is not a UUID/)
    assert.ok(!badKey.stderr.includes('sekrit'))
  })

  it('pull writes what the key can read', async (t) => {
    const r = await startRegistry(t)
    const dir = await tempDir(t)
    await writeSchema(dir, 'com.acme', 'ev', '1-0-0')
    assert.equal((await sp(['schema', 'push', dir, '--registry', r.url, '--api-key', SUPER_KEY, '--public'])).code, 0)
    const out = path.join(dir, 'pulled')
    const pulled = await sp(['schema', 'pull', out, '--registry', r.url])
    assert.equal(pulled.code, 0, pulled.stderr)
    const file = path.join(out, 'com.acme', 'ev', 'jsonschema', '1-0-0')
    assert.equal(pulled.stdout, `File [${file}] was written successfully!\nPulled 1 schemas\n`)
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), selfDescribing('com.acme', 'ev', '1-0-0'))
  })
})
