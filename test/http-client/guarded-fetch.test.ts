import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {createRegistryClient, pullSchemas} from '../../src/schema-client/index.js'
import {HttpRepository} from '../../src/iglu/repositories/http.js'
import {guardedFetch, readTextCapped, ResponseTooLargeError} from '../../src/http-client/guarded-fetch.js'
import {tempDir} from '../helpers/temp-dir.js'
import {json, loopbackServer, schemaDoc} from '../helpers/loopback-server.js'

const KEY = '11111111-2222-4333-8444-555555555555'

/** Two loopback servers on different ports: `first` redirects everything to `other`. */
async function redirectingPair(t: Parameters<typeof loopbackServer>[0], status = 302) {
  const other = await loopbackServer(t, (req, res) => {
    if (req.url!.startsWith('/api/schemas')) return json(res, 200, req.url!.includes('/com.acme/') ? schemaDoc('com.acme', 'x') : [schemaDoc('com.acme', 'x')])
    if (req.url!.startsWith('/schemas/')) return json(res, 200, schemaDoc('com.acme', 'x'))
    return json(res, 200, {read: KEY, write: KEY})
  })
  const first = await loopbackServer(t, (req, res) => res.writeHead(status, {location: other.url + req.url}).end())
  return {first, other}
}

describe('the apikey header never follows a redirect to another origin', () => {
  it('sp schema pull: the other port gets the request without the key', async (t) => {
    const {first, other} = await redirectingPair(t)
    const files = await pullSchemas(await tempDir(t), createRegistryClient({registry: first.url, apiKey: KEY}))
    assert.equal(files.length, 1)
    assert.equal(first.seen[0]!.headers.apikey, KEY)
    assert.equal(other.seen.length, 1)
    assert.equal(other.seen[0]!.headers.apikey, undefined)
  })

  for (const status of [301, 307, 308]) {
    it(`sp schema keygen/push (POST/PUT) on a ${status}: no key at the other origin`, async (t) => {
      const {first, other} = await redirectingPair(t, status)
      const client = createRegistryClient({registry: first.url, apiKey: KEY})
      await client.keygen('com.acme')
      await client.putSchema('com.acme/x/jsonschema/1-0-0', schemaDoc('com.acme', 'x'), false)
      assert.equal(other.seen.length, 2)
      assert.ok(other.seen.every((s) => s.headers.apikey === undefined))
      // 307/308 keep the method (and body); 301 after a POST becomes a GET, as browsers do
      assert.equal(other.seen[0]!.method, status === 301 ? 'GET' : 'POST')
    })
  }

  it('the Iglu resolver\'s HTTP repository (sp micro, sp schema resolve)', async (t) => {
    const {first, other} = await redirectingPair(t)
    const repo = new HttpRepository({name: 'private', uri: first.url, apikey: KEY})
    const found = await repo.lookup({vendor: 'com.acme', name: 'x', format: 'jsonschema', version: {model: 1, revision: 0, addition: 0}})
    assert.equal(found.ok, true)
    assert.equal(first.seen[0]!.headers.apikey, KEY)
    assert.equal(other.seen[0]!.headers.apikey, undefined)
  })

  it('keeps the key on a redirect within the same origin, drops it for good once the chain left it', async (t) => {
    const seenKeys: (string | undefined)[] = []
    let otherUrl = ''
    const same = await loopbackServer(t, (req, res) => {
      seenKeys.push(req.headers.apikey as string | undefined)
      if (req.url === '/a') return res.writeHead(302, {location: '/b'}).end()
      if (req.url === '/b') return res.writeHead(302, {location: `${otherUrl}/c`}).end()
      return res.end('done')
    })
    const other = await loopbackServer(t, (_req, res) => res.writeHead(302, {location: `${same.url}/d`}).end())
    otherUrl = other.url
    const response = await guardedFetch(`${same.url}/a`, {headers: {apikey: KEY}}, {secretHeaders: ['apikey']})
    assert.equal(await response.text(), 'done')
    assert.deepEqual(seenKeys, [KEY, KEY, undefined])
    assert.equal(other.seen[0]!.headers.apikey, undefined)
  })
})

describe('answers are read with a size cap', () => {
  it('refuses a body beyond the cap (streamed, no content-length)', async (t) => {
    const big = await loopbackServer(t, (_req, res) => {
      res.writeHead(200, {'content-type': 'application/json'})
      const chunk = 'x'.repeat(64 * 1024)
      let sent = 0
      const more = () => {
        while (sent < 64) {
          sent++
          if (!res.write(chunk)) return res.once('drain', more)
        }
        res.end()
      }
      more()
    })
    const response = await fetch(big.url)
    await assert.rejects(readTextCapped(response, big.url, 1024 * 1024), ResponseTooLargeError)
  })

  it('sp schema pull reports a too-large answer and a non-JSON answer clearly', async (t) => {
    const huge = await loopbackServer(t, (_req, res) => res.writeHead(200, {'content-length': String(200 * 1024 * 1024)}).end())
    await assert.rejects(
      pullSchemas(await tempDir(t), createRegistryClient({registry: huge.url, maxResponseBytes: 1024})),
      (error: Error & {code?: string}) => error.code === 'REGISTRY_RESPONSE' && /more than 1024 bytes/.test(error.message),
    )
    const html = await loopbackServer(t, (_req, res) => res.writeHead(200, {'content-type': 'text/html'}).end('<html>'))
    await assert.rejects(pullSchemas(await tempDir(t), createRegistryClient({registry: html.url})), /did not answer a JSON array/)
  })

  it('sp schema pull times out on a registry that never answers', async (t) => {
    const silent = await loopbackServer(t, () => undefined)
    await assert.rejects(
      pullSchemas(await tempDir(t), createRegistryClient({registry: silent.url, timeoutMs: 200})),
      (error: Error & {code?: string}) => error.code === 'REGISTRY_UNREACHABLE' && /did not answer within 0.2 s/.test(error.message),
    )
  })
})
