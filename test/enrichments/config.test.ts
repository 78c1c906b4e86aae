import {test} from 'node:test'
import assert from 'node:assert/strict'
import {writeFile, mkdir} from 'node:fs/promises'
import path from 'node:path'
import {tempDir} from '../helpers/temp-dir.js'
import {enabledEnrichmentsLine, loadEnrichments} from '../../src/enrichments/registry.js'
import {ENRICHMENT_ERROR_CODES} from '../../src/enrichments/errors.js'
import {sharedIglu} from './helpers.js'

const SP = 'com.snowplowanalytics.snowplow'
const sdj = (schema: string, data: object) => JSON.stringify({schema, data})
const anonIp = (enabled: boolean, parameters: object = {anonOctets: 1}) =>
  sdj(`iglu:${SP}/anon_ip/jsonschema/1-0-1`, {vendor: SP, name: 'anon_ip', enabled, parameters})
const campaign = sdj(`iglu:${SP}/campaign_attribution/jsonschema/1-0-1`, {
  vendor: SP,
  name: 'campaign_attribution',
  enabled: true,
  parameters: {mapping: 'static', fields: {mktMedium: ['utm_medium'], mktSource: ['utm_source'], mktTerm: ['utm_term'], mktContent: ['utm_content'], mktCampaign: ['utm_campaign']}},
})

async function folder(t: Parameters<typeof tempDir>[0], files: Record<string, string>): Promise<string> {
  const dir = await tempDir(t, 'sp-enrichments-')
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), {recursive: true})
    await writeFile(path.join(dir, name), text)
  }
  return dir
}

async function loadError(dir: string): Promise<{code: string; message: string}> {
  try {
    await loadEnrichments(dir, {iglu: sharedIglu()})
  } catch (e) {
    return e as {code: string; message: string}
  }
  throw new Error('expected an error')
}

test('a folder of configs: enabled ones built in run order, disabled ones skipped, Micro\'s startup line', async (t) => {
  const dir = await folder(t, {'anon_ip.json': anonIp(true), 'campaign.json': campaign, 'off.json': anonIp(false), 'README.md': '# not a config'})
  const setup = await loadEnrichments(dir, {iglu: sharedIglu()})
  assert.deepEqual(setup.enrichments.map((e) => e.className), ['CampaignAttributionEnrichment', 'AnonIpEnrichment'])
  assert.deepEqual(setup.disabled, [path.join(dir, 'off.json')])
  assert.equal(enabledEnrichmentsLine(setup.enrichments), 'Enabled enrichments: AnonIpEnrichment, CampaignAttributionEnrichment')
  assert.equal(enabledEnrichmentsLine([]), 'No enrichments enabled')
})

test('a config invalid against its Iglu schema: the error names the file and the field', async (t) => {
  const dir = await folder(t, {'anon_ip.json': anonIp(true, {anonOctets: 9})})
  const error = await loadError(dir)
  assert.equal(error.code, ENRICHMENT_ERROR_CODES.invalidConfig)
  assert.match(error.message, /anon_ip\.json/)
  assert.match(error.message, /parameters\.anonOctets/)
})

test('not JSON, not self-describing, unknown schema: each a clear error naming the file', async (t) => {
  assert.match((await loadError(await folder(t, {'x.json': '{nope'}))).message, /x\.json: not valid JSON/)
  assert.match((await loadError(await folder(t, {'y.json': '{"vendor":"a"}'}))).message, /y\.json \(field schema\): not a self-describing JSON/)
  assert.match((await loadError(await folder(t, {'z.json': sdj('iglu:com.acme/nothing/jsonschema/1-0-0', {})}))).message, /z\.json \(field schema\): schema iglu:com\.acme\/nothing\/jsonschema\/1-0-0 cannot be resolved/)
  assert.equal((await loadError(path.join('/nonexistent', 'enrichments'))).code, ENRICHMENT_ERROR_CODES.folder)
})

for (const [name, schema, instead] of [
  ['yauaa', `iglu:${SP}.enrichments/yauaa_enrichment_config/jsonschema/1-0-0`, /ua_parser/],
  ['user_agent_utils', `iglu:${SP}/user_agent_utils_config/jsonschema/1-0-0`, /ua_parser/],
  ['weather', `iglu:${SP}.enrichments/weather_enrichment_config/jsonschema/1-0-0`, /not supported/],
] as const) {
  test(`${name} is refused at startup with why and what to use instead, never skipped`, async (t) => {
    const key = schema.split('/')[1]!
    const data: Record<string, unknown> = {vendor: schema.slice(5).split('/')[0], name: key, enabled: true, parameters: {}}
    if (name === 'weather') data.parameters = {apiKey: 'k', cacheSize: 10, geoPrecision: 1, apiHost: 'history.openweathermap.org', timeout: 5}
    const error = await loadError(await folder(t, {[`${name}.json`]: sdj(schema, data)}))
    assert.equal(error.code, ENRICHMENT_ERROR_CODES.refused, error.message)
    assert.match(error.message, instead)
  })
}

test('--enrichments DIR becomes MicroOptions.enrichmentsDir, resolved against the working directory', async () => {
  const {microOptionsFromFlags} = await import('../../src/micro/flags.js')
  assert.equal(microOptionsFromFlags({enrichments: 'conf/enrichments'}, '/work/project').enrichmentsDir, '/work/project/conf/enrichments')
  assert.equal(microOptionsFromFlags({}, '/work/project').enrichmentsDir, undefined)
})

test('a *.hocon config is read as Micro reads it', async (t) => {
  const hocon = `schema = "iglu:${SP}/anon_ip/jsonschema/1-0-1"\ndata {\n  vendor = "${SP}"\n  name = anon_ip\n  enabled = true\n  parameters { anonOctets = 2 }\n}\n`
  const dir = await folder(t, {'anon_ip.hocon': hocon})
  const setup = await loadEnrichments(dir, {iglu: sharedIglu()})
  assert.deepEqual(setup.enrichments.map((e) => e.className), ['AnonIpEnrichment'])
  assert.match((await loadError(await folder(t, {'bad.hocon': 'data {'}))).message, /bad\.hocon: not valid HOCON/)
})
