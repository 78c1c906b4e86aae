import {test} from 'node:test'
import assert from 'node:assert/strict'
import {startMicro} from '../../src/micro/server.js'
import {defaultMicroOptions} from '../../src/micro/options.js'
import {isSpError} from '../../src/errors/sp-error.js'
import {startTestMicro, storedPayloads, tempDir} from './fixtures.js'
import path from 'node:path'
import {once} from 'node:events'
import {request, type IncomingMessage} from 'node:http'

test('startMicro listens on a port from the OS, reports the real URL and logs the ready line', async (t) => {
  const lines: string[] = []
  const micro = await startTestMicro(t, {log: (line) => lines.push(line)})
  assert.ok(micro.port > 0)
  assert.equal(micro.url, `http://127.0.0.1:${micro.port}`)
  assert.ok(lines.some((l) => l.startsWith(`sp micro ready: REST interface bound to ${micro.url} (`)), lines.join('\n'))
  assert.equal(await (await fetch(micro.url + '/health')).text(), 'ok')
})

test('a second server on the same port fails with PORT_IN_USE naming the port; the first keeps serving', async (t) => {
  const first = await startTestMicro(t)
  const dir = await tempDir(t)
  await assert.rejects(
    startMicro(defaultMicroOptions({port: first.port, dbFile: path.join(dir, 'other.db'), iglu: {offline: true}})),
    (error) =>
      isSpError(error) &&
      error.code === 'PORT_IN_USE' &&
      error.message.includes(`Port ${first.port} on 127.0.0.1 is already in use`),
  )
  assert.equal((await fetch(first.url + '/health')).status, 200)
})

test('close finishes in-flight requests, then closes the database; the port is free again', async (t) => {
  const dir = await tempDir(t)
  const dbFile = path.join(dir, 'micro.db')
  const micro = await startMicro(defaultMicroOptions({port: 0, dbFile, iglu: {offline: true}}))
  const seen = once(micro.app.server, 'request')
  // a POST whose body is still arriving when shutdown starts
  const body = '{"schema":"iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4","data":[]}'
  const req = request({host: '127.0.0.1', port: micro.port, method: 'POST', path: '/com.snowplowanalytics.snowplow/tp2', headers: {'content-length': String(body.length)}})
  const response = once(req, 'response') as Promise<[IncomingMessage]>
  req.write(body.slice(0, 10))
  await seen
  const closing = micro.close()
  req.end(body.slice(10))
  const [res] = await response
  assert.equal(res.statusCode, 200)
  res.resume()
  await closing
  await assert.rejects(fetch(micro.url + '/health'))
  const again = await startMicro(defaultMicroOptions({port: micro.port, dbFile, iglu: {offline: true}}))
  t.after(() => again.close())
  const [stored] = storedPayloads(again.store.db)
  assert.equal(stored.payload.body, body)
})
