import {test} from 'node:test'
import assert from 'node:assert/strict'
import {newTracker, buildPageView, buildStructEvent, buildSelfDescribingEvent} from '@snowplow/node-tracker'
import {startTestMicro, storedPayloads} from '../micro/fixtures.js'

/** Resolves with the HTTP status once the tracker reports its request done (after flush() resolves). */
function requestOutcome(): {promise: Promise<number>; success: (batch: unknown, res: Response) => void; failure: (f: {status?: number}) => void} {
  let resolve!: (status: number) => void
  const promise = new Promise<number>((r) => (resolve = r))
  return {promise, success: (_batch, res) => resolve(res.status), failure: (f) => resolve(f.status ?? -1)}
}

test('the real node tracker sends POST batches that are stored as tp2 payloads', async (t) => {
  const micro = await startTestMicro(t)
  const outcome = requestOutcome()
  const tracker = newTracker(
    {namespace: 'test', appId: 'shop'},
    {endpoint: micro.url, eventMethod: 'post', bufferSize: 3, onRequestSuccess: outcome.success, onRequestFailure: outcome.failure},
  )
  tracker.track(buildPageView({pageUrl: 'https://shop.example/', pageTitle: 'Home'}))
  tracker.track(buildStructEvent({category: 'cart', action: 'add', label: 'Café ☕'}))
  tracker.track(buildSelfDescribingEvent({event: {schema: 'iglu:com.acme/checkout/jsonschema/1-0-0', data: {total: 12}}}))
  await tracker.flush()
  assert.equal(await outcome.promise, 200)
  const [stored] = storedPayloads(micro.store.db)
  assert.equal(stored.path, '/com.snowplowanalytics.snowplow/tp2')
  assert.match(stored.payload.contentType ?? '', /^application\/json/)
  const body = JSON.parse(stored.payload.body ?? '{}')
  assert.match(body.schema, /^iglu:com\.snowplowanalytics\.snowplow\/payload_data\/jsonschema\/1-0-/)
  assert.deepEqual(body.data.map((e: {e: string}) => e.e), ['pv', 'se', 'ue'])
  assert.equal(body.data[1].se_la, 'Café ☕')
  assert.equal(body.data[0].aid, 'shop')
})

test('the real node tracker sends GET requests that are stored with their querystring', async (t) => {
  const micro = await startTestMicro(t)
  const outcome = requestOutcome()
  const tracker = newTracker(
    {namespace: 'test', appId: 'shop'},
    {endpoint: micro.url, eventMethod: 'get', onRequestSuccess: outcome.success, onRequestFailure: outcome.failure},
  )
  tracker.track(buildPageView({pageUrl: 'https://shop.example/?q=1', pageTitle: 'Home'}))
  await tracker.flush()
  assert.equal(await outcome.promise, 200)
  const [stored] = storedPayloads(micro.store.db)
  assert.equal(stored.path, '/i')
  const params = new URLSearchParams(stored.payload.querystring)
  assert.equal(params.get('e'), 'pv')
  assert.equal(params.get('url'), 'https://shop.example/?q=1')
  assert.equal(params.get('aid'), 'shop')
  assert.match(params.get('eid') ?? '', /^[0-9a-f-]{36}$/)
})
