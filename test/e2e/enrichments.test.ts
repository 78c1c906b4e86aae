import {test} from 'node:test'
import assert from 'node:assert/strict'
import {mkdir, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {newTracker, buildPageView, buildStructEvent} from '@snowplow/node-tracker'
import {startMicro} from '../../src/micro/server.js'
import {defaultMicroOptions} from '../../src/micro/options.js'
import {tempDir} from '../helpers/temp-dir.js'
import {offlineIglu} from '../enrichments/helpers.js'
import {runSp, startMicroProcess} from './micro-process.js'

const SP = 'com.snowplowanalytics.snowplow'
const sdj = (schema: string, data: object) => JSON.stringify({schema, data}, null, 2)

/** A Micro-style enrichments folder, as a user would write it. */
async function enrichmentsFolder(t: Parameters<typeof tempDir>[0]): Promise<string> {
  // a Micro config folder's enrichments/ (so --config-dir finds it too)
  const dir = path.join(await tempDir(t, 'sp-enrichments-e2e-'), 'enrichments')
  await mkdir(path.join(dir, 'assets'), {recursive: true})
  await writeFile(
    path.join(dir, 'assets', 'referers.json'),
    JSON.stringify({search: {Google: {domains: ['google.com'], parameters: ['q']}}, social: {Facebook: {domains: ['facebook.com']}}}),
  )
  await writeFile(
    path.join(dir, 'campaign_attribution.json'),
    sdj(`iglu:${SP}/campaign_attribution/jsonschema/1-0-1`, {
      vendor: SP,
      name: 'campaign_attribution',
      enabled: true,
      parameters: {mapping: 'static', fields: {mktMedium: ['utm_medium'], mktSource: ['utm_source'], mktTerm: ['utm_term'], mktContent: ['utm_content'], mktCampaign: ['utm_campaign']}},
    }),
  )
  await writeFile(
    path.join(dir, 'referer_parser.json'),
    sdj(`iglu:${SP}/referer_parser/jsonschema/2-0-1`, {vendor: SP, name: 'referer_parser', enabled: true, parameters: {internalDomains: [], uri: 'file:assets', database: 'referers.json'}}),
  )
  await writeFile(path.join(dir, 'ua_parser_config.json'), sdj(`iglu:${SP}/ua_parser_config/jsonschema/1-0-1`, {vendor: SP, name: 'ua_parser_config', enabled: true}))
  await writeFile(path.join(dir, 'anon_ip.json'), sdj(`iglu:${SP}/anon_ip/jsonschema/1-0-1`, {vendor: SP, name: 'anon_ip', enabled: true, parameters: {anonOctets: 2, anonSegments: 2}}))
  await writeFile(
    path.join(dir, 'event_fingerprint.json'),
    sdj(`iglu:${SP}/event_fingerprint_config/jsonschema/1-0-1`, {vendor: SP, name: 'event_fingerprint_config', enabled: false, parameters: {excludeParameters: [], hashAlgorithm: 'MD5'}}),
  )
  // Micro's own test script: drop app_id "drop-all"; and one that fails for struct events
  await writeFile(
    path.join(dir, 'drop.js'),
    'function process(event) {\n  if (event.getApp_id() == "drop-all") {\n    event.drop()\n  }\n  return [{schema: "iglu:org.ietf/http_header/jsonschema/1-0-0", data: {name: "X-Script", value: event.getEvent_name()}}]\n}\n',
  )
  await writeFile(path.join(dir, 'fail.js'), 'function process(event) {\n  if (event.getEvent() === "struct") throw new Error("no struct events here")\n}\n')
  return dir
}

test('sp micro with an enrichments folder: a real tracker\'s events come out enriched as Enrich would, failures as failed events', async (t) => {
  const dir = await enrichmentsFolder(t)
  const lines: string[] = []
  const output: string[] = []
  const micro = await startMicro(
    defaultMicroOptions({port: 0, dbFile: ':memory:', igluClient: offlineIglu(), enrichmentsDir: dir, log: (l) => lines.push(l), output: {format: 'json', write: (chunk) => output.push(chunk)}}),
  )
  t.after(() => micro.close())
  assert.ok(
    lines.includes('Enabled enrichments: AnonIpEnrichment, CampaignAttributionEnrichment, JavascriptScriptEnrichment, RefererParserEnrichment, UaParserEnrichment'),
    lines.join('\n'),
  )

  const ua = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10) AppleWebKit/600.1.25 (KHTML, like Gecko) Version/8.0 Safari/600.1.25'
  const tracker = (appId: string) => {
    const tr = newTracker({namespace: 'e2e', appId, encodeBase64: true}, {endpoint: '127.0.0.1', port: micro.port, protocol: 'http', bufferSize: 1})
    tr.setUseragent(ua)
    tr.setIpAddress('94.15.213.171')
    return tr
  }
  const shop = tracker('shop')
  shop.track(buildPageView({pageUrl: 'https://shop.example/?utm_source=news&utm_medium=email&utm_campaign=spring+sale', referrer: 'https://www.google.com/search?q=red+shoes'}))
  shop.track(buildStructEvent({category: 'shop', action: 'add'}))
  await shop.flush()
  const dropper = tracker('drop-all')
  dropper.track(buildPageView({pageUrl: 'https://shop.example/'}))
  await dropper.flush()

  const all = (await (await fetch(`${micro.url}/micro/all`)).json()) as {total: number; good: number; bad: number}
  assert.deepEqual(all, {total: 2, good: 1, bad: 1}, 'the dropped event left nothing')

  const [good] = (await (await fetch(`${micro.url}/micro/good`)).json()) as Array<{event: Record<string, unknown>}>
  const e = good!.event
  assert.deepEqual(
    [e.mkt_source, e.mkt_medium, e.mkt_campaign, e.mkt_term, e.mkt_content, e.mkt_clickid, e.mkt_network],
    ['news', 'email', 'spring sale', null, null, null, null],
  )
  assert.deepEqual([e.refr_medium, e.refr_source, e.refr_term], ['search', 'Google', 'red shoes'])
  assert.equal(e.user_ipaddress, '94.15.x.x')
  assert.equal(e.event_fingerprint, null, 'the disabled config was skipped')
  const derived = (e.derived_contexts as {data: Array<{schema: string; data: Record<string, unknown>}>}).data
  // reverse run order: JS (21) before ua_parser (6)
  assert.deepEqual(derived.map((c) => c.schema), ['iglu:org.ietf/http_header/jsonschema/1-0-0', 'iglu:com.snowplowanalytics.snowplow/ua_parser_context/jsonschema/1-0-0'])
  assert.deepEqual(derived[0]!.data, {name: 'X-Script', value: 'page_view'})
  assert.equal(derived[1]!.data.useragentVersion, 'Safari 8.0')

  // -j: the analytics SDK's lossy JSON carries the enriched fields and the derived contexts
  const deadline = Date.now() + 5000
  while (output.join('').split('\n').length < 3 && Date.now() < deadline) await new Promise((r) => setImmediate(r))
  const lossy = output.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>)
  const pageView = lossy.find((l) => l.event_name === 'page_view')!
  assert.equal(pageView.mkt_campaign, 'spring sale')
  assert.equal(pageView.refr_medium, 'search')
  assert.equal((pageView.contexts_com_snowplowanalytics_snowplow_ua_parser_context_1 as Array<{useragentFamily: string}>)[0]!.useragentFamily, 'Safari')

  const [bad] = (await (await fetch(`${micro.url}/micro/bad`)).json()) as Array<{errors: string[]}>
  assert.equal(bad!.errors[0], 'Error while validating the event.')
  const row = JSON.parse(bad!.errors[1]!)
  assert.equal(row.schema, 'iglu:com.snowplowanalytics.snowplow.badrows/enrichment_failures/jsonschema/2-0-1')
  assert.deepEqual(row.data.failure.messages, [
    {
      enrichment: {schemaKey: 'iglu:com.snowplowanalytics.snowplow/javascript_script_config/jsonschema/1-0-0', identifier: 'Javascript enrichment'},
      message: {error: 'Error during execution of JavaScript function: [Error: no struct events here]'},
    },
  ])
})

test('sp enrichments check, and sp micro with a Micro config folder\'s enrichments/ or --enrichments, through the real CLI', async (t) => {
  const dir = await enrichmentsFolder(t)
  const ok = await runSp(['enrichments', 'check', dir, '--offline'])
  assert.equal(ok.code, 0, ok.stderr)
  assert.equal(ok.stdout.trim().split('\n').at(-1), 'Enabled enrichments: AnonIpEnrichment, CampaignAttributionEnrichment, JavascriptScriptEnrichment, RefererParserEnrichment, UaParserEnrichment')

  const micro = await startMicroProcess(t, ['--port', '0', '--db', ':memory:', '--config-dir', path.dirname(dir)])
  assert.match(micro.stderr(), /Enabled enrichments: AnonIpEnrichment, CampaignAttributionEnrichment, JavascriptScriptEnrichment, RefererParserEnrichment, UaParserEnrichment/)

  await writeFile(path.join(dir, 'anon_ip.json'), sdj(`iglu:${SP}/anon_ip/jsonschema/1-0-1`, {vendor: SP, name: 'anon_ip', enabled: true, parameters: {anonOctets: 7}}))
  await writeFile(path.join(dir, 'broken.js'), 'function process(event) {')
  const bad = await runSp(['enrichments', 'check', dir, '--offline'])
  assert.equal(bad.code, 1)
  assert.match(bad.stderr, /anon_ip\.json \(field \$?\.?parameters\.anonOctets\)/)
})

test('sp micro refuses to start on an invalid enrichments folder, naming the file (in process)', async (t) => {
  const dir = await enrichmentsFolder(t)
  await writeFile(path.join(dir, 'anon_ip.json'), sdj(`iglu:${SP}/anon_ip/jsonschema/1-0-1`, {vendor: SP, name: 'anon_ip', enabled: true, parameters: {anonOctets: 7}}))
  await assert.rejects(
    startMicro(defaultMicroOptions({port: 0, dbFile: ':memory:', igluClient: offlineIglu(), enrichmentsDir: dir})),
    (e: Error) => /anon_ip\.json \(field \$\.parameters\.anonOctets\)/.test(e.message),
  )
})
