import {test, before, after} from 'node:test'
import assert from 'node:assert/strict'
import {createEnrichPipeline, type EnrichPipeline} from '../../src/pipeline/enrich-pipeline.js'
import {encodeCollectorPayload} from '../../src/thrift/codec.js'
import {createIgluClient, parseResolverConfig, type IgluClient} from '../../src/iglu/index.js'
import type {CollectorPayload} from '../../src/thrift/collector-payload.js'
import type {ProcessedEvent} from '../../src/store/types.js'
import {serveStaticIglu} from '../helpers/static-iglu.js'
import {payload} from '../adapters/fixtures.js'
import {FIELDS, canonicalJsonFromTsv, isWholeTsvLine, parseTsv, toCanonicalJson, toTsv} from '../../src/event/index.js'
import {loadCollectorPayload, toRawEvents} from '../../src/adapters/index.js'
import {enrichEvent} from '../../src/enrich/enrich-event.js'
import {openStore} from '../../src/store/sqlite-store.js'
import {badEventChunks, goodEventChunks} from '../../src/store/queries/index.js'

/**
 * The pipeline answers validations synchronously while every schema is cached (no promise per
 * event) and falls back to awaiting the Iglu client otherwise. Both paths must give the same
 * bytes: here one pipeline has the full client (sync once warm), the other a client that only
 * offers the promise API, over a varied corpus of good, incomplete and bad payloads.
 */

const NOW = Date.parse('2024-03-04T05:06:07.089Z')
let server: Awaited<ReturnType<typeof serveStaticIglu>>
let sync: EnrichPipeline
let general: EnrichPipeline
let fullClient: IgluClient

before(async () => {
  server = await serveStaticIglu()
  const config = () =>
    parseResolverConfig({
      schema: 'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-3',
      data: {cacheSize: 500, repositories: [{name: 'Iglu Central (loopback)', priority: 1, vendorPrefixes: [], connection: {http: {uri: server.url}}}]},
    })
  fullClient = createIgluClient({config: config(), cacheDir: false, now: () => NOW, envRepositories: false})
  const promisesOnly = createIgluClient({config: config(), cacheDir: false, now: () => NOW, envRepositories: false})
  const asyncClient: IgluClient = {
    resolve: (key) => promisesOnly.resolve(key),
    validate: (key, data) => promisesOnly.validate(key, data),
    invalidate: (key) => promisesOnly.invalidate(key),
  }
  sync = createEnrichPipeline({iglu: fullClient, now: () => NOW})
  general = createEnrichPipeline({iglu: asyncClient, now: () => NOW})
})
after(() => server.close())

// deterministic corpus
let seed = 7
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
const b64 = (s: string) => Buffer.from(s, 'utf8').toString(rnd() < 0.5 ? 'base64url' : 'base64')
const sd = (schema: string, data: unknown) => ({schema, data})
const CX = 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0'
const UE = 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0'
const LINK = 'iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1'
const MOBILE = 'iglu:com.snowplowanalytics.snowplow/mobile_context/jsonschema/1-0-1'
const WEB = 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0'
const mobile = {osType: 'ios', osVersion: '17', deviceManufacturer: 'Apple', deviceModel: 'iPhone'}
const ODD = ['', 'a\tb', 'line\nbreak', 'ünïcödé ✓', '😀', '\ud800lone', 'quote"back\\slash', 'null', 'x'.repeat(300)]

const entity = () =>
  pick<unknown>([
    sd(WEB, {id: '5cea9899-10df-4ccf-bf66-8c36f4a4bba2'}),
    sd(WEB, {id: pick(ODD)}),
    sd(MOBILE, mobile),
    sd(MOBILE, {osType: 1}),
    sd('iglu:com.acme/unknown/jsonschema/1-0-0', {a: 1}),
    sd('iglu:com.acme/bad uri', {}),
    sd('iglu:com.acme/x/jsonschema/1-0', {}),
    {schema: WEB},
    42,
  ])
const contextsText = () =>
  pick([
    () => JSON.stringify(sd(CX, Array.from({length: Math.floor(rnd() * 4)}, entity))),
    () => JSON.stringify(sd(CX, [sd(MOBILE, mobile)]), null, 2),
    () => JSON.stringify(sd('iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/2-0-0', [])),
    () => JSON.stringify(sd(CX, {not: 'an array'})),
    () => '{not json',
    () => '',
  ])()
const unstructText = () =>
  pick([
    () => JSON.stringify(sd(UE, sd(LINK, {targetUrl: 'https://shop.example/ü', elementId: 'buy'}))),
    () => JSON.stringify(sd(UE, sd(LINK, {foo: 'bar'}))),
    () => JSON.stringify(sd(UE, sd('iglu:com.acme/unknown/jsonschema/1-0-0', {}))),
    () => JSON.stringify(sd(UE, 'not an entity')),
    () => 'garbage{',
  ])()
const PARAMS: Record<string, readonly string[]> = {
  e: ['pv', 'pp', 'se', 'ue', 'tr', 'xx'],
  p: ['web', 'mob', 'bogus'],
  tv: ['js-3.24.0', ...ODD],
  aid: ['shop', ...ODD, 'a'.repeat(256)],
  eid: ['6e1b9c4e-2f2a-4b8e-9d1e-000000000001', 'invalid'],
  tid: ['1', '2147483648', 'x'],
  ip: ['1.2.3.4, 5.6.7.8', '::1|x', ' '],
  dtm: ['1700000000000', '-99999999999999', 'abc'],
  stm: ['1700000000100', 'x'],
  res: ['1920x1080', '1920X1080', 'x1'],
  url: ['https://shop.example:8443/p?q=1#top', 'http://user@[::1]:80/a b', 'mailto:a@b.c', 'not a url', ''],
  refr: ['https://www.google.com/', 'http://host:/p'],
  page: ODD,
  se_va: ['1E+3', '00012.3400', 'abc'],
}
function trackerEvent(): Record<string, string> {
  const ev: Record<string, string> = {e: 'pv', p: 'web', tv: 'js-3'}
  for (const [k, vs] of Object.entries(PARAMS)) if (rnd() < 0.4) ev[k] = pick(vs)
  const r = rnd()
  if (r < 0.4) ev.cx = b64(contextsText())
  else if (r < 0.55) ev.co = contextsText()
  else if (r < 0.6) ev.cx = pick(['!!!not base64!!!', 'e30', ''])
  const u = rnd()
  if (u < 0.25) ev.ue_px = b64(unstructText())
  else if (u < 0.35) ev.ue_pr = unstructText()
  return ev
}
function randomPayload(): CollectorPayload {
  const base: Partial<CollectorPayload> = {
    headers: pick([undefined, ['X-Forwarded-For: 10.0.0.1, 10.0.0.2'], ['Forwarded: for="[2001:db8::1]"'], ['Cookie: sp=ü']]),
    userAgent: pick([undefined, 'ua\twith tab']),
    timestamp: pick([Date.parse('2021-08-29T12:01:05.787Z'), 0, 253402300800000]),
  }
  const kind = rnd()
  if (kind < 0.5) {
    const items = Array.from({length: pick([1, 3, 8])}, trackerEvent)
    return payload({
      ...base,
      contentType: pick(['application/json; charset=UTF-8', 'application/json', 'text/plain']),
      body: rnd() < 0.85 ? JSON.stringify(sd('iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4', items)) : '{bad json',
      querystring: pick([undefined, 'aid=from-qs']),
    })
  }
  if (kind < 0.75) return payload({...base, path: '/i', querystring: new URLSearchParams(trackerEvent()).toString()})
  if (kind < 0.85) return payload({...base, querystring: new URLSearchParams(trackerEvent()).toString()})
  if (kind < 0.92) return payload({...base, path: '/r/tp2', querystring: pick(['u=https%3A%2F%2Fx.y%2F', 'e=pv&co=' + encodeURIComponent(contextsText()) + '&u=x'])})
  return payload({...base, path: '/com.snowplowanalytics.iglu/v1', querystring: 'schema=' + encodeURIComponent(LINK) + '&targetUrl=http://a'})
}

/** Every field, with the random event id (and anything quoting it) made comparable. */
function comparable(e: ProcessedEvent): string {
  const text = JSON.stringify(e)
  return e.eventId === null ? text : text.split(e.eventId).join('<event id>')
}

test('warm Iglu cache: enrich answers synchronously and gives the bytes of the awaiting path', async () => {
  const statuses = new Set<string>()
  for (let round = 0; round < 250; round++) {
    const p = randomPayload()
    const thrift = encodeCollectorPayload(p)
    const [a, b] = [await sync.process(thrift, p), await general.process(thrift, p)]
    assert.equal(a.length, b.length, `payload ${round}`)
    for (let i = 0; i < a.length; i++) {
      assert.equal(comparable(a[i]!), comparable(b[i]!), `payload ${round}, event ${i}`)
      statuses.add(a[i]!.status)
    }
    // re-enriching the stored bytes (processThrift) gives the same events
    const replayed = await sync.processThrift(thrift)
    assert.deepEqual(replayed.map(comparable), a.map(comparable), `replay of payload ${round}`)
  }
  assert.deepEqual([...statuses].sort(), ['bad', 'good', 'incomplete'], 'the corpus covers every outcome')
})

test('a schema not cached yet: the rest of the payload goes on asynchronously, in order', async () => {
  const fresh = createIgluClient({
    config: parseResolverConfig({
      schema: 'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-3',
      data: {cacheSize: 500, repositories: [{name: 'Iglu Central (loopback)', priority: 1, vendorPrefixes: [], connection: {http: {uri: server.url}}}]},
    }),
    cacheDir: false,
    now: () => NOW,
    envRepositories: false,
  })
  const cold = createEnrichPipeline({iglu: fresh, now: () => NOW})
  const events = [
    {e: 'pv', p: 'web', tv: 'js', eid: '6e1b9c4e-2f2a-4b8e-9d1e-000000000001'},
    {e: 'pv', p: 'web', tv: 'js', eid: '6e1b9c4e-2f2a-4b8e-9d1e-000000000002', co: JSON.stringify(sd(CX, [sd(MOBILE, mobile)]))},
    {e: 'ue', p: 'web', tv: 'js', eid: '6e1b9c4e-2f2a-4b8e-9d1e-000000000003', ue_pr: JSON.stringify(sd(UE, sd(LINK, {targetUrl: 'x'})))},
  ]
  const p = payload({contentType: 'application/json', body: JSON.stringify(sd('iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4', events))})
  const thrift = encodeCollectorPayload(p)
  const first = await cold.process(thrift, p)
  const warm = await cold.process(thrift, p)
  assert.deepEqual(first.map((e) => e.eventId), events.map((e) => e.eid))
  assert.deepEqual(first.map(comparable), warm.map(comparable))
  assert.deepEqual(first.map((e) => e.status), ['good', 'good', 'good'])
})

test('the canonical JSON is read back from the TSV line: the line round-trips exactly, for every event of the corpus', async () => {
  let checked = 0
  for (let round = 0; round < 250; round++) {
    const p = randomPayload()
    for (const e of await sync.process(encodeCollectorPayload(p), p)) {
      if (e.tsv === null) continue
      assert.ok(isWholeTsvLine(e.tsv), `payload ${round}`)
      assert.equal(toTsv(parseTsv(e.tsv)), e.tsv, `payload ${round}`)
      const json = JSON.parse(e.event!) as Record<string, unknown>
      assert.deepEqual(Object.keys(json), FIELDS.map((f) => f.name))
      assert.equal(json.event_id, e.eventId)
      checked++
    }
  }
  assert.ok(checked > 100, `${checked} events checked`)
})

test('the canonical JSON read back from the TSV line is the JSON of the enriched event, for every event of the corpus', async () => {
  let checked = 0
  for (let round = 0; round < 250; round++) {
    const loaded = loadCollectorPayload(randomPayload())
    if (!loaded.ok) continue
    const extracted = await toRawEvents(loaded.payload, {iglu: fullClient})
    if (!extracted.ok) continue
    for (const raw of extracted.events) {
      const {event} = await enrichEvent(raw, {iglu: fullClient, now: () => NOW})
      const line = toTsv(event)
      if (!isWholeTsvLine(line)) continue
      assert.equal(canonicalJsonFromTsv(line), toCanonicalJson(event), `payload ${round}`)
      checked++
    }
  }
  assert.ok(checked > 100, `${checked} events checked`)
})

test('the rawEvent text is not stored: the store replays it from the payload, the same text for every event of the corpus', async () => {
  const store = openStore({file: ':memory:'})
  try {
    const committed: ProcessedEvent[] = []
    for (let round = 0; round < 250; round++) {
      const p = randomPayload()
      const thrift = encodeCollectorPayload(p)
      const events = await sync.process(thrift, p)
      for (const e of events) if (e.status !== 'bad') assert.equal(typeof e.rawPosition, 'number', `payload ${round}: an adapter made it`)
      committed.push(...(await store.commit({receivedAt: NOW, ipAddress: '127.0.0.1', path: p.path ?? '', thrift}, events)))
    }
    const positionOnly = store.db.prepare('SELECT count(*) FROM events WHERE raw_position IS NOT NULL AND raw_event IS NULL').pluck().get() as number
    assert.ok(positionOnly > 200, `${positionOnly} rows keep only the position`)
    // newest first, in small chunks: a payload's events straddle chunk boundaries
    const rawEvents = (chunks: Iterable<string[]>) => [...chunks].flat().map((text) => (JSON.parse(text) as {rawEvent: unknown}).rawEvent)
    const expected = (statuses: string[]) =>
      committed.filter((e) => statuses.includes(e.status)).reverse().map((e) => (e.rawEvent === null ? null : JSON.parse(e.rawEvent)))
    assert.deepEqual(rawEvents(goodEventChunks(store.db, {filter: {statuses: ['good']}, chunkSize: 7})), expected(['good']))
    assert.deepEqual(rawEvents(badEventChunks(store.db, {filter: {statuses: ['bad', 'incomplete']}, chunkSize: 7})), expected(['bad', 'incomplete']))
  } finally {
    store.close()
  }
})
