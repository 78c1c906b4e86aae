import {test} from 'node:test'
import assert from 'node:assert/strict'
import {Readable} from 'node:stream'
import {jsonArrayBody} from '../../src/api/json-stream.js'

async function text(body: string | Readable): Promise<string> {
  if (typeof body === 'string') return body
  let out = ''
  for await (const piece of body) out += String(piece)
  return out
}

test('one chunk is answered as one string, more are streamed; prefix and suffix wrap the array', async () => {
  const one = jsonArrayBody([['1', '2']][Symbol.iterator](), '{"events":', ',"n":2}')
  assert.equal(one, '{"events":[1,2],"n":2}')
  const many = jsonArrayBody([['1'], ['2', '3'], ['4']][Symbol.iterator]())
  assert.ok(many instanceof Readable)
  assert.equal(await text(many), '[1,2,3,4]')
  assert.equal(jsonArrayBody([][Symbol.iterator](), '{"events":', '}'), '{"events":[]}')
})

test('empty chunks (rows deleted while a listing streams) still give valid JSON', async () => {
  for (const chunks of [[[], ['1'], ['2']], [['1'], [], ['2']], [['1'], ['2'], []], [[], []]]) {
    const body = await text(jsonArrayBody(chunks[Symbol.iterator]()))
    assert.deepEqual(JSON.parse(body), chunks.flat().map(Number), JSON.stringify(chunks))
  }
})
