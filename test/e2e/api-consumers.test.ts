import {test, describe, before, after, beforeEach} from 'node:test'
import assert from 'node:assert/strict'
import {execFile} from 'node:child_process'
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {newTracker, buildPageView, buildSelfDescribingEvent, type Tracker} from '@snowplow/node-tracker'
import {startMicroUnderTest, type MicroUnderTest} from './api-micro-harness.js'

const LINK_CLICK = 'iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1'
const MOBILE = 'iglu:com.snowplowanalytics.snowplow/mobile_context/jsonschema/1-0-1'
const mobile = {schema: MOBILE, data: {osType: 'ios', osVersion: '17.0', deviceManufacturer: 'Apple', deviceModel: 'iPhone'}}

/** Swift's JSONDecoder for Pocket iOS's structs (SnowplowMicro.swift): every field required, typed. */
const swift = {
  int(v: unknown, at: string): number {
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`typeMismatch(Int) at ${at}`)
    return v
  },
  string(v: unknown, at: string): string {
    if (typeof v !== 'string') throw new TypeError(`${v === null || v === undefined ? 'valueNotFound' : 'typeMismatch'}(String) at ${at}`)
    return v
  },
  object(v: unknown, at: string): Record<string, unknown> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new TypeError(`typeMismatch(Dictionary) at ${at}`)
    return v as Record<string, unknown>
  },
  array(v: unknown, at: string): unknown[] {
    if (!Array.isArray(v)) throw new TypeError(`typeMismatch(Array) at ${at}`)
    return v
  },
}
function decodeSnowplowAllEvents(v: unknown) {
  const o = swift.object(v, '$')
  return {total: swift.int(o.total, 'total'), good: swift.int(o.good, 'good'), bad: swift.int(o.bad, 'bad')}
}
function decodeContext(v: unknown, at: string) {
  const o = swift.object(v, at)
  if (!('data' in o)) throw new TypeError(`keyNotFound(data) at ${at}`)
  return {schema: swift.string(o.schema, `${at}.schema`), data: o.data}
}
function decodeSnowplowMicroEvents(v: unknown) {
  return swift.array(v, '$').map((item, i) => {
    const o = swift.object(item, `[${i}]`)
    const event = swift.object(o.event, `[${i}].event`)
    const unstruct = swift.object(event.unstruct_event, `[${i}].event.unstruct_event`)
    const contexts = swift.object(event.contexts, `[${i}].event.contexts`)
    return {
      schema: swift.string(o.schema, `[${i}].schema`),
      contexts: swift.array(o.contexts, `[${i}].contexts`).map((c, j) => swift.string(c, `[${i}].contexts[${j}]`)),
      event: {
        unstruct_event: {schema: swift.string(unstruct.schema, 'unstruct_event.schema'), data: decodeContext(unstruct.data, 'unstruct_event.data')},
        contexts: {
          schema: swift.string(contexts.schema, 'contexts.schema'),
          data: swift.array(contexts.data, 'contexts.data').map((c, j) => decodeContext(c, `contexts.data[${j}]`)),
        },
      },
    }
  })
}

/** A subset deep-compare as snowplow-micro-examples' Cypress helpers and the JS tracker's isMatch do. */
function isMatch(actual: unknown, expected: unknown): boolean {
  if (typeof expected !== 'object' || expected === null) return actual === expected
  if (Array.isArray(expected)) return Array.isArray(actual) && expected.every((e) => actual.some((a) => isMatch(a, e)))
  if (typeof actual !== 'object' || actual === null) return false
  return Object.entries(expected).every(([k, v]) => isMatch((actual as Record<string, unknown>)[k], v))
}

function run(command: string, args: string[], env: Record<string, string>): Promise<{code: number; stdout: string}> {
  return new Promise((resolve) => {
    execFile(command, args, {env: {...process.env, ...env}}, (error, stdout) => {
      resolve({code: error ? ((error as {code?: number}).code ?? 1) : 0, stdout})
    })
  })
}

describe('consumers of the Micro API, as they really decode it', () => {
  let m: MicroUnderTest
  let tracker: Tracker
  before(async () => {
    m = await startMicroUnderTest()
    tracker = newTracker({namespace: 'ios', appId: 'pocket', encodeBase64: false}, {endpoint: '127.0.0.1', port: m.micro.port, protocol: 'http', eventMethod: 'post', bufferSize: 1})
  })
  after(() => m.close())
  beforeEach(async () => {
    await fetch(m.url + '/micro/reset', {method: 'POST'})
  })

  test('Pocket iOS: strict Codable decode of /micro/all and /micro/good', async () => {
    tracker.track(buildSelfDescribingEvent({event: {schema: LINK_CLICK, data: {targetUrl: 'https://getpocket.com/a'}}}), [mobile])
    tracker.track(buildSelfDescribingEvent({event: {schema: LINK_CLICK, data: {targetUrl: 'https://getpocket.com/b'}}}), [mobile])
    await tracker.flush()
    assert.deepEqual(decodeSnowplowAllEvents(await (await fetch(m.url + '/micro/all')).json()), {total: 2, good: 2, bad: 0})
    const events = decodeSnowplowMicroEvents(await (await fetch(m.url + '/micro/good')).json())
    assert.equal(events.length, 2)
    assert.equal(events[0]!.schema, LINK_CLICK)
    assert.deepEqual(events[0]!.contexts, [MOBILE])
    assert.deepEqual(events[0]!.event.unstruct_event.data, {schema: LINK_CLICK, data: {targetUrl: 'https://getpocket.com/b'}})
    assert.equal(events[0]!.event.contexts.data.find((c) => c.schema === MOBILE)?.schema, MOBILE)
  })

  test('Cypress / JS tracker / Metabase helpers: subset matching on the GoodEvent shape', async () => {
    tracker.track(buildPageView({pageUrl: 'https://shop.example/', pageTitle: 'Home'}))
    tracker.track(buildSelfDescribingEvent({event: {schema: LINK_CLICK, data: {targetUrl: 'https://shop.example/x', elementId: 'buy'}}}), [mobile])
    await tracker.flush()
    const bad = (await (await fetch(m.url + '/micro/bad')).json()) as unknown[]
    assert.equal(bad.length, 0)
    const good = (await (await fetch(m.url + '/micro/good')).json()) as Record<string, any>[]
    // snowplow-micro-examples: eventType "unstruct", unstruct_event.data.{schema,data}, contexts.data subset
    const click = good.find((e) =>
      isMatch(e, {
        eventType: 'unstruct',
        event: {unstruct_event: {data: {schema: LINK_CLICK, data: {elementId: 'buy'}}}, contexts: {data: [{schema: MOBILE, data: {osType: 'ios'}}]}},
      }),
    )
    assert.ok(click, 'link click found by the Cypress-style matcher')
    // Metabase deep-matches event.unstruct_event.data.data
    assert.deepEqual(click!.event.unstruct_event.data.data, {targetUrl: 'https://shop.example/x', elementId: 'buy'})
    // the JS tracker's integration tests: raw parameters and canonical fields
    const view = good.find((e) => isMatch(e, {event: {event: 'page_view', app_id: 'pocket', page_title: 'Home', platform: 'srv'}}))
    assert.ok(view, 'page view found')
    assert.ok(isMatch(view, {rawEvent: {parameters: {e: 'pv', aid: 'pocket'}}}))
    assert.equal(typeof click!.rawEvent.parameters.co, 'string')
    assert.equal(typeof click!.rawEvent.parameters.tv, 'string')
    // ordered by derived_tstamp, as the examples' helpers do
    const sorted = [...good].sort((a, b) => String(a.event.derived_tstamp).localeCompare(String(b.event.derived_tstamp)))
    assert.equal(sorted.length, 2)
  })

  test('cookpad Bitrise step: curl + jq over /micro/all, then dump /micro/bad', async (t) => {
    const jq = await run('jq', ['--version'], {})
    if (jq.code !== 0) {
      t.skip('jq is not installed')
      return
    }
    const deployDir = await mkdtemp(path.join(os.tmpdir(), 'sp-bitrise-'))
    t.after(() => rm(deployDir, {recursive: true, force: true}))
    const step = `set -e
result=$(curl --silent "$collector_url/micro/all")
total=$(jq -r '.total' <<< "$result")
good=$(jq -r '.good' <<< "$result")
bad=$(jq -r '.bad' <<< "$result")
echo "Parsed results (total: $total, good: $good, bad: $bad)"
if [[ $total -eq 0 ]]; then exit 1
elif [[ $bad -eq 0 ]]; then echo ok
else curl --silent "$collector_url/micro/bad" | jq '.' >> "$BITRISE_DEPLOY_DIR/snowplow_bad.json"; exit 1
fi`
    const env = {collector_url: m.url, BITRISE_DEPLOY_DIR: deployDir}
    assert.equal((await run('bash', ['-c', step], env)).code, 1, 'no events yet: the step fails')
    tracker.track(buildPageView({pageUrl: 'https://shop.example/'}))
    await tracker.flush()
    const passed = await run('bash', ['-c', step], env)
    assert.equal(passed.code, 0)
    assert.match(passed.stdout, /Parsed results \(total: 1, good: 1, bad: 0\)/)
    tracker.track(buildSelfDescribingEvent({event: {schema: LINK_CLICK, data: {foo: 'bar'}}}))
    await tracker.flush()
    const failed = await run('bash', ['-c', step], env)
    assert.equal(failed.code, 1)
    assert.match(failed.stdout, /total: 2, good: 1, bad: 1/)
    const dumped = JSON.parse(await readFile(path.join(deployDir, 'snowplow_bad.json'), 'utf8')) as {errors: string[]}[]
    assert.equal(dumped[0]!.errors[0], 'Error while validating the event.')
  })
})
