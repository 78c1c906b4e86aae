import {test} from 'node:test'
import assert from 'node:assert/strict'
import {createServer, type IncomingMessage} from 'node:http'
import type {AddressInfo} from 'node:net'
import {ApiRequestEnrichment} from '../../src/enrichments/api-request.js'
import {mkdir, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {tempDir} from '../helpers/temp-dir.js'
import type {IgluClient} from '../../src/iglu/types.js'
import {enrichWith, fields, offlineIglu, rawEvent, sharedIglu} from './helpers.js'
import {createEnrichmentState} from '../../src/enrichments/run.js'
import {createEnrichedEvent} from '../../src/event/enriched-event.js'
import {F} from '../../src/event/fields.js'
import {runValidating} from '../../src/iglu/validating.js'

const SCHEMA = 'iglu:com.snowplowanalytics.snowplow.enrichments/api_request_enrichment_config/jsonschema/1-0-2'
const SESSION = 'iglu:com.acme/session/jsonschema/1-0-0'

/** Our own schemas for the tracker's session entity and the API's user entity, in a local folder. */
async function iglu(t: {after: (fn: () => Promise<void>) => void}) {
  const dir = await tempDir(t)
  const schema = (name: string, properties: object) => ({
    $schema: 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#',
    self: {vendor: 'com.acme', name, format: 'jsonschema', version: '1-0-0'},
    type: 'object',
    properties,
    additionalProperties: false,
  })
  for (const [name, properties] of [['session', {userId: {type: 'string'}}], ['user', {name: {type: 'string'}, company: {type: 'string'}}]] as const) {
    await mkdir(path.join(dir, 'com.acme', name, 'jsonschema'), {recursive: true})
    await writeFile(path.join(dir, 'com.acme', name, 'jsonschema', '1-0-0'), JSON.stringify(schema(name, properties)))
  }
  return offlineIglu([dir])
}

interface Seen {
  method: string
  url: string
  body: string
  auth: string | undefined
}

/** A real HTTP API on loopback that answers `answer(request)` and records what it was asked. */
async function api(t: {after: (fn: () => Promise<void>) => void}, answer: (req: Seen) => [number, string]) {
  const seen: Seen[] = []
  const server = createServer(async (req: IncomingMessage, res) => {
    let body = ''
    for await (const chunk of req) body += chunk
    const r = {method: req.method!, url: req.url!, body, auth: req.headers.authorization}
    seen.push(r)
    const [status, text] = answer(r)
    res.writeHead(status, {'content-type': 'application/json'}).end(text)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return {url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen}
}

const config = (base: string, extra: {method?: string; uri?: string; ignoreOnError?: boolean; auth?: object; inputs?: object[]; jsonPath?: string; cacheSize?: number} = {}) =>
  ApiRequestEnrichment.fromConfig({
    file: 'api.json',
    schema: SCHEMA,
    vendor: '',
    name: 'api_request_enrichment_config',
    model: 1,
    revision: 0,
    addition: 2,
    data: {
      parameters: {
        inputs: extra.inputs ?? [
          {key: 'user', json: {field: 'contexts', schemaCriterion: 'iglu:com.acme/session/jsonschema/1-*-*', jsonPath: '$.userId'}},
          {key: 'client', pojo: {field: 'app_id'}},
        ],
        api: {http: {method: extra.method ?? 'GET', uri: extra.uri ?? `${base}/users/{{client}}/{{user}}?format=json`, timeout: 2000, authentication: extra.auth ?? {}}},
        outputs: [{schema: 'iglu:com.acme/user/jsonschema/1-0-0', json: {jsonPath: extra.jsonPath ?? '$.record'}}],
        cache: {size: extra.cacheSize ?? 10, ttl: 60},
        ignoreOnError: extra.ignoreOnError ?? false,
      },
    },
  })

const session = (userId: string) => JSON.stringify({schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0', data: [{schema: SESSION, data: {userId}}]})

let client: IgluClient
async function derivedOf(e: ApiRequestEnrichment, params: Record<string, string>) {
  const out = await enrichWith(rawEvent(params), [e], client)
  return {out, derived: fields(out).derived_contexts}
}

test('ApiRequestEnrichmentSpec e1: GET with a pojo and a JSONPath input; the output JSONPath becomes a context', async (t) => {
  const server = await api(t, () => [200, '{"record": {"name": "Fancy User", "company": "Acme"}}'])
  const e = config(server.url)
  client = await iglu(t)
  const {out, derived} = await derivedOf(e, {aid: 'lookup-test', co: session('some-fancy-user-session-id')})
  assert.deepEqual(server.seen.map((s) => [s.method, s.url]), [['GET', '/users/lookup-test/some-fancy-user-session-id?format=json']])
  assert.deepEqual(derived, [{schema: 'iglu:com.acme/user/jsonschema/1-0-0', data: {name: 'Fancy User', company: 'Acme'}}])
  assert.equal(out.failure, null, 'validated in phase 3 against com.acme/user')
})

test('ApiRequestEnrichmentSpec e2/e3: an input with neither or both of json and pojo is a config error', () => {
  assert.throws(() => config('http://x', {inputs: [{key: 'k'}]}), /none provided/)
  assert.throws(() => config('http://x', {inputs: [{key: 'k', pojo: {field: 'app_id'}, json: {field: 'contexts', schemaCriterion: 'iglu:a/b/jsonschema/1-*-*', jsonPath: '$.x'}}]}), /both provided/)
})

test('ApiRequestEnrichmentSpec e4: POST sends the inputs as a JSON body; basic authentication', async (t) => {
  client = await iglu(t)
  const server = await api(t, () => [200, '{"record": {"name": "Fancy User", "company": "Acme"}}'])
  const e = config(server.url, {method: 'POST', uri: `${server.url}/users?format=json`, auth: {httpBasic: {username: 'xxx', password: 'yyy'}}})
  await derivedOf(e, {aid: 'lookup test', co: session('u1')})
  assert.equal(server.seen[0]!.method, 'POST')
  assert.deepEqual(JSON.parse(server.seen[0]!.body), {user: 'u1', client: 'lookup test'})
  assert.equal(server.seen[0]!.auth, 'Basic ' + Buffer.from('xxx:yyy').toString('base64'))
})

test('ApiRequestEnrichmentSpec e5: an output with number fields (whole response, $)', async (t) => {
  const server = await api(t, () => [200, '{"latitude":32.234,"longitude":33.564}'])
  const e = ApiRequestEnrichment.fromConfig({
    file: 'api.json', schema: SCHEMA, vendor: '', name: 'api_request_enrichment_config', model: 1, revision: 0, addition: 2,
    data: {parameters: {inputs: [{key: 'client', pojo: {field: 'app_id'}}], api: {http: {method: 'GET', uri: `${server.url}/geo/{{client}}`, timeout: 2000, authentication: {}}}, outputs: [{schema: 'iglu:com.acme/geo/jsonschema/1-0-0', json: {jsonPath: '$'}}], cache: {size: 0, ttl: 1}}},
  })
  const ev = createEnrichedEvent()
  ev[F.app_id] = 'app'
  const s = createEnrichmentState(ev, rawEvent({}))
  await runValidating(e.run(s)!, sharedIglu())
  assert.deepEqual(s.derived, [{schema: 'iglu:com.acme/geo/jsonschema/1-0-0', data: {latitude: 32.234, longitude: 33.564}}])
  assert.ok(s.unchecked.has(s.derived[0]!), 'validated in phase 3')
})

test('ApiRequestEnrichmentSpec e6: an API error is an api-request enrichment failure', async (t) => {
  client = await iglu(t)
  const server = await api(t, () => [500, 'oops'])
  const {out} = await derivedOf(config(server.url), {aid: 'a', co: session('u')})
  assert.deepEqual(out.failure, {
    type: 'enrichment_failures',
    messages: [{enrichment: {schemaKey: SCHEMA, identifier: 'api-request'}, message: {error: 'Request failed with status 500'}}],
  })
})

test('ApiRequestEnrichmentSpec e7: with ignoreOnError an API error gives no context and no failure', async (t) => {
  client = await iglu(t)
  const server = await api(t, () => [500, 'oops'])
  const {out, derived} = await derivedOf(config(server.url, {ignoreOnError: true}), {aid: 'a', co: session('u')})
  assert.equal(out.failure, null)
  assert.equal(derived, null)
})

test('api_request: a missing input skips the call; nothing found by the output path is a failure; responses are cached', async (t) => {
  client = await iglu(t)
  const server = await api(t, () => [200, '{"other": 1}'])
  const e = config(server.url)
  const skipped = await derivedOf(e, {aid: 'a'})
  assert.deepEqual([server.seen.length, skipped.out.failure], [0, null])
  const missing = await derivedOf(e, {aid: 'a', co: session('u')})
  assert.deepEqual(missing.out.failure?.messages, [
    {enrichment: {schemaKey: SCHEMA, identifier: 'api-request'}, message: {error: 'API Request enrichment:Value not found Error: no values were found by JSON Path [$.record] in [{"other":1}]'}},
  ])
  await derivedOf(e, {aid: 'a', co: session('u')})
  assert.equal(server.seen.length, 1, 'the second event was answered from the cache')
})

test('api_request: an unreachable API fails the event with the connection error', async (t) => {
  client = await iglu(t)
  // a port that was just free: nothing listens there
  const closed = createServer()
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
  const port = (closed.address() as AddressInfo).port
  await new Promise<void>((resolve) => closed.close(() => resolve()))
  const e = config(`http://127.0.0.1:${port}`)
  const {out} = await derivedOf(e, {aid: 'a', co: session('u')})
  assert.equal(out.failure?.type, 'enrichment_failures')
  assert.match(JSON.stringify(out.failure), /ECONNREFUSED/)
})

test('HttpApiSpec e1: no URL while a placeholder has no value', async () => {
  const {buildUrl} = await import('../../src/enrichments/api-request.js')
  assert.equal(buildUrl('http://api.acme.com/{{user}}/{{ time}}/', new Map([['user', 'admin']])), null)
})

test('HttpApiSpec e2: the URL from the template context (spaces in braces, URL encoding, repeated keys)', async () => {
  const {buildUrl} = await import('../../src/enrichments/api-request.js')
  assert.equal(
    buildUrl('http://thishostdoesntexist31337:8123/{{  user }}/foo/{{ time}}/{{user}}', new Map([['user', 'admin'], ['time', 'November 2015']])),
    'http://thishostdoesntexist31337:8123/admin/foo/November+2015/admin',
  )
})

test('OutputSpec e1–e3: nothing found is a failure; a number; a value deep in arrays and objects', async () => {
  const {extractOutput} = await import('../../src/enrichments/api-request.js')
  const {compileJsonPath} = await import('../../src/enrichments/json-path.js')
  const out = (jsonPath: string) => ({jsonPath, path: compileJsonPath(jsonPath)})
  assert.ok(extractOutput(out('$.value'), {}) instanceof Error)
  assert.equal(extractOutput(out('$.value'), {value: 32}), 32)
  assert.equal(extractOutput(out('$.objects[1].deepNesting[3]'), {value: 32, objects: [{wrongValue: 11}, {deepNesting: [1, 2, 3, 42]}, {wrongValue: 10}]}), 42)
})

test('api_request: once a response is cached, enrich answers synchronously (no promise per event)', async (t) => {
  client = await iglu(t)
  const server = await api(t, () => [200, '{"record": {"name": "Fancy User", "company": "Acme"}}'])
  const e = config(server.url)
  const {enrichEvent} = await import('../../src/enrich/enrich-event.js')
  const raw = rawEvent({aid: 'a', co: session('u')})
  const first = enrichEvent(raw, {iglu: client, enrichments: [e]})
  assert.ok(first instanceof Promise, 'the first event waits for the API')
  await first
  const second = enrichEvent(raw, {iglu: client, enrichments: [e]})
  assert.ok(!(second instanceof Promise), 'the second is answered from the cache, synchronously')
  assert.deepEqual(fields(second!).derived_contexts, [{schema: 'iglu:com.acme/user/jsonschema/1-0-0', data: {name: 'Fancy User', company: 'Acme'}}])
})

/** The URL an api_request with these inputs calls for an event (null: skipped), or its failures. */
async function templateUrl(t: {after: (fn: () => Promise<void>) => void}, inputs: object[], uri: string, prepare: (ev: ReturnType<typeof createEnrichedEvent>) => void) {
  const server = await api(t, () => [200, '{"record": {}}'])
  const e = config(server.url, {inputs, uri: `${server.url}${uri}`, jsonPath: '$'})
  const ev = createEnrichedEvent()
  prepare(ev)
  const state = createEnrichmentState(ev, rawEvent({}))
  await runValidating(e.run(state)!, sharedIglu())
  return {url: server.seen[0]?.url ?? null, failures: state.failures.map((f) => (f.message as {error: string}).error)}
}

test('InputSpec e1: a template context from POJO inputs (timestamps as Enrich prints them)', async (t) => {
  const r = await templateUrl(t, [{key: 'user', pojo: {field: 'user_id'}}, {key: 'time', pojo: {field: 'true_tstamp'}}], '/{{user}}/{{time}}', (ev) => {
    ev[F.user_id] = 'chuwy'
    ev[F.true_tstamp] = 20
  })
  assert.deepEqual(r, {url: '/chuwy/1970-01-01+00%3A00%3A00.020', failures: []})
})

test('InputSpec e3: colliding inputs: the later one wins', async (t) => {
  const r = await templateUrl(
    t,
    [{key: 'latitude', pojo: {field: 'geo_latitude'}}, {key: 'latitude', json: {field: 'contexts', schemaCriterion: 'iglu:com.snowplowanalytics.snowplow/geolocation_context/jsonschema/1-1-*', jsonPath: '$.latitude'}}],
    '/{{latitude}}',
    (ev) => {
      ev[F.geo_latitude] = 42
      ev[F.contexts] = [{schema: 'iglu:com.snowplowanalytics.snowplow/geolocation_context/jsonschema/1-1-0', data: {latitude: 43.1, longitude: 32.1}}]
    },
  )
  assert.equal(r.url, '/43.1')
})

test('InputSpec e5/e7: a null POJO value skips the lookup, without failure', async (t) => {
  const r = await templateUrl(t, [{key: 'user', pojo: {field: 'user_id'}}, {key: 'time', pojo: {field: 'true_tstamp'}}], '/{{user}}/{{time}}', (ev) => {
    ev[F.user_id] = 'chuwy'
  })
  assert.deepEqual(r, {url: null, failures: []})
})

test('InputSpec e6: an unknown POJO property is a failure', async (t) => {
  const r = await templateUrl(t, [{key: 'someKey', pojo: {field: 'unknown_property'}}], '/{{someKey}}', () => {})
  assert.deepEqual(r.failures, ['Error accessing POJO input field [someKey]: [java.lang.NoSuchMethodException: unknown_property]'])
})

test('InputSpec e8: a modelless criterion (*-*-*) matches any version; JSON values stringify as Enrich does', async (t) => {
  const r = await templateUrl(
    t,
    [
      {key: 'permissive', json: {field: 'contexts', schemaCriterion: 'iglu:com.snowplowanalytics/some_schema/jsonschema/*-*-*', jsonPath: '$.somekey'}},
      {key: 'nullable', json: {field: 'contexts', schemaCriterion: 'iglu:com.snowplowanalytics/some_schema/jsonschema/*-*-*', jsonPath: '$.nothing'}},
      {key: 'list', json: {field: 'contexts', schemaCriterion: 'iglu:com.snowplowanalytics/some_schema/jsonschema/*-*-*', jsonPath: '$.list'}},
    ],
    '/{{permissive}}/{{nullable}}/{{list}}',
    (ev) => {
      ev[F.contexts] = [{schema: 'iglu:com.snowplowanalytics/some_schema/jsonschema/2-0-1', data: {somekey: 'somevalue', nothing: null, list: [1, 'a']}}]
    },
  )
  assert.equal(r.url, '/somevalue/null/1%2Ca')
})
