// `sp micro --offline` on a machine whose schema cache is cold, then `sp schema sync`, as a user
// meets them: the real CLI, a browser-tracker style tp2 request with its web_page context.
import {test} from 'node:test'
import assert from 'node:assert/strict'
import {randomUUID} from 'node:crypto'
import {writeFile} from 'node:fs/promises'
import path from 'node:path'
import {fixtureIgluDir, serveStaticIglu} from '../helpers/static-iglu.js'
import {tempDir} from '../helpers/temp-dir.js'
import {igluCentralDir} from '../helpers/iglu-central.js'
import {runSp, spawnSp, startMicroProcess} from './micro-process.js'

const WEB_PAGE = 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0'

/** A page view as the JavaScript tracker posts it: tp2, with the web_page context in `co`. */
async function pageView(url: string): Promise<string> {
  const eid = randomUUID()
  const co = JSON.stringify({schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0', data: [{schema: WEB_PAGE, data: {id: randomUUID()}}]})
  const body = {
    schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4',
    data: [{e: 'pv', p: 'web', tv: 'js-4.0.0', eid, url: 'https://shop.example/', dtm: String(Date.now()), stm: String(Date.now()), co}],
  }
  const res = await fetch(`${url}/com.snowplowanalytics.snowplow/tp2`, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(body)})
  assert.equal(res.status, 200)
  await res.arrayBuffer()
  return eid
}

/** GET /micro/event/:id: its status, and the whole answer as text (errors and bad row included) */
async function lookup(url: string, eventId: string): Promise<{status?: string; text: string}> {
  const text = await (await fetch(`${url}/micro/event/${eventId}`)).text()
  return {status: (JSON.parse(text) as {status?: string}).status, text}
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

test('offline with a cold cache names the missing schemas and sp schema sync; after the sync the same micro accepts the page view', async (t) => {
  const cacheDir = await tempDir(t, 'sp-cold-cache-')
  const env = {SP_IGLU_CACHE_DIR: cacheDir}
  const micro = await startMicroProcess(t, ['--port', '0', '--db', ':memory:'], {env})
  const startup = await until('the offline start-up line', async () => /^Offline: .*$/m.exec(micro.stderr())?.[0])
  assert.match(startup, /schemas Snowplow's trackers attach by default are not in the schema cache/)
  assert.match(startup, /com\.snowplowanalytics\.snowplow\/web_page 1-0-0/)
  assert.match(startup, /Fix: sp schema sync$/)

  const first = await lookup(micro.url, await pageView(micro.url))
  assert.equal(first.status, 'incomplete')
  assert.ok(first.text.includes(`${WEB_PAGE} is not in the schema cache`), first.text)
  assert.ok(first.text.includes('run `sp schema sync`'), first.text)
  // the one-line summary sp events and sp tail print says it too
  const listed = await runSp(['events', '--failed', '--url', micro.url], {env})
  assert.match(listed.stdout, /com\.snowplowanalytics\.snowplow\/web_page schema not found \(looked in .*Disk cache.*\); offline and not in the schema cache: run `sp schema sync`/)

  // a copy of Iglu Central when there is one (as in CI), else the project's fixture repository
  const sync = await runSp(['schema', 'sync', '--from', igluCentralDir ?? fixtureIgluDir], {env})
  assert.equal(sync.code, 0, sync.stderr)
  const synced = new RegExp(`^Synced (\\d+) schemas from .* into ${cacheDir}: (\\d+) copied, 0 unchanged`).exec(sync.stdout)
  assert.ok(synced && synced[1] === synced[2], sync.stdout)
  if (!igluCentralDir) assert.match(sync.stdout, /^Synced 5 schemas .*: 5 copied, 0 unchanged, 0 skipped$/m)

  // no restart: the miss was a failure, retried after a short backoff
  await until('a good page view', async () => ((await lookup(micro.url, await pageView(micro.url))).status === 'good' ? true : undefined))

  const resolved = await runSp(['schema', 'resolve', WEB_PAGE, '--offline', '--trace'], {env})
  assert.equal(resolved.code, 0, resolved.stderr)
  assert.match(resolved.stderr, new RegExp(`Answered from the persistent schema cache ${cacheDir}`))
})

test('online, sp micro warms the cache with the tracker schemas in the background', async (t) => {
  const cacheDir = await tempDir(t, 'sp-warm-cache-')
  const central = await serveStaticIglu()
  t.after(() => central.close())
  const resolver = path.join(await tempDir(t, 'sp-resolver-'), 'resolver.json')
  await writeFile(resolver, JSON.stringify({
    schema: 'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-3',
    data: {cacheSize: 500, repositories: [{name: 'Loopback Central', priority: 0, vendorPrefixes: [], connection: {http: {uri: central.url}}}]},
  }))
  const {child, out, exited} = spawnSp(['micro', '--port', '0', '--db', ':memory:', '--iglu', resolver], {env: {SP_IGLU_CACHE_DIR: cacheDir}})
  t.after(async () => {
    child.kill('SIGKILL')
    await exited
  })
  const line = await until('the warm-up line', async () => /^Schema cache: .*$/m.exec(out.stderr)?.[0])
  assert.equal(line, `Schema cache: 5 tracker schemas now in ${cacheDir} for offline runs (0 were already there)`)
  assert.ok(central.requests.includes('/schemas/com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0'))
})
