import {test} from 'node:test'
import assert from 'node:assert/strict'
import {parseIgluUri, schemaKeyUri} from '../../src/adapters/self-describing.js'
import {rawEventToMicroJson, type RawEvent} from '../../src/adapters/raw-event.js'
import {loadCollectorPayload} from '../../src/adapters/loader.js'
import {formatIsoMillis} from '../../src/event/timestamps.js'
import {payload} from './fixtures.js'

/** The definition the memoised parser must keep to (iglu-core's SchemaKey.fromUri: a version not shaped `n-n-n` is no Iglu URI at all). */
function parseDirectly(uri: string) {
  const m = /^iglu:([a-zA-Z0-9\-_.]+)\/([a-zA-Z0-9\-_]+)\/([a-zA-Z0-9\-_]+)\/([0-9]*-[0-9]*-[0-9]*)$/.exec(uri)
  if (!m) return 'INVALID_IGLUURI'
  const v = /^(0|[1-9][0-9]*)-(0|[1-9][0-9]*)-(0|[1-9][0-9]*)$/.exec(m[4]!)
  if (!v) return 'INVALID_SCHEMAVER'
  return {vendor: m[1], name: m[2], format: m[3], version: {model: Number(v[1]), revision: Number(v[2]), addition: Number(v[3])}}
}

test('Iglu URIs: parsed once, shared frozen keys, same answers past the memo sizes', () => {
  const uris = ['', 'iglu:', 'iglu:a/b/c/1-0-0', 'iglu:a/b/c/01-0-0', 'iglu:a/b/c/1-0', 'iglu:a b/c/d/1-0-0', 'iglu:com.acme/ü/jsonschema/1-0-0']
  for (let i = 0; i < 2500; i++) uris.push(`iglu:com.acme/event_${i % 1200}/jsonschema/${i % 3}-${i % 7}-0`)
  for (const round of [1, 2]) {
    for (const uri of uris) {
      // a fresh string each time, as JSON.parse gives
      const text = JSON.parse(JSON.stringify(uri)) as string
      const key = parseIgluUri(text)
      assert.deepEqual(key, parseDirectly(uri), `${uri} (round ${round})`)
      if (typeof key !== 'string') {
        assert.ok(Object.isFrozen(key) && Object.isFrozen(key.version), 'shared keys cannot be changed')
        assert.equal(schemaKeyUri(key), uri)
      }
    }
  }
  const a = parseIgluUri('iglu:com.acme/x/jsonschema/1-0-0')
  assert.equal(parseIgluUri(JSON.parse('"iglu:com.acme/x/jsonschema/1-0-0"')), a, 'the same key object for the same URI')
})

test('RawEvent JSON: payload parts made once per payload, right when payloads interleave', () => {
  const loaded = [
    payload({headers: ['Forwarded: for=10.0.0.9'], userAgent: 'ü "quoted"'}),
    payload({collector: 'other', timestamp: 0, hostname: undefined, refererUri: undefined, contentType: 'application/json'}),
    payload({path: '/r/tp2', networkUserId: undefined}),
  ].map((p) => {
    const r = loadCollectorPayload(p)
    assert.ok(r.ok)
    return r.payload
  })
  const raws: RawEvent[] = []
  for (let i = 0; i < 9; i++) {
    const lp = loaded[i % 3]!
    raws.push({api: lp.api, parameters: {e: 'pv', n: String(i), u: '\ud800'}, contentType: lp.contentType, source: lp.source, context: lp.context})
  }
  for (const raw of [...raws, ...raws.reverse()]) {
    const expected = JSON.stringify({
      api: raw.api,
      parameters: raw.parameters,
      contentType: raw.contentType,
      source: raw.source,
      context: {...raw.context, timestamp: formatIsoMillis(raw.context.timestamp)},
    })
    assert.equal(rawEventToMicroJson(raw), expected)
  }
})
