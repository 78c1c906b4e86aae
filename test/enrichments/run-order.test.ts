import {test} from 'node:test'
import assert from 'node:assert/strict'
import {JavascriptScriptEnrichment} from '../../src/enrichments/javascript-script.js'
import {CookieExtractorEnrichment} from '../../src/enrichments/cookie-extractor.js'
import {HttpHeaderExtractorEnrichment} from '../../src/enrichments/http-header-extractor.js'
import {javaRegex} from '../../src/enrichments/java-regex.js'
import {UaParserEnrichment} from '../../src/enrichments/ua-parser.js'
import {STEP, type Enrichment, type EnrichmentState} from '../../src/enrichments/types.js'
import type {SelfDescribing} from '../../src/event/enriched-event.js'
import {enrichWith, fields, rawEvent} from './helpers.js'

const js = (script: string) =>
  new JavascriptScriptEnrichment(script, {}, {schemaKey: 'iglu:com.snowplowanalytics.snowplow/javascript_script_config/jsonschema/1-0-0', identifier: 'Javascript enrichment'}, 1000, () => {})

/** An enrichment that fails at a given step, standing for one whose failure is hard to provoke. */
const failing = (step: number, error: string): Enrichment => ({
  className: 'Failing',
  step,
  run: (s: EnrichmentState) => void s.failures.push({enrichment: {schemaKey: 'iglu:x/y/jsonschema/1-0-0', identifier: `at-${step}`}, message: {error}}),
})

test('derived contexts come out in reverse run order (EnrichmentManager: each step prepends)', async () => {
  const ua = await UaParserEnrichment.fromConfig(
    {file: 'ua.json', schema: 'iglu:com.snowplowanalytics.snowplow/ua_parser_config/jsonschema/1-0-1', vendor: '', name: 'ua_parser_config', model: 1, revision: 0, addition: 1, data: {}},
    {cacheDir: '', baseDir: '', log: () => {}},
  )
  const enrichments = [ua, new CookieExtractorEnrichment(['sp']), new HttpHeaderExtractorEnrichment(javaRegex('Host', true)), js('function process(event) { return JSON.parse(event.getDerived_contexts()).data.map(function (c) { return {schema: "iglu:org.ietf/http_header/jsonschema/1-0-0", data: {name: "seen", value: c.schema}} }).slice(0, 1) }')]
  const out = await enrichWith(rawEvent({}, {useragent: 'curl/8', headers: ['Host: shop.example', 'Cookie: sp=abc']}), enrichments)
  const schemas = (fields(out).derived_contexts as SelfDescribing[]).map((c) => c.schema.split('/')[1])
  assert.deepEqual(schemas, ['http_header', 'http_header', 'http_cookie', 'ua_parser_context'])
  // the script saw the accumulated list most recent first: the header extractor's context
  assert.deepEqual((fields(out).derived_contexts as SelfDescribing[])[0]!.data, {name: 'seen', value: 'iglu:org.ietf/http_header/jsonschema/1-0-0'})
  assert.equal(out.failure, null)
})

test('failures come out as Enrich accumulates them: the latest step first, enrich\'s own event-type failure in its place', async () => {
  const out = await enrichWith(rawEvent({e: 'ad'}), [failing(STEP.iab, 'iab failed'), failing(STEP.javascript, 'js failed'), failing(STEP.apiRequest, 'api failed')])
  assert.equal(out.failure?.type, 'enrichment_failures')
  const messages = (out.failure as {messages: Array<{message: {error?: string; field?: string}}>}).messages
  assert.deepEqual(messages.map((m) => m.message.error ?? m.message.field), ['api failed', 'js failed', 'event', 'iab failed'])
  const entities = (fields(out).derived_contexts as Array<{data: {failureType: string}}>).map((e) => e.data.failureType)
  assert.deepEqual(entities, ['EnrichmentError: at-23', 'EnrichmentError: at-21', 'EnrichmentError: ', 'EnrichmentError: at-4'])
})
