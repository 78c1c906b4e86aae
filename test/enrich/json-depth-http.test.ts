import {test} from 'node:test'
import assert from 'node:assert/strict'
import {startTestMicro, storedEvents, storedPayloads} from '../micro/fixtures.js'

// Issue 13 item 4: JSON nested thousands of levels deep used to be acknowledged (200, payload stored)
// and yield no event at all. Every acknowledged payload must give at least one event or bad row;
// Enrich's JSON depth limit (50) gives the failure.
const DEPTH = 4100
const deepArray = '['.repeat(DEPTH) + '1' + ']'.repeat(DEPTH)
const deepObject = '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH)
// brackets may stay raw in a querystring (java.net.URI allows them): the request line stays short
const sdj = (schema: string, data: string) => encodeURIComponent(`{"schema":"iglu:com.snowplowanalytics.snowplow/${schema}/jsonschema/1-0-0","data":`) + data + '%7D'

test('JSON nested 4,100 levels deep: every acknowledged payload yields an event or a bad row (issue 13 item 4)', async (t) => {
  const micro = await startTestMicro(t, {collector: {redirects: {enabled: true, domains: []}}})
  const requests: [string, RequestInit][] = [
    ['/com.snowplowanalytics.snowplow/tp2', {method: 'POST', headers: {'content-type': 'application/json'}, body: deepArray}],
    [
      '/com.snowplowanalytics.snowplow/tp2',
      {method: 'POST', headers: {'content-type': 'application/json'}, body: `{"schema":"iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4","data":${deepArray}}`},
    ],
    [`/i?e=pv&p=web&tv=js-3&co=${sdj('contexts', deepArray)}`, {}],
    [`/i?e=ue&p=web&tv=js-3&ue_pr=${sdj('unstruct_event', deepArray)}`, {}],
    [`/com.snowplowanalytics.iglu/v1?schema=iglu:com.acme/x/jsonschema/1-0-0`, {method: 'POST', headers: {'content-type': 'application/json'}, body: deepObject}],
    [`/r/tp2?u=https://a.com/&e=pv&co=${sdj('contexts', deepArray)}`, {}],
  ]
  for (const [path, init] of requests) {
    const res = await fetch(micro.url + path, {...init, redirect: 'manual'})
    assert.ok(res.status === 200 || res.status === 302, `${path.slice(0, 60)}: ${res.status}`)
  }
  const payloads = storedPayloads(micro.store.db)
  const events = storedEvents(micro.store.db)
  assert.equal(payloads.length, requests.length)
  for (const p of payloads) {
    const mine = events.filter((e) => e.payload_id === p.id)
    assert.ok(mine.length >= 1, `payload ${p.path}?${(p.payload.querystring ?? '').slice(0, 30)} yielded no event`)
    assert.ok(mine.every((e) => e.status !== 'good'), `payload ${p.path} should fail`)
    assert.match(mine.map((e) => e.bad_row ?? '').join(), /maximum allowed JSON depth exceeded/)
  }
})
