import {test} from 'node:test'
import assert from 'node:assert/strict'
import {mkdir, writeFile} from 'node:fs/promises'
import path from 'node:path'
import Fastify from 'fastify'
import {openStore} from '../../src/store/index.js'
import {registerUiRoutes} from '../../src/api/routes/ui.js'
import {startMicro} from '../../src/micro/server.js'
import {defaultMicroOptions} from '../../src/micro/options.js'
import {startApi} from './api-harness.js'
import {goodEvent, LINK_CLICK, WEB_PAGE} from './event-fixtures.js'
import {tempDir} from '../helpers/temp-dir.js'

async function uiServer(t: Parameters<typeof tempDir>[0], dir: string | null) {
  const store = openStore({file: ':memory:'})
  const app = Fastify({logger: false})
  registerUiRoutes(app, {store, dir})
  await app.listen({port: 0, host: '127.0.0.1'})
  t.after(async () => {
    await app.close()
    store.close()
  })
  const address = app.server.address()
  return `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`
}

test('/micro/ui serves the built page and its assets, gzipped when asked, deep links answer the page', async (t) => {
  const dir = await tempDir(t)
  await mkdir(path.join(dir, 'assets'))
  const html = '<!doctype html><title>sp micro</title><script type="module" src="/micro/ui/assets/index-abc.js"></script>'
  const js = 'console.log("ui");'.repeat(100)
  await writeFile(path.join(dir, 'index.html'), html)
  await writeFile(path.join(dir, 'assets', 'index-abc.js'), js)
  const url = await uiServer(t, dir)

  for (const page of ['/micro/ui', '/micro/ui/', '/micro/ui/?app_id=web~mobile&status=failed', '/micro/ui/some/deep/link']) {
    const response = await fetch(url + page, {headers: {'accept-encoding': 'identity'}})
    assert.equal(response.status, 200, page)
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8')
    assert.equal(response.headers.get('cache-control'), 'no-cache')
    assert.equal(await response.text(), html)
  }
  const gz = await fetch(url + '/micro/ui/assets/index-abc.js', {headers: {'accept-encoding': 'gzip'}})
  assert.equal(gz.headers.get('content-encoding'), 'gzip')
  assert.equal(gz.headers.get('content-type'), 'text/javascript; charset=utf-8')
  assert.equal(gz.headers.get('cache-control'), 'public, max-age=31536000, immutable')
  // fetch decodes gzip itself; the bytes must be the file
  assert.equal(await gz.text(), js)
  const raw = await fetch(url + '/micro/ui/assets/index-abc.js', {headers: {'accept-encoding': 'identity'}})
  assert.equal(raw.headers.get('content-encoding'), null)
  assert.equal(await raw.text(), js)

  const missing = await fetch(url + '/micro/ui/assets/gone-123.js')
  assert.equal(missing.status, 404)
  assert.equal(await missing.text(), 'No such file in the UI: assets/gone-123.js')
})

test('a copy of sp without the built UI says how to build it', async (t) => {
  const url = await uiServer(t, null)
  const response = await fetch(url + '/micro/ui')
  assert.equal(response.status, 404)
  assert.match(await response.text(), /not built in this copy of sp\. Run `npm run build`/)
})

test('/micro/schemas lists the registry’s and the --schemas folders’ schemas with the events that used them', async (t) => {
  const dir = await tempDir(t)
  await mkdir(path.join(dir, 'com.acme/cart/jsonschema'), {recursive: true})
  await writeFile(path.join(dir, 'com.acme/cart/jsonschema/1-0-0'), '{}')
  await writeFile(path.join(dir, 'com.acme/cart/jsonschema/1-0-10.json'), '{}')
  await writeFile(path.join(dir, 'com.acme/cart/jsonschema/1-0-2'), '{}')
  await writeFile(path.join(dir, 'com.acme/cart/jsonschema/README'), 'not a version')
  // Micro's layout is read too
  await mkdir(path.join(dir, 'iglu-client-embedded/schemas/com.acme/user/jsonschema'), {recursive: true})
  await writeFile(path.join(dir, 'iglu-client-embedded/schemas/com.acme/user/jsonschema/1-0-0'), '{}')
  const api = await startApi({schemaDirs: [dir]})
  t.after(() => api.close())
  api.store.db
    .prepare(
      `INSERT INTO iglu_schemas (vendor, name, format, model, revision, addition, body, supersedes, is_public, created_at, updated_at)
       VALUES ('com.acme', 'user', 'jsonschema', 1, 0, 0, '{}', NULL, 1, 0, 0)`,
    )
    .run()
  await api.add(
    goodEvent({eventType: 'unstruct', contexts: [{schema: WEB_PAGE, data: {id: 'a'}}]}),
    goodEvent({eventType: 'unstruct', contexts: [{schema: WEB_PAGE, data: {id: 'b'}}]}),
    goodEvent({eventType: 'page_view'}),
    // failed: link_click is both its event schema and in its bad row, and counts once
    goodEvent({status: 'incomplete', eventType: 'unstruct'}),
  )
  const response = await api.get('/micro/schemas')
  assert.equal(response.status, 200)
  const {schemas} = (await response.json()) as {schemas: {uri: string; sources: string[]; events: {valid: number; failed: number}}[]}
  const byUri = Object.fromEntries(schemas.map((s) => [s.uri, s]))
  assert.deepEqual(
    schemas.map((s) => s.uri),
    [
      'iglu:com.acme/cart/jsonschema/1-0-0',
      'iglu:com.acme/cart/jsonschema/1-0-2',
      'iglu:com.acme/cart/jsonschema/1-0-10',
      'iglu:com.acme/user/jsonschema/1-0-0',
      LINK_CLICK,
      'iglu:com.snowplowanalytics.snowplow/page_view/jsonschema/1-0-0',
      WEB_PAGE,
    ],
  )
  assert.deepEqual(byUri['iglu:com.acme/user/jsonschema/1-0-0']!.sources, ['registry', dir])
  assert.deepEqual(byUri['iglu:com.acme/cart/jsonschema/1-0-2']!.sources, [dir])
  assert.deepEqual(byUri[LINK_CLICK], {
    uri: LINK_CLICK,
    vendor: 'com.snowplowanalytics.snowplow',
    name: 'link_click',
    format: 'jsonschema',
    version: '1-0-1',
    sources: [],
    events: {valid: 2, failed: 1},
  })
  assert.deepEqual(byUri[WEB_PAGE]!.events, {valid: 2, failed: 0})
})

test('sp micro: / opens the UI; --no-storage turns the UI off with the rest of /micro', async () => {
  const micro = await startMicro(defaultMicroOptions({port: 0, dbFile: ':memory:', iglu: {offline: true, cacheDir: false}}))
  try {
    const root = await fetch(micro.url + '/', {redirect: 'manual'})
    assert.equal(root.status, 302)
    assert.equal(root.headers.get('location'), '/micro/ui')
    assert.equal((await fetch(micro.url + '/micro/schemas')).status, 200)
  } finally {
    await micro.close()
  }
  const off = await startMicro(defaultMicroOptions({port: 0, dbFile: ':memory:', storage: false, iglu: {offline: true, cacheDir: false}}))
  try {
    for (const page of ['/micro/ui', '/micro/ui/assets/x.js', '/micro/schemas']) {
      const response = await fetch(off.url + page)
      assert.equal(response.status, 404, page)
      assert.equal(await response.text(), '')
    }
    assert.equal((await fetch(off.url + '/', {redirect: 'manual'})).status, 404)
  } finally {
    await off.close()
  }
})
