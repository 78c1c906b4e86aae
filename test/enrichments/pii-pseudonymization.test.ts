import {test} from 'node:test'
import assert from 'node:assert/strict'
import {createHash} from 'node:crypto'
import {PiiPseudonymizationEnrichment, PII_POJO_FIELDS} from '../../src/enrichments/pii-pseudonymization.js'
import type {EnrichmentState} from '../../src/enrichments/types.js'
import {createEnrichmentState} from '../../src/enrichments/run.js'
import {createEnrichedEvent, fieldIndex, type SelfDescribing} from '../../src/event/enriched-event.js'
import {F} from '../../src/event/fields.js'
import {ENRICHMENT_ERROR_CODES} from '../../src/enrichments/errors.js'
import {rawEvent} from './helpers.js'

const SCHEMA = 'iglu:com.snowplowanalytics.snowplow.enrichments/pii_enrichment_config/jsonschema/2-0-1'
const pii = (items: object[], extra: Record<string, unknown> = {}, hashFunction = 'SHA-256') =>
  PiiPseudonymizationEnrichment.fromConfig({
    file: 'pii.json',
    schema: SCHEMA,
    vendor: '',
    name: 'pii_enrichment_config',
    model: 2,
    revision: 0,
    addition: 1,
    data: {emitEvent: false, ...extra, parameters: {pii: items, strategy: {pseudonymize: {hashFunction, salt: 'pepper123'}}}},
  })
const pojo = (field: string) => ({pojo: {field}})
const json = (field: string, schemaCriterion: string, jsonPath: string) => ({json: {field, schemaCriterion, jsonPath}})

// The inputs of Enrich's PiiPseudonymizerEnrichmentSpec.commonSetup
const CONTEXTS = (): SelfDescribing[] => [
  {schema: 'iglu:com.acme/email_sent/jsonschema/1-0-0', data: {emailAddress: 'jim@acme.com', emailAddress2: 'bob@acme.com'}},
  {
    schema: 'iglu:com.acme/email_sent/jsonschema/1-1-0',
    data: {emailAddress: 'tim@acme.com', emailAddress2: 'tom@acme.com', schema: 'iglu:com.acme/email_sent/jsonschema/1-0-0', data: {emailAddress: 'jim@acme.com', emailAddress2: 'bob@acme.com'}, someInt: 1},
  },
  {schema: 'iglu:com.test/array/jsonschema/1-0-0', data: {field: ['hello', 'world'], field2: null, field3: null, field4: ''}},
]
const UNSTRUCT = (): SelfDescribing => ({schema: 'iglu:com.mailgun/message_clicked/jsonschema/1-0-0', data: {recipient: 'alice@example.com', ip: '50.56.129.169', myVar2: 'awesome'}})
const INPUT: Record<string, string> = {
  user_id: 'john@acme.com',
  user_ipaddress: '70.46.123.145',
  user_fingerprint: 'its_you_again!',
  domain_userid: '786d1b69-a603-4eb8-9178-fed2a195a1ed',
  network_userid: 'kuykyfkfykukfuy',
  tr_orderid: 't5465463',
  ti_orderid: '6546b56356b354bbv',
  mkt_term: 'hello',
  mkt_content: 'world',
  mkt_clickid: '500',
  se_category: 'super category',
  se_action: 'great action',
  se_label: 'awesome label',
  se_property: 'good property',
  refr_domain_userid: 'duid',
  domain_sessionid: '87857856-a603-4eb8-9178-fed2a195a1ed',
}

function state(headers: string[] = []): EnrichmentState {
  const event = createEnrichedEvent()
  for (const [k, v] of Object.entries(INPUT)) event[fieldIndex(k)] = v
  event[F.contexts] = CONTEXTS()
  event[F.unstruct_event] = UNSTRUCT()
  const derived = [{schema: 'iglu:com.acme/email_sent/jsonschema/1-0-0', data: {emailAddress: 'jim@acme.com', emailAddress2: 'bob@acme.com'}}]
  const s = createEnrichmentState(event, rawEvent({}, {headers}))
  s.derived = derived
  return s
}
const data = (s: EnrichmentState, i: number) => (s.event[F.contexts] as SelfDescribing[])[i]!.data as Record<string, unknown>

test('PiiPseudonymizerEnrichmentSpec e1: the configured scalar fields are hashed (SHA-256 of value + salt)', () => {
  const s = state()
  pii(PII_POJO_FIELDS.map(pojo)).run(s)
  const expected: Record<string, string> = {
    user_id: '7d8a4beae5bc9d314600667d2f410918f9af265017a6ade99f60a9c8f3aac6e9',
    user_ipaddress: 'dd9720903c89ae891ed5c74bb7a9f2f90f6487927ac99afe73b096ad0287f3f5',
    user_fingerprint: '27abac60dff12792c6088b8d00ce7f25c86b396b8c3740480cd18e21068ecff4',
    domain_userid: 'e97d86d49b16397e8fd654b32a0ed03cfe3a4d8d867d913620ce08e3ca855d6d',
    network_userid: '47453d3c4428207d22005463bb3d945b137f9342d445b7114776e88311bbe648',
    tr_orderid: '5139219b15f3d1ab0c5056296cf5246eeb0b934ee5d1c96cb2027e694005bbce',
    ti_orderid: '326c0bfc5857f21695406ebd93068341c9f2d975cf00d117479e01e9012e196c',
    mkt_term: 'b62f3a2475ac957009088f9b8ab77ceb7b4ed7c5a6fd920daa204a1953334acb',
    mkt_clickid: 'fae3733fa03cdf57d82e89ac63026afd8782d07ba3c918acb415a4343457785f',
    mkt_content: '8ad32723b7435cbf535025e519cc94dbf1568e17ced2aeb4b9e7941f6346d7d0',
    se_category: 'f33daec1ed4cb688f4f1762390735fd78f6a06083f855422a7303ed63707c962',
    se_action: '53f3e1ca4a0dccce4a1b2900a6bcfd21b22a0f444253067e2fe022948a0b3be7',
    se_label: 'b243defc0d3b86333a104fb2b3a2f43371b8d73359c429b9177dfc5bb3840efd',
    se_property: 'eb19004c52cd4557aacfa0b30035160c417c3a6a5fad44b96f03c9e2bebaf0b3',
    refr_domain_userid: 'f3e68fd96eaef0cafc1257ec7132b4b3dbae20b1073155531f909999e5da9b2c',
    domain_sessionid: '7378a72b0183f456df98453b2ff9ed5685206a67f312edb099dc74aed76e1b34',
  }
  for (const [field, hash] of Object.entries(expected)) assert.equal(s.event[fieldIndex(field)], hash, field)
  assert.equal(s.event[fieldIndex('ip_domain')], null, 'a null field stays null')
})

test('PiiPseudonymizerEnrichmentSpec e2: JSON fields hashed in the simplest case, nothing else touched', () => {
  const s = state()
  pii([
    json('unstruct_event', 'iglu:com.mailgun/message_clicked/jsonschema/1-0-0', '$.ip'),
    json('contexts', 'iglu:com.acme/email_sent/jsonschema/1-0-*', '$.emailAddress'),
    json('contexts', 'iglu:com.acme/email_sent/jsonschema/1-1-0', '$.data.emailAddress2'),
    json('contexts', 'iglu:com.test/array/jsonschema/1-0-0', '$.field'),
    json('contexts', 'iglu:com.test/array/jsonschema/1-0-0', '$.field2'),
    json('contexts', 'iglu:com.test/array/jsonschema/1-0-0', '$.field3.a'),
    json('contexts', 'iglu:com.test/array/jsonschema/1-0-0', '$.field4'),
    json('derived_contexts', 'iglu:com.acme/email_sent/jsonschema/1-0-*', '$.emailAddress'),
  ]).run(s)
  assert.deepEqual(data(s, 0), {emailAddress: '72f323d5359eabefc69836369e4cabc6257c43ab6419b05dfb2211d0e44284c6', emailAddress2: 'bob@acme.com'})
  const second = data(s, 1)
  assert.deepEqual([second.emailAddress, second.emailAddress2, second.schema], ['tim@acme.com', 'tom@acme.com', 'iglu:com.acme/email_sent/jsonschema/1-0-0'])
  assert.deepEqual(second.data, {emailAddress: 'jim@acme.com', emailAddress2: '1c6660411341411d5431669699149283d10e070224be4339d52bbc4b007e78c5'})
  const ue = (s.event[F.unstruct_event] as SelfDescribing).data as Record<string, unknown>
  assert.deepEqual([ue.ip, ue.myVar2], ['269c433d0cc00395e3bc5fe7f06c5ad822096a38bec2d8a005367b52c0dfb428', 'awesome'])
  const third = data(s, 2)
  // each string of a matched array is hashed ("world" + salt is the spec's mkt_content hash)
  assert.deepEqual(third.field, [createHash('sha256').update('hellopepper123').digest('hex'), '8ad32723b7435cbf535025e519cc94dbf1568e17ced2aeb4b9e7941f6346d7d0'])
  assert.equal(third.field2, null)
  assert.equal(third.field3, null)
  assert.equal(third.field4, '7a3477dad66e666bd203b834c54b6dfe8b546bdbc5283462ad14052abfb06600')
  assert.deepEqual((s.derived[0]!.data as Record<string, unknown>).emailAddress, '72f323d5359eabefc69836369e4cabc6257c43ab6419b05dfb2211d0e44284c6')
  assert.deepEqual((s.derived[0]!.data as Record<string, unknown>).emailAddress2, 'bob@acme.com')
})

test('PiiPseudonymizerEnrichmentSpec e3: a path to a field that is not there changes nothing', () => {
  const s = state()
  pii([json('contexts', 'iglu:com.acme/email_sent/jsonschema/1-*-*', '$.field.that.does.not.exist.in.this.instance')]).run(s)
  assert.deepEqual(data(s, 0), {emailAddress: 'jim@acme.com', emailAddress2: 'bob@acme.com'})
  assert.deepEqual([data(s, 1).emailAddress, data(s, 1).emailAddress2], ['tim@acme.com', 'tom@acme.com'])
})

test('PiiPseudonymizerEnrichmentSpec e4: several fields matched through one JSONPath (Jayway $.[\'a\', \'b\'])', () => {
  const s = state()
  pii([json('contexts', 'iglu:com.acme/email_sent/jsonschema/1-0-*', "$.['emailAddress', 'emailAddress2', 'emailAddressNonExistent']")]).run(s)
  assert.deepEqual(data(s, 0), {
    emailAddress: '72f323d5359eabefc69836369e4cabc6257c43ab6419b05dfb2211d0e44284c6',
    emailAddress2: '1c6660411341411d5431669699149283d10e070224be4339d52bbc4b007e78c5',
  })
  assert.deepEqual([data(s, 1).emailAddress, data(s, 1).emailAddress2], ['tim@acme.com', 'tom@acme.com'])
})

test('PiiPseudonymizerEnrichmentSpec e5: several entities matched through the schema criterion', () => {
  const s = state()
  pii([json('contexts', 'iglu:com.acme/email_sent/jsonschema/1-*-*', '$.emailAddress')]).run(s)
  assert.equal(data(s, 0).emailAddress, '72f323d5359eabefc69836369e4cabc6257c43ab6419b05dfb2211d0e44284c6')
  assert.equal(data(s, 0).emailAddress2, 'bob@acme.com')
  assert.equal(data(s, 1).emailAddress, '09e4160b10703767dcb28d834c1905a182af0f828d6d3512dd07d466c283c840')
  assert.equal(data(s, 1).emailAddress2, 'tom@acme.com')
})

test('PiiPseudonymizerEnrichmentSpec e6: unsupported types (a number) are silently left alone', () => {
  const s = state()
  pii([json('contexts', 'iglu:com.acme/email_sent/jsonschema/1-*-*', '$.someInt')]).run(s)
  assert.equal(data(s, 1).someInt, 1)
  assert.deepEqual(data(s, 0), {emailAddress: 'jim@acme.com', emailAddress2: 'bob@acme.com'})
})

test('PiiPseudonymizerEnrichmentSpec e8: no new field is created for a name the path lists but the entity lacks', () => {
  const s = state()
  pii([json('contexts', 'iglu:com.acme/email_sent/jsonschema/1-0-0', "$.['emailAddress', 'nonExistentEmailAddress']")]).run(s)
  assert.deepEqual(data(s, 0), {emailAddress: '72f323d5359eabefc69836369e4cabc6257c43ab6419b05dfb2211d0e44284c6', emailAddress2: 'bob@acme.com'})
})

test('AnonymousOnlySpec: with anonymousOnly, only events with an SP-Anonymous header are pseudonymized', () => {
  const e = pii([pojo('user_id')], {anonymousOnly: true})
  const named = state(['Host: x'])
  e.run(named)
  assert.equal(named.event[F.user_id], 'john@acme.com')
  const anonymous = state(['SP-Anonymous: *'])
  e.run(anonymous)
  assert.equal(anonymous.event[F.user_id], '7d8a4beae5bc9d314600667d2f410918f9af265017a6ade99f60a9c8f3aac6e9')
})

test('MD2, which Node lacks, is a startup error naming the file and the field, never a silent skip', () => {
  assert.throws(
    () => pii([pojo('user_id')], {}, 'MD2'),
    (e: {code: string; message: string}) => e.code === ENRICHMENT_ERROR_CODES.invalidConfig && /pii\.json \(field parameters\.strategy\.pseudonymize\.hashFunction\): the hash function MD2 is not available/.test(e.message),
  )
  for (const [name, algorithm] of [['MD5', 'md5'], ['SHA-1', 'sha1'], ['SHA-384', 'sha384'], ['SHA-512', 'sha512']] as const) {
    const s = state()
    pii([pojo('user_id')], {}, name).run(s)
    assert.equal(s.event[F.user_id], createHash(algorithm).update('john@acme.compepper123').digest('hex'))
  }
})

test('entities shared with other code (cached contexts) are copied, never changed in place', () => {
  const s = state()
  const shared = s.derived[0]!
  pii([json('derived_contexts', 'iglu:com.acme/email_sent/jsonschema/1-*-*', '$.emailAddress')]).run(s)
  assert.equal((shared.data as Record<string, string>).emailAddress, 'jim@acme.com')
  assert.notEqual(s.derived[0], shared)
})
