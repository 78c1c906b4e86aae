import {test} from 'node:test'
import assert from 'node:assert/strict'
import {BotDetectionEnrichment, BOT_DETECTION_CONTEXT} from '../../src/enrichments/bot-detection.js'
import type {SelfDescribing} from '../../src/event/enriched-event.js'
import {enrichWith, fields, rawEvent} from './helpers.js'

const yauaa = (deviceClass: string, agentClass: string): SelfDescribing => ({schema: 'iglu:nl.basjes/yauaa_context/jsonschema/1-0-5', data: {deviceClass, agentClass}})
const iab = (spiderOrRobot: boolean): SelfDescribing => ({schema: 'iglu:com.iab.snowplow/spiders_and_robots/jsonschema/1-0-0', data: {spiderOrRobot, category: 'BROWSER', reason: 'PASSED_ALL', primaryImpact: 'NONE'}})
const asn = (likelyBot: boolean): SelfDescribing => ({schema: 'iglu:com.snowplowanalytics.snowplow/asn/jsonschema/1-0-1', data: {asn: 12345, organization: 'Example ISP', likelyBot}})
const clientSide = (bot: boolean): SelfDescribing => ({schema: 'iglu:com.snowplowanalytics.snowplow/client_side_bot_detection/jsonschema/1-0-0', data: {bot}})
const all = new BotDetectionEnrichment({useYauaa: true, useIab: true, useAsnLookups: true, useClientSideDetection: true})
const indicators = (e: BotDetectionEnrichment, derived: SelfDescribing[], input: SelfDescribing[] = []) => {
  const data = e.context(derived, input).data as {bot: boolean; indicators: string[]}
  assert.equal(data.bot, data.indicators.length > 0)
  return data.indicators
}

const CASES: Array<[string, BotDetectionEnrichment, SelfDescribing[], SelfDescribing[], string[]]> = [
  ['YAUAA deviceClass=Robot', all, [yauaa('Robot', 'Browser')], [], ['yauaa']],
  ['YAUAA deviceClass=Robot Mobile', all, [yauaa('Robot Mobile', 'Browser')], [], ['yauaa']],
  ['YAUAA deviceClass=Robot Imitator', all, [yauaa('Robot Imitator', 'Browser')], [], ['yauaa']],
  ['YAUAA agentClass=Robot', all, [yauaa('Desktop', 'Robot')], [], ['yauaa']],
  ['YAUAA agentClass=Robot Mobile', all, [yauaa('Desktop', 'Robot Mobile')], [], ['yauaa']],
  ['YAUAA classes are not Robot', all, [yauaa('Desktop', 'Browser')], [], []],
  ['IAB spiderOrRobot=true', all, [iab(true)], [], ['iab']],
  ['IAB spiderOrRobot=false', all, [iab(false)], [], []],
  ['multiple indicators (reverse context order)', all, [yauaa('Robot', 'Robot'), iab(true)], [], ['iab', 'yauaa']],
  ['YAUAA positive, IAB negative', all, [yauaa('Robot', 'Browser'), iab(false)], [], ['yauaa']],
  ['IAB positive, YAUAA negative', all, [yauaa('Desktop', 'Browser'), iab(true)], [], ['iab']],
  ['no signals', all, [], [], []],
  ['YAUAA context with missing fields', all, [{schema: 'iglu:nl.basjes/yauaa_context/jsonschema/1-0-5', data: {}}], [], []],
  ['skip YAUAA when useYauaa=false', new BotDetectionEnrichment({useYauaa: false, useIab: true, useAsnLookups: true, useClientSideDetection: true}), [yauaa('Robot', 'Robot')], [], []],
  ['skip IAB when useIab=false', new BotDetectionEnrichment({useYauaa: true, useIab: false, useAsnLookups: true, useClientSideDetection: true}), [iab(true)], [], []],
  ['ASN likelyBot=true', all, [asn(true)], [], ['asnLookups']],
  ['ASN likelyBot=false', all, [asn(false)], [], []],
  ['all four indicators', all, [yauaa('Robot', 'Robot'), iab(true), asn(true)], [clientSide(true)], ['clientSideDetection', 'asnLookups', 'iab', 'yauaa']],
  ['ASN positive, others negative', all, [yauaa('Desktop', 'Browser'), iab(false), asn(true)], [], ['asnLookups']],
  ['skip ASN when useAsnLookups=false', new BotDetectionEnrichment({useYauaa: true, useIab: true, useAsnLookups: false, useClientSideDetection: true}), [asn(true)], [], []],
  ['ASN context without likelyBot', all, [{schema: 'iglu:com.snowplowanalytics.snowplow/asn/jsonschema/1-0-1', data: {number: 1}}], [], []],
  ['client-side bot=true', all, [], [clientSide(true)], ['clientSideDetection']],
  ['client-side bot=false', all, [], [clientSide(false)], []],
  ['client-side detection disabled', new BotDetectionEnrichment({useYauaa: true, useIab: true, useAsnLookups: true, useClientSideDetection: false}), [], [clientSide(true)], []],
  ['client-side with derived indicators', all, [yauaa('Robot', 'Browser')], [clientSide(true)], ['clientSideDetection', 'yauaa']],
  ['client-side context without bot field', all, [], [{schema: 'iglu:com.snowplowanalytics.snowplow/client_side_bot_detection/jsonschema/1-0-0', data: {}}], []],
]

for (const [name, e, derived, input, expected] of CASES) {
  test(`BotDetectionEnrichmentSpec: ${name}`, () => {
    assert.deepEqual(indicators(e, derived, input), expected)
  })
}

test('BotDetectionEnrichmentSpec parse: 1-0-0 config without useClientSideDetection (backwards compatible)', async () => {
  const e = BotDetectionEnrichment.fromConfig({file: 'b.json', schema: '', vendor: '', name: 'bot_detection_enrichment_config', model: 1, revision: 0, addition: 0, data: {parameters: {useYauaa: true, useIab: true, useAsnLookups: false}}})
  assert.deepEqual(indicators(e, [iab(true)], [clientSide(true)]), ['iab'])
  const out = await enrichWith(rawEvent({}), [e])
  assert.deepEqual(fields(out).derived_contexts, [{schema: BOT_DETECTION_CONTEXT, data: {bot: false, indicators: []}}], 'always exactly one context')
  assert.equal(out.failure, null)
})
