import {test} from 'node:test'
import assert from 'node:assert/strict'
import {JavascriptScriptEnrichment} from '../../src/enrichments/javascript-script.js'
import type {EnrichmentState} from '../../src/enrichments/types.js'
import {createEnrichmentState} from '../../src/enrichments/run.js'
import {createEnrichedEvent, type SelfDescribing} from '../../src/event/enriched-event.js'
import {F, FIELD_INDEX} from '../../src/event/fields.js'
import {enrichEvent} from '../../src/enrich/enrich-event.js'
import {enrichWith, fields, NOW, rawEvent, sharedIglu} from './helpers.js'

const REF = {schemaKey: 'iglu:com.snowplowanalytics.snowplow/javascript_script_config/jsonschema/1-0-0', identifier: 'Javascript enrichment'}
const js = (script: string, params: Record<string, unknown> = {}, timeoutMs = 1000) => new JavascriptScriptEnrichment(script, params, REF, timeoutMs, () => {})

/** Enrich's `buildEnriched(appId)`: platform "server", app_id set. */
function state(appId = 'my super app', headers: string[] = []): EnrichmentState {
  const event = createEnrichedEvent()
  event[F.platform] = 'server'
  event[F.app_id] = appId
  return createEnrichmentState(event, rawEvent({}, {headers}))
}

function failure(s: EnrichmentState): string {
  assert.equal(s.failures.length, 1, 'one failure')
  assert.deepEqual(s.failures[0]!.enrichment, REF)
  return (s.failures[0]!.message as {error: string}).error
}

test('JavascriptScriptEnrichmentSpec e1_1: a script that does not compile fails each event with "Error compiling"', () => {
  const s = state()
  js('[').run(s)
  assert.match(failure(s), /^Error compiling JavaScript function: \[SyntaxError: /)
})

test('JavascriptScriptEnrichmentSpec e2: fails if the function does not return an array', () => {
  const s = state()
  js('function process(event) { return { foo: "bar" } }').run(s)
  assert.equal(failure(s), 'Output of JavaScript function [{\n  "foo" : "bar"\n}] could be parsed as JSON but is not read as an array')
})

test('JavascriptScriptEnrichmentSpec e3: fails if the function does not return an array of SDJs', () => {
  const s = state()
  js('function process(event) { return [ { foo: "bar" } ] }').run(s)
  assert.equal(failure(s), 'Resulting contexts are not self-desribing. Error(s): [error code:[INVALID_DATA_PAYLOAD],json:[{"foo":"bar"}]]')
})

test('JavascriptScriptEnrichmentSpec e4: can access the fields of the enriched event', () => {
  const s = state('greatApp')
  js('function process(event) { return [ { schema: "iglu:com.acme/foo/jsonschema/1-0-0", data: { appId: event.getApp_id() } } ]; }').run(s)
  assert.deepEqual(s.derived, [{schema: 'iglu:com.acme/foo/jsonschema/1-0-0', data: {appId: 'greatApp'}}])
})

test('JavascriptScriptEnrichmentSpec e5: can update the fields of the enriched event', () => {
  const s = state('greatApp')
  js('function process(event) { event.setApp_id("evenBetterApp"); return [ { schema: "iglu:com.acme/foo/jsonschema/1-0-0", data: { foo: "bar" } } ]; }').run(s)
  assert.equal(s.event[F.app_id], 'evenBetterApp')
})

test('JavascriptScriptEnrichmentSpec e6: can throw an exception → "Error during execution"', () => {
  const s = state()
  js('function process(event) { throw "Error" }').run(s)
  assert.equal(failure(s), 'Error during execution of JavaScript function: [Error]')
})

test('JavascriptScriptEnrichmentSpec e7: can return no new context', () => {
  const s = state()
  js('function process(event) { return [ ]; }').run(s)
  assert.deepEqual([s.failures, s.derived], [[], []])
})

test('JavascriptScriptEnrichmentSpec e8: can return 2 new contexts, in order', () => {
  const s = state()
  js(`function process(event) {
    return [ { schema: "iglu:com.acme/foo/jsonschema/1-0-0", data: { hello: "world" } },
             { schema: "iglu:com.acme/bar/jsonschema/1-0-0", data: { hello: "world" } } ];
  }`).run(s)
  assert.deepEqual(s.derived, [
    {schema: 'iglu:com.acme/foo/jsonschema/1-0-0', data: {hello: 'world'}},
    {schema: 'iglu:com.acme/bar/jsonschema/1-0-0', data: {hello: 'world'}},
  ])
})

test('JavascriptScriptEnrichmentSpec e9: can proceed without return statement', () => {
  const s = state()
  js('function process(event) { var a = 42 }').run(s)
  assert.deepEqual([s.failures, s.derived], [[], []])
})

test('JavascriptScriptEnrichmentSpec e10: can proceed with return null', () => {
  const s = state()
  js('function process(event) { return null }').run(s)
  assert.deepEqual([s.failures, s.derived], [[], []])
})

test('JavascriptScriptEnrichmentSpec e11: can update the fields without return statement', () => {
  const s = state('greatApp')
  js('function process(event) { event.setApp_id("evenBetterApp") }').run(s)
  assert.equal(s.event[F.app_id], 'evenBetterApp')
})

test('JavascriptScriptEnrichmentSpec e12: can use the passed parameters', () => {
  const s = state('greatApp')
  js('function process(event, params) { event.setApp_id(params.nested.foo) }', {foo: 'bar', nested: {foo: 'newId'}}).run(s)
  assert.equal(s.event[F.app_id], 'newId')
})

test('JavascriptScriptEnrichmentSpec e13: can use the headers', () => {
  const script = `function process(event, params, headers) {
    for (header of headers) { const jwt = header.match(/X-JWT:(.+)/i); if (jwt) { event.setApp_id(jwt[1].trim()) } }
  }`
  const none = state('greatApp')
  js(script).run(none)
  assert.equal(none.event[F.app_id], 'greatApp')
  const some = state('greatApp', ['x-jwt: newId'])
  js(script).run(some)
  assert.equal(some.event[F.app_id], 'newId')
})

test('JavascriptScriptEnrichmentSpec e14: drop() drops the event', () => {
  const s = state()
  js('function process(event) { event.drop() }').run(s)
  assert.equal(s.dropped, true)
  assert.deepEqual(s.failures, [])
})

test('JavascriptScriptEnrichmentSpec e15: eraseDerived_contexts() replaces the derived contexts with what the script returns', () => {
  const s = state()
  s.derived = [{schema: 'iglu:com.acme/earlier/jsonschema/1-0-0', data: {}}]
  js('function process(event) { event.eraseDerived_contexts() }').run(s)
  assert.deepEqual(s.derived, [])
})

const CLIENT_SESSION: SelfDescribing = {
  schema: 'iglu:com.snowplowanalytics.snowplow/client_session/jsonschema/1-0-1',
  data: {userId: 'some-fancy-user-session-id', sessionId: '42c8a55b-c0c2-4749-b9ac-09bb0d17d000', sessionIndex: 1, previousSessionId: null, storageMechanism: 'COOKIE_1'},
}

test('JavascriptScriptEnrichmentSpec e16: can manipulate unstruct_event', () => {
  const s = state()
  s.event[F.unstruct_event] = CLIENT_SESSION
  js(`function process(event) {
    const ue = JSON.parse(event.getUnstruct_event())
    ue.data.schema = "iglu:modifiedvendor/modifiedname/jsonschema/1-0-0"
    ue.data.data.userId = "some-modified-user-id"
    event.setUnstruct_event(JSON.stringify(ue))
    return []
  }`).run(s)
  const ue = s.event[F.unstruct_event] as SelfDescribing
  assert.equal(ue.schema, 'iglu:modifiedvendor/modifiedname/jsonschema/1-0-0')
  assert.equal((ue.data as {userId: string}).userId, 'some-modified-user-id')
  assert.equal(s.revalidate.unstruct, true, 'validated again in phase 3')
})

test('JavascriptScriptEnrichmentSpec e17: can manipulate contexts', () => {
  const s = state()
  s.event[F.contexts] = [CLIENT_SESSION]
  js(`function process(event) {
    const co = JSON.parse(event.getContexts())
    co.data[0].schema = "iglu:modifiedvendor/modifiedname/jsonschema/1-0-0"
    co.data[0].data.userId = "some-modified-user-id"
    event.setContexts(JSON.stringify(co))
    return []
  }`).run(s)
  const [c] = s.event[F.contexts] as SelfDescribing[]
  assert.equal(c!.schema, 'iglu:modifiedvendor/modifiedname/jsonschema/1-0-0')
  assert.equal((c!.data as {userId: string}).userId, 'some-modified-user-id')
  assert.equal(s.revalidate.contexts, true)
})

test('JavascriptScriptEnrichmentSpec e18: fails if unstruct_event is set to invalid json', () => {
  const s = state()
  js('function process(event) { const ue = {foo: "bar"}; event.setUnstruct_event(JSON.stringify(ue)); return [] }').run(s)
  assert.match(failure(s), /invalid unstruct_event json/)
})

test('JavascriptScriptEnrichmentSpec e19: fails if contexts is set to invalid json', () => {
  const s = state()
  js('function process(event) { const co = {foo: "bar"}; event.setContexts(JSON.stringify(co)); return [] }').run(s)
  assert.match(failure(s), /invalid contexts json/)
})

for (const [spec, script, cls] of [
  ['e21', 'var url = new java.net.URL("http://example.com");', 'java.net.URL'],
  ['e23', 'var URLClass = Java.type("java.net.URL"); var url = new URLClass("http://example.com");', 'java.net.URL'],
  ['e25', 'var hash = org.apache.commons.codec.digest.DigestUtils.md5Hex("test");', 'org.apache.commons.codec.digest.DigestUtils'],
] as const) {
  test(`JavascriptScriptEnrichmentSpec ${spec}: a Java class fails with java.lang.ClassNotFoundException naming it`, () => {
    const s = state()
    js(`function process(event) { ${script} return []; }`).run(s)
    const message = failure(s)
    assert.ok(message.includes('java.lang.ClassNotFoundException') && message.includes(cls), message)
  })
}

test('differs from Enrich on purpose (e20, e22, e24, e26–e29): no Java class is ever allowed, as there is no JVM', () => {
  const s = state()
  js('function process(event) { return [{schema: "iglu:com.test/url/jsonschema/1-0-0", data: {host: new java.net.URL("http://example.com").getHost()}}] }').run(s)
  assert.match(failure(s), /ClassNotFoundException: java\.net\.URL/)
})

test('a runaway script fails its event after the time limit, and the next event runs', () => {
  const e = js('function process(event) { if (event.getApp_id() === "loop") { while (true) {} } return [] }', {}, 50)
  const s = state('loop')
  const started = Date.now()
  e.run(s)
  assert.ok(Date.now() - started < 5000)
  assert.equal(failure(s), 'Error during execution of JavaScript function: [Script execution timed out after 50ms]')
  const next = state('fine')
  e.run(next)
  assert.deepEqual(next.failures, [])
})

test('typed accessors: timestamps as Enrich prints them, numbers as numbers, bean properties, setter calls before a throw persist', () => {
  const s = state()
  s.event[F.collector_tstamp] = Date.UTC(2013, 10, 26, 0, 2, 5)
  s.event[FIELD_INDEX.tr_total!] = '12.5'
  js(`function process(event) {
    event.setUser_id(event.getCollector_tstamp() + "|" + (event.getTr_total() * 2) + "|" + event.app_id + "|" + event.getTi_quantity())
    event.setDomain_sessionidx(3)
    throw new TypeError("boom")
  }`).run(s)
  assert.equal(s.event[F.user_id], '2013-11-26 00:02:05.000|25|my super app|null')
  assert.equal(s.event[F.domain_sessionidx], 3)
  assert.equal(failure(s), 'Error during execution of JavaScript function: [TypeError: boom]')
})

test('in the pipeline: returned contexts land first in derived_contexts and are validated (phase 3); a failure becomes a failed event', async () => {
  // org.ietf/http_header ships with sp, so the offline client can validate against it
  const ok = js('function process(event) { return [{schema: "iglu:org.ietf/http_header/jsonschema/1-0-0", data: {name: "X-From-Js", value: "1"}}] }')
  const good = await enrichWith(rawEvent({}), [ok])
  assert.equal(good.failure, null)
  assert.deepEqual(fields(good).derived_contexts, [{schema: 'iglu:org.ietf/http_header/jsonschema/1-0-0', data: {name: 'X-From-Js', value: '1'}}])

  const invalid = js('function process(event) { return [{schema: "iglu:org.ietf/http_header/jsonschema/1-0-0", data: {name: 1}}] }')
  const bad = await enrichWith(rawEvent({}), [invalid])
  assert.equal(bad.failure?.type, 'schema_violations')
  const derived = fields(bad).derived_contexts as SelfDescribing[]
  assert.equal(derived.length, 1, 'the invalid context is removed; only the failure entity remains')
  assert.equal((derived[0]!.data as {failureType: string}).failureType, 'ValidationError')
  assert.equal((derived[0]!.data as {errors: Array<{source: string}>}).errors[0]!.source, 'derived_contexts')

  const throws = await enrichWith(rawEvent({}), [js('function process(event) { throw new Error("nope") }')])
  assert.equal(throws.failure?.type, 'enrichment_failures')
  const entity = (fields(throws).derived_contexts as SelfDescribing[])[0]!.data as Record<string, unknown>
  assert.equal(entity.failureType, 'EnrichmentError: Javascript enrichment')
  assert.deepEqual(entity.errors, [{message: 'Error during execution of JavaScript function: [Error: nope]'}])
  assert.equal(entity.schema, REF.schemaKey)
})

test('in the pipeline: drop() leaves no output at all; later enrichments do not run', async () => {
  const dropped = await enrichEvent(rawEvent({aid: 'drop-all'}), {iglu: sharedIglu(), now: () => NOW, enrichments: [js('function process(event) { if (event.getApp_id() == "drop-all") { event.drop() } }')]})
  assert.equal(dropped, null)
})
