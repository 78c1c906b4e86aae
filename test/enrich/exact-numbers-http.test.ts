import {test} from 'node:test'
import assert from 'node:assert/strict'
import {startTestMicro} from '../micro/fixtures.js'
import {specIgluClient} from '../adapters/spec-iglu.js'

// Issue 14 item 8: Enrich (circe) keeps every number as written; a JavaScript double would print
// 9223372036854775809 as 9223372036854776000. Over HTTP, through the store and every API shape.
test('integers beyond 2^53 in unstruct_event and contexts come out exactly as sent', async (t) => {
  const micro = await startTestMicro(t, {igluClient: specIgluClient()})
  const ue = '{"schema":"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0","data":{"schema":"iglu:com.acme/big_numbers/jsonschema/1-0-0","data":{"n":9223372036854775809,"list":[-18446744073709551617,1.5,0.10000000000000000555]}}}'
  const co = '{"schema":"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0","data":[{"schema":"iglu:com.acme/big_numbers/jsonschema/1-0-0","data":{"n":12345678901234567890123}}]}'
  const res = await fetch(`${micro.url}/i?e=ue&p=web&tv=js-3&ue_pr=${encodeURIComponent(ue)}&co=${encodeURIComponent(co)}`)
  assert.equal(res.status, 200)
  const good = await (await fetch(`${micro.url}/micro/good`)).text()
  assert.match(good, /"n":9223372036854775809,"list":\[-18446744073709551617,1\.5,0\.10000000000000000555\]/)
  assert.match(good, /"n":12345678901234567890123/)
  const [row] = micro.store.db.prepare("SELECT tsv FROM events WHERE status = 'good'").all() as {tsv: string}[]
  assert.ok(row!.tsv.includes('{"n":9223372036854775809,"list":[-18446744073709551617,1.5,0.10000000000000000555]}'))
  assert.ok(row!.tsv.includes('{"n":12345678901234567890123}'))
})

// On purpose (docs/enrich.md): only integers beyond 2^53 pay for exact printing; a fraction or an
// exponent prints as JavaScript does, where Enrich would keep `1.0` and `1e2` as written.
test('numbers with a fraction or exponent print as JavaScript does (a documented difference)', async () => {
  const {parseJsonText} = await import('../../src/adapters/json-text.js')
  const {stringifyExact} = await import('../../src/event/exact-json.js')
  const parsed = parseJsonText('{"a":1.0,"b":1e2,"c":1.50}')
  assert.ok(parsed.ok)
  assert.equal(stringifyExact(parsed.exact), '{"a":1,"b":100,"c":1.5}')
})
