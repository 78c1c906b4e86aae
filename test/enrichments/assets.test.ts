import {test} from 'node:test'
import assert from 'node:assert/strict'
import {createServer} from 'node:http'
import type {AddressInfo} from 'node:net'
import {readFile, writeFile, mkdir} from 'node:fs/promises'
import path from 'node:path'
import {resolveAsset} from '../../src/enrichments/assets.js'
import {ENRICHMENT_ERROR_CODES} from '../../src/enrichments/errors.js'
import {tempDir} from '../helpers/temp-dir.js'

test('an http(s) asset is downloaded once into the cache, then read from there without the network', async (t) => {
  const requests: string[] = []
  const server = createServer((req, res) => {
    requests.push(req.url!)
    if (req.url === '/third-party/referers.json') res.end('{"search":{}}')
    else res.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/third-party`
  const cacheDir = await tempDir(t)
  const ctx = {cacheDir, baseDir: cacheDir, log: () => {}}
  const file = await resolveAsset('refr.json', base, 'referers.json', ctx)
  assert.equal(await readFile(file, 'utf8'), '{"search":{}}')
  await new Promise<void>((resolve) => server.close(() => resolve()))
  // the server is gone: the second startup is offline
  assert.equal(await resolveAsset('refr.json', `${base}/`, 'referers.json', ctx), file)
  assert.deepEqual(requests, ['/third-party/referers.json'])
  await assert.rejects(resolveAsset('refr.json', base, 'other.json', ctx), (e: {code: string; message: string}) => e.code === ENRICHMENT_ERROR_CODES.asset && /refr\.json: cannot read http:.*other\.json: download failed/.test(e.message))
})

test('local assets: file: relative to the config folder, file:/// absolute; cloud buckets refused with what to do', async (t) => {
  const dir = await tempDir(t)
  await mkdir(path.join(dir, 'assets'))
  await writeFile(path.join(dir, 'assets', 'db.mmdb'), 'x')
  const ctx = {cacheDir: dir, baseDir: dir, log: () => {}}
  assert.equal(await resolveAsset('ip.json', 'file:assets', 'db.mmdb', ctx), path.join(dir, 'assets', 'db.mmdb'))
  assert.equal(await resolveAsset('ip.json', `file://${dir}/assets/`, 'db.mmdb', ctx), path.join(dir, 'assets', 'db.mmdb'))
  await assert.rejects(resolveAsset('ip.json', 'file:assets', 'missing.mmdb', ctx), /ip\.json: cannot read .*missing\.mmdb: no such file/)
  await assert.rejects(resolveAsset('iab.json', 's3://my-private-bucket/iab', 'include_current.txt', ctx), /iab\.json: cannot read s3:\/\/my-private-bucket\/iab\/include_current\.txt: s3:\/\/ assets are not downloaded by sp: copy the file to a local folder/)
})
