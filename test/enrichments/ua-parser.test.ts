import {test} from 'node:test'
import assert from 'node:assert/strict'
import {writeFile} from 'node:fs/promises'
import path from 'node:path'
import {UaParserEnrichment, UA_PARSER_CONTEXT} from '../../src/enrichments/ua-parser.js'
import {tempDir} from '../helpers/temp-dir.js'
import {enrichWith, fields, rawEvent} from './helpers.js'

const SCHEMA = 'iglu:com.snowplowanalytics.snowplow/ua_parser_config/jsonschema/1-0-1'
const config = (parameters: object) => ({file: 'ua.json', schema: SCHEMA, vendor: '', name: 'ua_parser_config', model: 1, revision: 0, addition: 1, data: {parameters}})
const ctx = (dir: string) => ({cacheDir: dir, baseDir: dir, log: () => {}})

const MOBILE_SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 5_1_1 like Mac OS X) AppleWebKit/534.46 (KHTML, like Gecko) Version/5.1 Mobile/9B206 Safari/7534.48.3'
const SAFARI = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10) AppleWebKit/600.1.25 (KHTML, like Gecko) Version/8.0 Safari/600.1.25'

test('UaParserEnrichmentSpec "parse useragent according to configured rules": Mobile Safari with the bundled rules', async (t) => {
  const e = await UaParserEnrichment.fromConfig(config({}), ctx(await tempDir(t)))
  assert.equal(
    JSON.stringify(e.context(MOBILE_SAFARI).data),
    '{"useragentFamily":"Mobile Safari","useragentMajor":"5","useragentMinor":"1","useragentPatch":null,"useragentVersion":"Mobile Safari 5.1","osFamily":"iOS","osMajor":"5","osMinor":"1","osPatch":"1","osPatchMinor":null,"osVersion":"iOS 5.1.1","deviceFamily":"iPhone"}',
  )
})

test('UaParserEnrichmentSpec "parse useragent according to configured rules": Safari 8 on Mac OS X with the bundled rules', async (t) => {
  const e = await UaParserEnrichment.fromConfig(config({}), ctx(await tempDir(t)))
  assert.equal(
    JSON.stringify(e.context(SAFARI).data),
    '{"useragentFamily":"Safari","useragentMajor":"8","useragentMinor":"0","useragentPatch":null,"useragentVersion":"Safari 8.0","osFamily":"Mac OS X","osMajor":"10","osMinor":"10","osPatch":null,"osPatchMinor":null,"osVersion":"Mac OS X 10.10","deviceFamily":"Mac"}',
  )
})

test('UaParserEnrichmentSpec "parse useragent according to configured rules": custom rules from the configured file', async (t) => {
  const dir = await tempDir(t)
  await writeFile(
    path.join(dir, 'uap-test-rules.yml'),
    "user_agent_parsers:\n  - regex: 'iPhone'\n    family_replacement: 'UAP Test Family'\nos_parsers:\n  - regex: 'iPhone'\n    os_replacement: 'UAP Test OS'\ndevice_parsers:\n  - regex: 'iPhone'\n    device_replacement: 'UAP Test Device'\n",
  )
  const e = await UaParserEnrichment.fromConfig(config({uri: dir, database: 'uap-test-rules.yml'}), ctx(dir))
  assert.equal(
    JSON.stringify(e.context(MOBILE_SAFARI).data),
    '{"useragentFamily":"UAP Test Family","useragentMajor":null,"useragentMinor":null,"useragentPatch":null,"useragentVersion":"UAP Test Family","osFamily":"UAP Test OS","osMajor":null,"osMinor":null,"osPatch":null,"osPatchMinor":null,"osVersion":"UAP Test OS","deviceFamily":"UAP Test Device"}',
  )
})

test('UaParserEnrichmentSpec "report initialization error": a rule file that is not there fails startup, naming it', async (t) => {
  const dir = await tempDir(t)
  await assert.rejects(UaParserEnrichment.fromConfig(config({uri: dir, database: 'NotAFile'}), ctx(dir)), (e: Error) => e.message.includes('ua.json') && e.message.includes('NotAFile'))
})

test('ua_parser on an event: an unknown agent is Other everywhere; the context lands in derived_contexts', async (t) => {
  const e = await UaParserEnrichment.fromConfig(config({}), ctx(await tempDir(t)))
  const out = await enrichWith(rawEvent({}, {useragent: 'xyz-unknown'}), [e])
  assert.deepEqual(fields(out).derived_contexts, [
    {
      schema: UA_PARSER_CONTEXT,
      data: {
        useragentFamily: 'Other', useragentMajor: null, useragentMinor: null, useragentPatch: null, useragentVersion: 'Other',
        osFamily: 'Other', osMajor: null, osMinor: null, osPatch: null, osPatchMinor: null, osVersion: 'Other', deviceFamily: 'Other',
      },
    },
  ])
  assert.equal(out.failure, null, 'the context validates against ua_parser_context 1-0-0')
})

test('uap-java rules: a rule that yields no family is passed over; $n version replacements; an empty device is null', async (t) => {
  const dir = await tempDir(t)
  await writeFile(
    path.join(dir, 'rules.yml'),
    [
      'user_agent_parsers:',
      "  - regex: 'Nothing(x)?'",
      "  - regex: 'Nothing (\\d+)\\.(\\d+)'",
      "    family_replacement: 'Found $1'",
      "    v1_replacement: '$2'",
      'os_parsers:',
      "  - regex: 'Nothing (\\d+)'",
      "    os_replacement: 'NothingOS'",
      'device_parsers:',
      "  - regex: 'Nothing()'",
      "    device_replacement: '$1'",
      '',
    ].join('\n'),
  )
  const e = await UaParserEnrichment.fromConfig(config({uri: `file://${dir}`, database: 'rules.yml'}), ctx(dir))
  const data = e.context('Nothing 7.3').data as Record<string, unknown>
  assert.deepEqual([data.useragentFamily, data.useragentMajor, data.useragentMinor], ['Found 7', '3', null])
  assert.deepEqual([data.osFamily, data.osMajor], ['NothingOS', null])
  assert.equal(data.deviceFamily, null)
})
