/**
 * Port of Snowplow Enrich 6's EtlPipelineSpec (modules/common/src/test/scala/.../EtlPipelineSpec.scala)
 * e1–e3: every event of a payload gives a good event or a failure, a malformed querystring still
 * gives its event, an unreadable CollectorPayload gives one format violation. Our own payloads.
 */
import {test} from 'node:test'
import assert from 'node:assert/strict'
import {createEnrichPipeline} from '../../src/pipeline/enrich-pipeline.js'
import {encodeCollectorPayload} from '../../src/thrift/codec.js'
import {COLLECTOR_PAYLOAD_SCHEMA, type CollectorPayload} from '../../src/thrift/collector-payload.js'
import {encodeBase64UrlSafe} from '../../src/adapters/base64.js'
import {specIgluClient} from '../adapters/spec-iglu.js'

const pipeline = createEnrichPipeline({iglu: specIgluClient()})
const base: CollectorPayload = {schema: COLLECTOR_PAYLOAD_SCHEMA, ipAddress: '127.0.0.1', timestamp: Date.parse('2017-07-14T03:39:39Z'), encoding: 'UTF-8', collector: 'clj-tomcat'}
const run = (p: CollectorPayload) => pipeline.processThrift(encodeCollectorPayload(p))
const sdj = (schema: string, data: unknown) => ({schema, data})
const contexts = (...entities: unknown[]) => encodeBase64UrlSafe(JSON.stringify(sdj('iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0', entities)))

test('EtlPipelineSpec e1: a batched payload gives a good event or a failure for each of its events', async () => {
  const pageContexts = contexts(
    sdj('iglu:com.google.analytics/cookies/jsonschema/1-0-0', {_ga: 'GA1.2.909830049.1581081333'}),
    sdj('iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0', {id: '153f905d-bdac-4ac5-826c-8aa16cf13f39'}),
    sdj('iglu:org.w3/PerformanceTiming/jsonschema/1-0-0', {navigationStart: 1581382580706}),
  )
  // each error event carries a context no registry knows: a failed event each
  const errorContexts = contexts(sdj('iglu:com.snowplowanalytics.console/user/jsonschema/1-0-0', {userId: '22523985-5133-495a-9e69-c7c2305d9c13'}))
  const error = (eid: string) => ({
    e: 'ue',
    ue_px: encodeBase64UrlSafe(
      JSON.stringify(sdj('iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0', sdj('iglu:com.snowplowanalytics.snowplow/application_error/jsonschema/1-0-1', {programmingLanguage: 'JAVASCRIPT', message: 'API_ERROR - 403 - ', stackTrace: null}))),
    ),
    tv: 'js-2.10.2',
    p: 'web',
    eid,
    cx: errorContexts,
  })
  const body = JSON.stringify({
    schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4',
    data: [
      {e: 'pv', url: 'https://console.snowplowanalytics.com/?code=3EaD7VJ2f_aZn33R', page: 'Snowplow Insights', tv: 'js-2.10.2', p: 'web', eid: '1a950884-61d4-4179-a89a-43b67fb58a8f', cx: pageContexts},
      error('fed3c6ca-5b8e-47a7-9bfa-102804bd14e0'),
      error('ab8f3859-37cc-4e4a-af9f-3dd91464ee25'),
      error('e94b4262-63e5-4811-b5db-21c4bd2ab354'),
    ],
  })
  const out = await run({...base, path: '/com.snowplowanalytics.snowplow/tp2', contentType: 'application/json', body})
  assert.deepEqual(out.map((e) => e.status), ['good', 'incomplete', 'incomplete', 'incomplete'])
  assert.ok(out.slice(1).every((e) => e.badRow?.includes('schema_violations') && e.badRow.includes('ResolutionError')))
})

test('EtlPipelineSpec e2: a querystring with a parameter without value (&foo) still gives its event', async () => {
  const out = await run({...base, ipAddress: '1.2.3.4', collector: 'EtlPipelineSpec collector', path: 'com.snowplowanalytics.iglu/v1', querystring: 'schema=iglu:com.mailgun/message_clicked/jsonschema/1-0-0&city=Berlin&token=42&foo'})
  assert.deepEqual(out.map((e) => e.status), ['good'])
  // `foo` is kept, null, in the querystring's order (a four-key Scala Map keeps insertion order)
  assert.ok(out[0]!.tsv!.includes('{"schema":"iglu:com.mailgun/message_clicked/jsonschema/1-0-0","data":{"city":"Berlin","token":"42","foo":null}}'))
})

test('EtlPipelineSpec e3: an unreadable CollectorPayload gives one collector_payload_format_violation', async () => {
  const out = await pipeline.processThrift(Buffer.from([1]))
  assert.equal(out.length, 1)
  assert.equal(out[0]!.status, 'bad')
  assert.match(out[0]!.badRow!, /collector_payload_format_violation/)
})
