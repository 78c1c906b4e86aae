import {test} from 'node:test'
import assert from 'node:assert/strict'
import {HttpHeaderExtractorEnrichment, HTTP_HEADER_SCHEMA} from '../../src/enrichments/http-header-extractor.js'
import {javaRegex} from '../../src/enrichments/java-regex.js'
import {enrichWith, fields, rawEvent} from './helpers.js'

test('HttpHeaderExtractorEnrichmentSpec e1: returns the X-Forwarded-For header', () => {
  assert.deepEqual(new HttpHeaderExtractorEnrichment(javaRegex('X-Forwarded-For', true)).extract(['X-Forwarded-For: 129.78.138.66, 129.78.64.103']), [
    {schema: HTTP_HEADER_SCHEMA, data: {name: 'X-Forwarded-For', value: '129.78.138.66, 129.78.64.103'}},
  ])
})

test('HttpHeaderExtractorEnrichmentSpec e2: returns the Accept header after regex matching', () => {
  assert.deepEqual(new HttpHeaderExtractorEnrichment(javaRegex('.*', true)).extract(['Accept: text/html']), [
    {schema: HTTP_HEADER_SCHEMA, data: {name: 'Accept', value: 'text/html'}},
  ])
})

test('HttpHeaderExtractorEnrichmentSpec e3: no headers → no context', () => {
  assert.deepEqual(new HttpHeaderExtractorEnrichment(javaRegex('.*', true)).extract([]), [])
})

test('http_header_extractor: the pattern matches the whole name; (?i) is honoured; lines without a colon are skipped', async () => {
  const e = HttpHeaderExtractorEnrichment.fromConfig({file: 'h.json', schema: '', vendor: '', name: 'http_header_extractor_config', model: 1, revision: 0, addition: 0, data: {parameters: {headersPattern: '(?i)host'}}})
  const out = await enrichWith(rawEvent({}, {headers: ['Host: shop.example', 'X-Host-Id: 1', 'application/json']}), [e])
  assert.deepEqual(fields(out).derived_contexts, [{schema: HTTP_HEADER_SCHEMA, data: {name: 'Host', value: 'shop.example'}}])
})
