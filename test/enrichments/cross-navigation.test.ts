import {test} from 'node:test'
import assert from 'node:assert/strict'
import {CrossNavigationEnrichment, CROSS_NAVIGATION_CONTEXT} from '../../src/enrichments/cross-navigation.js'
import {parseCrossDomain} from '../../src/enrich/cross-domain.js'
import {formatTsvTimestamp} from '../../src/event/timestamps.js'
import {enrichWith, fields, rawEvent} from './helpers.js'

const SCHEMA = 'iglu:com.snowplowanalytics.snowplow.enrichments/cross_navigation_config/jsonschema/1-0-0'
const crossNav = () => CrossNavigationEnrichment.fromConfig({file: 'cn.json', schema: SCHEMA, vendor: '', name: 'cross_navigation_config', model: 1, revision: 0, addition: 0, data: {}})
/** Enrich's CrossDomainMap of `_sp` (timestamps as it prints them), or its failure message. */
const map = (sp: string) => {
  const r = parseCrossDomain(`_sp=${sp}`)
  if (!r.ok) return r.failure.message
  if (r.fields === null) return {}
  return {...r.fields, timestamp: r.fields.timestamp === null ? null : formatTsvTimestamp(r.fields.timestamp)}
}
const all = (v: Record<string, string | null>) => ({domain_user_id: null, timestamp: null, session_id: null, user_id: null, source_id: null, source_platform: null, reason: null, ...v})

const CASES: Array<[string, string, object]> = [
  ['original format', 'abc.1697398398279', all({domain_user_id: 'abc', timestamp: '2023-10-15 19:33:18.279'})],
  ['original format when missing timestamp', 'abc', all({domain_user_id: 'abc'})],
  ['original format when missing duid', '.1697398398279', all({timestamp: '2023-10-15 19:33:18.279'})],
  [
    'extended format',
    'abc.1697175843762.176ff68a-4769-4566-ad0e-3792c1c8148f.dGVzdGVy.c29tZVNvdXJjZUlk.web.dGVzdGluZ19yZWFzb24',
    {domain_user_id: 'abc', timestamp: '2023-10-13 05:44:03.762', session_id: '176ff68a-4769-4566-ad0e-3792c1c8148f', user_id: 'tester', source_id: 'someSourceId', source_platform: 'web', reason: 'testing_reason'},
  ],
  [
    'extended format when missing timestamp',
    'abc..176ff68a-4769-4566-ad0e-3792c1c8148f.dGVzdGVy.c29tZVNvdXJjZUlk.web.dGVzdGluZ19yZWFzb24',
    {domain_user_id: 'abc', timestamp: null, session_id: '176ff68a-4769-4566-ad0e-3792c1c8148f', user_id: 'tester', source_id: 'someSourceId', source_platform: 'web', reason: 'testing_reason'},
  ],
  [
    'extended format when missing duid',
    '..176ff68a-4769-4566-ad0e-3792c1c8148f.dGVzdGVy.c29tZVNvdXJjZUlk.web.dGVzdGluZ19yZWFzb24',
    {domain_user_id: null, timestamp: null, session_id: '176ff68a-4769-4566-ad0e-3792c1c8148f', user_id: 'tester', source_id: 'someSourceId', source_platform: 'web', reason: 'testing_reason'},
  ],
  ['variations of extended format 1', 'abc.1697175843762..dGVzdGVy..web', all({domain_user_id: 'abc', timestamp: '2023-10-13 05:44:03.762', user_id: 'tester', source_platform: 'web'})],
  ['variations of extended format 2', 'abc..176ff68a-4769-4566-ad0e-3792c1c8148f..', all({domain_user_id: 'abc', session_id: '176ff68a-4769-4566-ad0e-3792c1c8148f'})],
  ['variations of extended format 3', 'abc.1697175843762.....', all({domain_user_id: 'abc', timestamp: '2023-10-13 05:44:03.762'})],
  ['empty map on invalid format', 'abc.1697175843762.176ff68a-4769-4566-ad0e-3792c1c8148f.dGVzdGVy.c29tZVNvdXJjZUlk.web.dGVzdGluZ19yZWFzb24...foo..bar...', {}],
  ['failure on invalid timestamp', 'abc.not-timestamp.176ff68a-4769-4566-ad0e-3792c1c8148f.', {field: 'sp_dtm', value: 'not-timestamp', expectation: 'Not in the expected format: ms since epoch'}],
  [
    'failure on incompatible timestamp',
    'abc.1111111111111111.176ff68a-4769-4566-ad0e-3792c1c8148f.',
    {field: 'sp_dtm', value: '1111111111111111', expectation: 'Formatting as 37179-09-17 07:18:31.111 is not Redshift-compatible'},
  ],
]

for (const [name, sp, expected] of CASES) {
  test(`CrossNavigationEnrichmentSpec makeCrossDomainMap: ${name}`, () => {
    assert.deepEqual(map(sp), expected)
  })
}

async function context(sp: string) {
  const out = await enrichWith(rawEvent({url: `https://shop.example/?_sp=${sp}`}), [crossNav()])
  return {out, f: fields(out)}
}

test('CrossNavigationEnrichmentSpec getCrossNavigationContext: the context with all 7 keys (nulls kept), ISO timestamp, valid', async () => {
  const {out, f} = await context('abc.1697175843762.176ff68a-4769-4566-ad0e-3792c1c8148f.dGVzdGVy.c29tZVNvdXJjZUlk.web.dGVzdGluZ19yZWFzb24')
  assert.deepEqual(f.derived_contexts, [
    {
      schema: CROSS_NAVIGATION_CONTEXT,
      data: {session_id: '176ff68a-4769-4566-ad0e-3792c1c8148f', timestamp: '2023-10-13T05:44:03.762Z', reason: 'testing_reason', user_id: 'tester', source_id: 'someSourceId', domain_user_id: 'abc', source_platform: 'web'},
    },
  ])
  assert.equal(out.failure, null)
  assert.equal(f.refr_domain_userid, 'abc')
  assert.equal(f.refr_dvce_tstamp, Date.UTC(2023, 9, 13, 5, 44, 3, 762))
  // Enrich's key order (Scala 2.12 HashMap), as Micro prints it
  assert.deepEqual(Object.keys((f.derived_contexts as Array<{data: object}>)[0]!.data), ['session_id', 'timestamp', 'reason', 'user_id', 'source_id', 'domain_user_id', 'source_platform'])
})

test('CrossNavigationEnrichmentSpec getCrossNavigationContext: nothing without domain_user_id or timestamp; fraction .000 dropped', async () => {
  assert.equal((await context('abc')).f.derived_contexts, null)
  assert.equal((await context('.1697398398279')).f.derived_contexts, null)
  const whole = (await context('abc.1697398398000')).f.derived_contexts as Array<{data: {timestamp: string}}>
  assert.equal(whole[0]!.data.timestamp, '2023-10-15T19:33:18Z')
})

test('a bad _sp fails the event with the enrichment named (cross-navigation)', async () => {
  const {out} = await context('abc.not-timestamp')
  assert.deepEqual(out.failure, {
    type: 'enrichment_failures',
    messages: [{enrichment: {schemaKey: SCHEMA, identifier: 'cross-navigation'}, message: {field: 'sp_dtm', value: 'not-timestamp', expectation: 'Not in the expected format: ms since epoch'}}],
  })
})
