import {test} from 'node:test'
import assert from 'node:assert/strict'
import {CookieExtractorEnrichment, HTTP_COOKIE_SCHEMA} from '../../src/enrichments/cookie-extractor.js'
import {enrichWith, fields, rawEvent} from './helpers.js'

test('CookieExtractorEnrichmentSpec e1: no cookie header → no context', () => {
  assert.deepEqual(new CookieExtractorEnrichment(['cookieKey1']).extract(['Content-Length: 348']), [])
})

test('CookieExtractorEnrichmentSpec e2: no cookie matches the configuration → no context', () => {
  assert.deepEqual(new CookieExtractorEnrichment(['cookieKey1']).extract(['Cookie: not-interesting-cookie=1234;']), [])
})

test('CookieExtractorEnrichmentSpec e3: contexts for the cookies found, in header then cookie order', () => {
  const actual = new CookieExtractorEnrichment(['ck1', '', 'ck3', 'ck4', 'ck5']).extract(['cookie: ck1;=cv2;ck3=', 'Cookie:ck4=cv4;ck5="cv5"'])
  assert.deepEqual(actual, [
    {schema: HTTP_COOKIE_SCHEMA, data: {name: 'ck1', value: null}},
    {schema: HTTP_COOKIE_SCHEMA, data: {name: '', value: 'cv2'}},
    {schema: HTTP_COOKIE_SCHEMA, data: {name: 'ck3', value: ''}},
    {schema: HTTP_COOKIE_SCHEMA, data: {name: 'ck4', value: 'cv4'}},
    {schema: HTTP_COOKIE_SCHEMA, data: {name: 'ck5', value: 'cv5'}},
  ])
})

test('cookie_extractor: parsing stops at the first comma, as HttpCore does', () => {
  assert.deepEqual(new CookieExtractorEnrichment(['a', 'b']).extract(['Cookie: a=1, b=2']), [{schema: HTTP_COOKIE_SCHEMA, data: {name: 'a', value: '1'}}])
})

test('cookie_extractor on an event: contexts land in derived_contexts', async () => {
  const out = await enrichWith(rawEvent({}, {headers: ['Host: shop.example', 'Cookie: sp=abc; _ga=GA1.2'], }), [new CookieExtractorEnrichment(['sp'])])
  assert.deepEqual(fields(out).derived_contexts, [{schema: HTTP_COOKIE_SCHEMA, data: {name: 'sp', value: 'abc'}}])
  assert.equal(out.failure, null)
})
