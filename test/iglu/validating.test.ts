import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {createIgluClient, parseResolverConfig, parseSchemaKey, type IgluClient, type ValidateResult} from '../../src/iglu/index.js'
import {runValidating, type Validating} from '../../src/iglu/validating.js'
import {serveStaticIglu} from '../helpers/static-iglu.js'
import {FAST_HTTP, httpRepo, resolverConfig} from './helpers.js'

for (const k of ['MICRO_IGLU_REGISTRY_URL', 'SP_IGLU_REGISTRY_URL']) delete process.env[k]

const LINK_CLICK = parseSchemaKey('iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1')
const WEB_PAGE = parseSchemaKey('iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0')
const MISSING = parseSchemaKey('iglu:com.acme/missing/jsonschema/1-0-0')

/** Three validations in a row; the step returns every answer it was given, in order. */
function* threeChecks(): Validating<ValidateResult[]> {
  const answers: ValidateResult[] = []
  answers.push(yield {key: LINK_CLICK, data: {targetUrl: 'https://example.com'}})
  answers.push(yield {key: WEB_PAGE, data: {id: 'not a uuid'}})
  answers.push(yield {key: MISSING, data: {}})
  return answers
}

async function client(t: {after: (fn: () => Promise<void>) => void}) {
  const server = await serveStaticIglu()
  t.after(() => server.close())
  return createIgluClient({config: parseResolverConfig(resolverConfig([httpRepo('Iglu Central', server.url)])), cacheDir: false, http: FAST_HTTP})
}

describe('runValidating: validation steps answered from the cache when possible', () => {
  it('cold cache: goes asynchronous and gives exactly what validate gives', async (t) => {
    const iglu = await client(t)
    const running = runValidating(threeChecks(), iglu)
    assert.ok(running instanceof Promise, 'schemas must be looked up first')
    const answers = await running
    assert.deepEqual(answers, [
      await iglu.validate(LINK_CLICK, {targetUrl: 'https://example.com'}),
      await iglu.validate(WEB_PAGE, {id: 'not a uuid'}),
      await iglu.validate(MISSING, {}),
    ])
    assert.equal(answers[0]!.ok, true)
    assert.equal(answers[1]!.ok, false)
    assert.equal(answers[2]!.ok, false)
  })

  it('warm cache: answers synchronously, the same answers', async (t) => {
    const iglu = await client(t)
    await iglu.validate(LINK_CLICK, {})
    await iglu.validate(WEB_PAGE, {})
    function* twoChecks(): Validating<ValidateResult[]> {
      return [yield {key: LINK_CLICK, data: {elementId: 5}}, yield {key: WEB_PAGE, data: {id: '5cea9899-10df-4ccf-bf66-8c36f4a4bba2'}}]
    }
    const answers = runValidating(twoChecks(), iglu)
    assert.ok(!(answers instanceof Promise), 'no promise when every schema is cached')
    assert.deepEqual(answers, [await iglu.validate(LINK_CLICK, {elementId: 5}), await iglu.validate(WEB_PAGE, {id: '5cea9899-10df-4ccf-bf66-8c36f4a4bba2'})])
  })

  it('switches to awaiting at the first schema it cannot answer, keeping the order', async (t) => {
    const iglu = await client(t)
    await iglu.validate(LINK_CLICK, {})
    const running = runValidating(threeChecks(), iglu)
    assert.ok(running instanceof Promise)
    const answers = await running
    assert.deepEqual(answers.map((a) => a.key), [LINK_CLICK, WEB_PAGE, MISSING])
  })

  it('a client with only the promise API: always asynchronous, same answers', async (t) => {
    const full = await client(t)
    const promisesOnly: IgluClient = {resolve: (k) => full.resolve(k), validate: (k, d) => full.validate(k, d), invalidate: (k) => full.invalidate(k)}
    await full.validate(LINK_CLICK, {})
    function* oneCheck(): Validating<ValidateResult> {
      return yield {key: LINK_CLICK, data: {targetUrl: 'x'}}
    }
    const running = runValidating(oneCheck(), promisesOnly)
    assert.ok(running instanceof Promise)
    assert.deepEqual(await running, {ok: true, key: LINK_CLICK})
  })

  it('a step with nothing to validate returns its value as is', async (t) => {
    const iglu = await client(t)
    function* noChecks(): Validating<string> {
      return 'done'
    }
    assert.equal(runValidating(noChecks(), iglu), 'done')
  })
})
