import {test} from 'node:test'
import assert from 'node:assert/strict'
import {writeFile} from 'node:fs/promises'
import path from 'node:path'
import {IabEnrichment, IAB_CONTEXT} from '../../src/enrichments/iab.js'
import {tempDir} from '../helpers/temp-dir.js'
import {enrichWith, fields, rawEvent} from './helpers.js'

// Synthetic lists in the IAB/ABC file format (the real ones are licensed to IAB members).
const INCLUDE = '# pattern|active|startOfString|inactiveDate\nmozilla|1|0|\ndroid|1|0|\nlegacy-browser|0|0|01/01/2020\n'
const EXCLUDE =
  '# pattern|active|exceptions|unused|impact|startOfString|inactiveDate\n' +
  'crawler|1|friendly crawler, nice crawler||0|0|\n' +
  'oldbot|0|||1|0|06/15/2021\n' +
  'startbot|1|||2|1|\n' +
  'badflag|1|||x|0|\n'
const IPS = '192.168.151.0/24\n10.0.0.7\n2001:db8:0:0:0:0:0:1\n'

async function iab(t: Parameters<typeof tempDir>[0], extra: Record<string, unknown> = {}): Promise<IabEnrichment> {
  const dir = await tempDir(t)
  await writeFile(path.join(dir, 'include_current.txt'), INCLUDE, 'latin1')
  await writeFile(path.join(dir, 'exclude_current.txt'), EXCLUDE, 'latin1')
  await writeFile(path.join(dir, 'ip_exclude_current_cidr.txt'), IPS)
  const file = (database: string) => ({database, uri: `file://${dir}`})
  return IabEnrichment.fromConfig(
    {
      file: 'iab.json',
      schema: 'iglu:com.snowplowanalytics.snowplow.enrichments/iab_spiders_and_robots_enrichment/jsonschema/1-0-1',
      vendor: '',
      name: 'iab_spiders_and_robots_enrichment',
      model: 1,
      revision: 0,
      addition: 1,
      data: {parameters: {ipFile: file('ip_exclude_current_cidr.txt'), excludeUseragentFile: file('exclude_current.txt'), includeUseragentFile: file('include_current.txt'), ...extra}},
    },
    {cacheDir: dir, baseDir: dir, log: () => {}},
  )
}

const NOW = Date.UTC(2024, 0, 1)
const row = (spiderOrRobot: boolean, category: string, reason: string, primaryImpact: string) => ({spiderOrRobot, category, reason, primaryImpact})

for (const [name, ua, ip, expected] of [
  ['valid UA/IP', 'Xdroid', '192.168.0.1', row(false, 'BROWSER', 'PASSED_ALL', 'NONE')],
  ['valid UA, excluded IP', 'Mozilla/5.0', '192.168.151.21', row(true, 'SPIDER_OR_ROBOT', 'FAILED_IP_EXCLUDE', 'UNKNOWN')],
  ['invalid UA, excluded IP', 'xonitor', '192.168.0.1', row(true, 'SPIDER_OR_ROBOT', 'FAILED_UA_INCLUDE', 'UNKNOWN')],
] as const) {
  test(`IabEnrichmentSpec e1: ${name}`, async (t) => {
    assert.deepEqual((await iab(t)).check(ua, ip, NOW), expected)
  })
}

test('IabEnrichmentSpec e2: the spiders_and_robots context of a browser, in derived_contexts', async (t) => {
  const out = await enrichWith(rawEvent({}, {useragent: 'Xdroid', ipAddress: '192.168.0.1'}), [await iab(t)])
  assert.deepEqual(fields(out).derived_contexts, [{schema: IAB_CONTEXT, data: {spiderOrRobot: false, category: 'BROWSER', reason: 'PASSED_ALL', primaryImpact: 'NONE'}}])
  assert.equal(out.failure, null)
})

test('IAB client rules: exclude records (exceptions, start of string, inactive dates), plain and CIDR IPs, IPv6', async (t) => {
  const e = await iab(t)
  assert.deepEqual(e.check('Mozilla/5.0 crawler', null, NOW), row(true, 'ACTIVE_SPIDER_OR_ROBOT', 'FAILED_UA_EXCLUDE', 'PAGE_IMPRESSIONS'))
  assert.deepEqual(e.check('Mozilla/5.0 Friendly Crawler', null, NOW), row(false, 'BROWSER', 'PASSED_ALL', 'NONE'), 'an exception cancels the record')
  assert.deepEqual(e.check('Mozilla/5.0 oldbot', null, Date.UTC(2021, 0, 1)), row(true, 'ACTIVE_SPIDER_OR_ROBOT', 'FAILED_UA_EXCLUDE', 'AD_IMPRESSIONS'))
  assert.deepEqual(e.check('Mozilla/5.0 oldbot', null, NOW), row(true, 'INACTIVE_SPIDER_OR_ROBOT', 'FAILED_UA_EXCLUDE', 'AD_IMPRESSIONS'))
  assert.deepEqual(e.check('Mozilla startbot', null, NOW), row(false, 'BROWSER', 'PASSED_ALL', 'NONE'), 'startOfString: not at the start')
  assert.deepEqual(e.check('legacy-browser 1', null, Date.UTC(2019, 0, 1)), row(false, 'BROWSER', 'PASSED_ALL', 'NONE'), 'an inactive include record before its date')
  assert.deepEqual(e.check('legacy-browser 1', null, NOW), row(true, 'SPIDER_OR_ROBOT', 'FAILED_UA_INCLUDE', 'UNKNOWN'))
  assert.deepEqual(e.check(null, '10.0.0.7', NOW).reason, 'FAILED_IP_EXCLUDE')
  assert.deepEqual(e.check(null, '10.0.0.8', NOW), row(false, 'BROWSER', 'PASSED_ALL', 'NONE'), 'no user agent: a browser')
  assert.deepEqual(e.check(null, '2001:db8::1', NOW).reason, 'FAILED_IP_EXCLUDE', 'IPv6 compared in Java\'s long form')
})

test('IAB 1-0-1 custom includeUseragents / excludeUseragents come first', async (t) => {
  const e = await iab(t, {includeUseragents: ['MyMonitor'], excludeUseragents: ['Mozilla/5.0 (Evil']})
  assert.deepEqual(e.check('mymonitor crawler', '192.168.151.21', NOW), row(false, 'BROWSER', 'PASSED_ALL', 'NONE'))
  assert.deepEqual(e.check('Mozilla/5.0 (Evil)', null, NOW), row(true, 'SPIDER_OR_ROBOT', 'FAILED_UA_EXCLUDE', 'UNKNOWN'))
})

test('an invalid impact flag is an enrichment failure with the client\'s message', async (t) => {
  const out = await enrichWith(rawEvent({}, {useragent: 'Mozilla badflag'}), [await iab(t)])
  assert.deepEqual(out.failure, {
    type: 'enrichment_failures',
    messages: [
      {
        enrichment: {schemaKey: 'iglu:com.snowplowanalytics.snowplow.enrichments/iab_spiders_and_robots_enrichment/jsonschema/1-0-1', identifier: 'iab-spiders-and-robots'},
        message: {error: "Invalid value of impression flag: 'x'"},
      },
    ],
  })
})
