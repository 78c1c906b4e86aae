import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {mkdir, symlink, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {readSchemas} from '../../src/lint/files.js'
import {tempDir} from '../helpers/temp-dir.js'
import {printable} from '../../src/cli/printable.js'

const SELF = 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#'

describe('sp schema lint on hostile folders', () => {
  it('does not follow a symlink out of the folder, nor print the start of its target', async (t) => {
    const parent = await tempDir(t)
    const dir = path.join(parent, 'schemas')
    const secret = path.join(parent, 'secret')
    await writeFile(secret, 'root:x:0:0:root:/root:/bin/bash\n')
    await mkdir(path.join(dir, 'com.acme', 'x', 'jsonschema'), {recursive: true})
    await symlink(secret, path.join(dir, 'com.acme', 'x', 'jsonschema', '1-0-0'))
    const result = await readSchemas(dir)
    const messages = result.problems.map((p) => p.message).join('\n')
    assert.match(messages, /symbolic link to a path outside .* \(not followed\)/)
    assert.doesNotMatch(messages, /root:x/)
  })

  it('still follows a symlink to a file inside the folder', async (t) => {
    const dir = await tempDir(t)
    const folder = path.join(dir, 'com.acme', 'x', 'jsonschema')
    await mkdir(folder, {recursive: true})
    const schema = {$schema: SELF, self: {vendor: 'com.acme', name: 'x', format: 'jsonschema', version: '1-0-0'}, type: 'object'}
    await writeFile(path.join(dir, 'real.json'), JSON.stringify(schema))
    await symlink(path.join(dir, 'real.json'), path.join(folder, '1-0-0'))
    const result = await readSchemas(dir)
    assert.equal(result.schemas.length, 1)
  })

  it('a binary or non-JSON file is reported without echoing its bytes', async (t) => {
    const dir = await tempDir(t)
    const folder = path.join(dir, 'com.acme', 'x', 'jsonschema')
    await mkdir(folder, {recursive: true})
    await writeFile(path.join(folder, '1-0-0'), Buffer.from([0x1b, 0x5d, 0x30, 0x3b, 0x70, 0x77, 0x6e, 0x07, 0x00, 0xff, 0x41]))
    const [problem] = (await readSchemas(dir)).problems.filter((p) => p.kind === 'parse')
    assert.ok(problem)
    assert.doesNotMatch(problem.message, /[\u0000-\u001f\u007f-\u009f]|pwn/)
    assert.match(problem.message, /Cannot parse \[.*1-0-0\]: Unexpected token/)
  })

  it('a schema nested 10,000 levels deep is a clear error, not a stack overflow', async (t) => {
    const dir = await tempDir(t)
    const folder = path.join(dir, 'com.acme', 'x', 'jsonschema')
    await mkdir(folder, {recursive: true})
    let inner = '{"type":"object"}'
    for (let i = 0; i < 10_000; i++) inner = `{"type":"object","properties":{"a":${inner}}}`
    await writeFile(path.join(folder, '1-0-0'), `{"$schema":"${SELF}","self":{"vendor":"com.acme","name":"x","format":"jsonschema","version":"1-0-0"},"type":"object","properties":{"a":${inner}}}`)
    const result = await readSchemas(dir)
    assert.match(result.problems.map((p) => p.message).join('\n'), /JSON nested deeper than 200 levels/)
  })

  it('printable escapes control characters and escape sequences', () => {
    assert.equal(printable('ok\u001b[2Jgone\u0007\ttab\nline'), 'ok\\u001b[2Jgone\\u0007\ttab\nline')
    assert.equal(printable('a\nb\r', true), 'a\\u000ab\\u000d')
  })
})
