import {test} from 'node:test'
import assert from 'node:assert/strict'
import {EventFingerprintEnrichment} from '../../src/enrichments/event-fingerprint.js'
import {enrichWith, fields, rawEvent} from './helpers.js'

const configured = (hashAlgorithm: string, excludeParameters = ['stm', 'eid']) =>
  EventFingerprintEnrichment.fromConfig({file: 'f.json', schema: '', vendor: '', name: 'event_fingerprint_config', model: 1, revision: 0, addition: 1, data: {parameters: {hashAlgorithm, excludeParameters}}})
const standard = configured('MD5')

test('EventFingerprintEnrichmentSpec e1: fields combined into one string before hashing (length 15)', () => {
  const lengthOnly = new EventFingerprintEnrichment((s) => String(s.length), ['stm'])
  assert.equal(lengthOnly.fingerprint({stm: '1000000000000', e: 'se', se_ac: 'buy'}), '15')
  assert.equal(standard.fingerprint({stm: '1000000000000', e: 'se', se_ac: 'buy'}), '6829c2021516783f1ef03a9e9736ac77')
})

test('EventFingerprintEnrichmentSpec e2: independent of the order of fields', () => {
  assert.equal(
    standard.fingerprint({se_ca: 'category', se_ac: 'action', se_pr: 'property', e: 'se'}),
    standard.fingerprint({e: 'se', se_ac: 'action', se_ca: 'category', se_pr: 'property'}),
  )
})

test('EventFingerprintEnrichmentSpec e3: independent of the excluded fields', () => {
  assert.equal(
    standard.fingerprint({stm: '9999999999999', e: 'se', se_ac: 'buy'}),
    standard.fingerprint({stm: '1000000000000', eid: '123e4567-e89b-12d3-a456-426655440000', e: 'se', se_ac: 'buy'}),
  )
})

test('EventFingerprintEnrichmentSpec e4: overlapping keys and values do not collide (the unit separator)', () => {
  assert.notEqual(standard.fingerprint({prefix: 'suffix'}), standard.fingerprint({prefixs: 'uffix'}))
})

for (const [spec, algorithm, length] of [
  ['e5', 'SHA1', 40],
  ['e6', 'SHA256', 64],
  ['e7', 'SHA384', 96],
  ['e8', 'SHA512', 128],
] as const) {
  test(`EventFingerprintEnrichmentSpec ${spec}: ${algorithm} gives ${length} hex characters`, () => {
    assert.equal(configured(algorithm).fingerprint({e: 'se', se_ac: 'action'}).length, length)
  })
}

test('event_fingerprint on an event: the raw parameters, excluded ones left out', async () => {
  const out = await enrichWith(rawEvent({e: 'se', se_ac: 'buy', stm: '1'}, {}), [new EventFingerprintEnrichment((s) => s, ['stm', 'p', 'tv'])])
  assert.equal(fields(out).event_fingerprint, 'e\u001fse\u001fse_ac\u001fbuy\u001f')
})
