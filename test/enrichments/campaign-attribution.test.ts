import {test} from 'node:test'
import assert from 'node:assert/strict'
import {CampaignAttributionEnrichment, DEFAULT_CLICK_IDS} from '../../src/enrichments/campaign-attribution.js'
import {enrichWith, fields, rawEvent} from './helpers.js'

// Enrich CampaignAttributionEnrichmentSpec: the query strings and configs of its five examples.
const GOOGLE = new Map([
  ['utm_source', 'GoogleSearch'],
  ['utm_medium', 'cpc'],
  ['utm_term', 'native american tarot deck'],
  ['utm_content', '39254295088'],
  ['utm_campaign', 'uk-tarot--native-american'],
])
const OMNITURE = new Map([['cid', 'uk-tarot--native-american']])
const HETEROGENEOUS = new Map([
  ['utm_source', 'GoogleSearch'],
  ['source', 'bad_source'],
  ['utm_medium', 'cpc'],
  ['legacy_term', 'bad_term'],
  ['utm_term', 'native american tarot deck'],
  ['legacy_campaign', 'bad_campaign'],
  ['cid', 'uk-tarot--native-american'],
])
const CLICK_ID = new Map([...HETEROGENEOUS, ['msclkid', '500']])
const none = {medium: null, source: null, term: null, content: null, campaign: null, clickId: null, network: null}
const make = (medium: string[], source: string[], term: string[], content: string[], campaign: string[], clickIds: Array<readonly [string, string]> = []) =>
  new CampaignAttributionEnrichment({medium, source, term, content, campaign, clickIds})

test('CampaignAttributionEnrichmentSpec e1: no campaign fields configured → an empty campaign', () => {
  assert.deepEqual(make([], [], [], [], []).extract(GOOGLE), none)
})

test('CampaignAttributionEnrichmentSpec e2: the standard Google-style settings', () => {
  assert.deepEqual(make(['utm_medium'], ['utm_source'], ['utm_term'], ['utm_content'], ['utm_campaign']).extract(GOOGLE), {
    ...none,
    medium: 'cpc',
    source: 'GoogleSearch',
    term: 'native american tarot deck',
    content: '39254295088',
    campaign: 'uk-tarot--native-american',
  })
})

test('CampaignAttributionEnrichmentSpec e3: the standard Omniture settings', () => {
  assert.deepEqual(make([], [], [], [], ['cid']).extract(OMNITURE), {...none, campaign: 'uk-tarot--native-american'})
})

const PRECEDENCE = (clickIds: Array<readonly [string, string]> = []) =>
  make(['utm_medium', 'medium'], ['utm_source', 'source'], ['utm_term', 'legacy_term'], ['utm_content'], ['utm_campaign', 'cid', 'legacy_campaign'], clickIds)

test('CampaignAttributionEnrichmentSpec e4: the configured order of precedence, not the query order', () => {
  assert.deepEqual(PRECEDENCE().extract(HETEROGENEOUS), {
    ...none,
    medium: 'cpc',
    source: 'GoogleSearch',
    term: 'native american tarot deck',
    campaign: 'uk-tarot--native-american',
  })
})

test('CampaignAttributionEnrichmentSpec e5: clickId and network from the default click-id parameters', () => {
  assert.deepEqual(PRECEDENCE([...DEFAULT_CLICK_IDS]).extract(CLICK_ID), {
    ...none,
    medium: 'cpc',
    source: 'GoogleSearch',
    term: 'native american tarot deck',
    campaign: 'uk-tarot--native-american',
    clickId: '500',
    network: 'Microsoft',
  })
})

const config = (fields: Record<string, unknown>) =>
  CampaignAttributionEnrichment.fromConfig({file: 'c.json', schema: '', vendor: '', name: 'campaign_attribution', model: 1, revision: 1, addition: 0, data: {parameters: {mapping: 'static', fields}}})

test('campaign_attribution on an event: page URL query decoded, all seven mkt_* written, custom click ids merged', async () => {
  const campaign = config({mktMedium: ['utm_medium'], mktSource: ['utm_source'], mktTerm: ['utm_term'], mktContent: ['utm_content'], mktCampaign: ['utm_campaign', 'legacy_campaign'], mktClickId: {gbraid: 'Google Ads'}})
  const out = await enrichWith(rawEvent({url: 'https://shop.example/?legacy_campaign=old&utm_campaign=new&utm_term=red+shoes&utm_source=&gbraid=g1'}), [campaign])
  const f = fields(out)
  assert.equal(f.mkt_campaign, 'new', 'docs example: the first configured name present wins')
  assert.equal(f.mkt_term, 'red shoes')
  assert.equal(f.mkt_source, null, 'an empty value becomes null')
  assert.equal(f.mkt_medium, null)
  assert.equal(f.mkt_clickid, 'g1')
  assert.equal(f.mkt_network, 'Google Ads')
  // gclid is still known (defaults are merged, not replaced)
  const gclid = await enrichWith(rawEvent({url: 'https://shop.example/?gclid=abc'}), [campaign])
  assert.deepEqual([fields(gclid).mkt_clickid, fields(gclid).mkt_network], ['abc', 'Google'])
})
