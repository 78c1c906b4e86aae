import {test} from 'node:test'
import assert from 'node:assert/strict'
import Fastify from 'fastify'
import {collectorPlugin} from '../../src/collector/plugin.js'
import {defaultCollectorConfig} from '../../src/collector/config.js'
import {openStore} from '../../src/store/index.js'
import type {Pipeline} from '../../src/pipeline/types.js'
import type {ProcessedEvent} from '../../src/store/types.js'
import {decodeCollectorPayload} from '../../src/thrift/codec.js'
import {storedEvents, storedPayloads} from '../micro/fixtures.js'

/** A minimal Pipeline: one good event per `e` parameter of the querystring. */
const querystringPipeline: Pipeline = {
  async process(thrift, payload) {
    // the pipeline gets the very bytes that are stored, and their decoded form
    assert.deepEqual(decodeCollectorPayload(thrift), payload)
    const params = new URLSearchParams(payload.querystring ?? '')
    return params.getAll('e').map(
      (e, i): ProcessedEvent => ({
        status: 'good',
        eventId: `${e}-${i}`,
        eventType: e,
        schema: null,
        contexts: [],
        appId: params.get('aid'),
        collectorTstamp: payload.timestamp,
        api: {vendor: 'com.snowplowanalytics.snowplow', version: 'tp1'},
        rawEvent: null,
        event: null,
        tsv: null,
        collectorPayload: null,
        errors: [],
        badRow: null,
      }),
    )
  },
}

test('the events a pipeline makes of a payload are committed with it before the answer', async (t) => {
  const store = openStore({file: ':memory:'})
  const app = Fastify()
  await app.register(collectorPlugin, {store, config: defaultCollectorConfig(), pipeline: querystringPipeline})
  await app.listen({port: 0, host: '127.0.0.1'})
  t.after(async () => {
    await app.close()
    store.close()
  })
  const address = app.server.address() as import('node:net').AddressInfo
  const res = await fetch(`http://127.0.0.1:${address.port}/i?e=pv&e=pp&aid=shop`)
  assert.equal(res.status, 200)
  // no waiting: the 200 means committed
  const [payload] = storedPayloads(store.db)
  const events = storedEvents(store.db)
  assert.deepEqual(events.map((e) => [e.event_id, e.payload_id]), [['pv-0', payload.id], ['pp-1', payload.id]])
})

test('a pipeline that throws does not lose the payload: it is stored without events', async (t) => {
  const store = openStore({file: ':memory:'})
  const failures: string[] = []
  const app = Fastify()
  await app.register(collectorPlugin, {
    store,
    config: defaultCollectorConfig(),
    pipeline: {process: () => Promise.reject(new Error('enrich bug'))},
    onError: (message) => failures.push(message),
  })
  await app.listen({port: 0, host: '127.0.0.1'})
  t.after(async () => {
    await app.close()
    store.close()
  })
  const address = app.server.address() as import('node:net').AddressInfo
  const res = await fetch(`http://127.0.0.1:${address.port}/i?e=pv`)
  assert.equal(res.status, 200)
  assert.equal(storedPayloads(store.db).length, 1)
  assert.equal(storedEvents(store.db).length, 0)
  assert.match(failures[0], /enrich bug/)
})

test('a failed commit answers 503 and the client can retry', async (t) => {
  const store = openStore({file: ':memory:'})
  const app = Fastify()
  // the schema's CHECK refuses this status, so the transaction fails as a full disk would
  const unstorable = {status: 'nope', eventId: null, eventType: null, schema: null, contexts: [], appId: null, collectorTstamp: 0, api: null, rawEvent: null, event: null, tsv: null, collectorPayload: null, errors: [], badRow: null} as unknown as ProcessedEvent
  await app.register(collectorPlugin, {store, config: defaultCollectorConfig(), pipeline: {process: async () => [unstorable]}, onError: () => {}})
  await app.listen({port: 0, host: '127.0.0.1'})
  t.after(async () => {
    await app.close()
    store.close()
  })
  const address = app.server.address() as import('node:net').AddressInfo
  const res = await fetch(`http://127.0.0.1:${address.port}/i?e=pv`)
  assert.equal(res.status, 503)
  assert.equal(storedPayloads(store.db).length, 0)
})
