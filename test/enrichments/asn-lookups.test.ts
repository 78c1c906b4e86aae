import {test} from 'node:test'
import assert from 'node:assert/strict'
import {writeFile} from 'node:fs/promises'
import path from 'node:path'
import {AsnLookupsEnrichment} from '../../src/enrichments/asn-lookups.js'
import {ASN_CONTEXT} from '../../src/enrichments/ip-lookups.js'
import {createEnrichmentState} from '../../src/enrichments/run.js'
import {createEnrichedEvent} from '../../src/event/enriched-event.js'
import {F} from '../../src/event/fields.js'
import {tempDir} from '../helpers/temp-dir.js'
import {rawEvent} from './helpers.js'

// In the layout of cpuchain/bad-asn-list (header line, then ASN,"Entity")
const CSV = 'ASN,Entity\n174,"COGENT-174 - Cogent Communications, US"\n612,"US | PRECISIONTECH - PRECISION TECHNOLOGY Inc,US"\n1442,"x"\n2611,"x"\n3223,"x"\n3396,"x"\n3502,"x"\n3561,"x"\n3563,"x"\n3700,"x"\n'

async function build(t: Parameters<typeof tempDir>[0], parameters: Record<string, unknown>, csv = CSV) {
  const dir = await tempDir(t)
  await writeFile(path.join(dir, 'bad-asn-list.csv'), csv)
  const withFile = {...parameters}
  if (withFile.botAsnsFile === true) withFile.botAsnsFile = {uri: `file://${dir}`, database: 'bad-asn-list.csv'}
  return AsnLookupsEnrichment.fromConfig(
    {file: 'asn.json', schema: '', vendor: '', name: 'asn_lookups', model: 1, revision: 0, addition: 0, data: {parameters: withFile}},
    {cacheDir: dir, baseDir: dir, log: () => {}},
  )
}

test('AsnLookupsEnrichmentSpec e1: loads the ASNs of the CSV file (header skipped)', async (t) => {
  assert.deepEqual([...(await build(t, {botAsnsFile: true})).botAsns].sort((a, b) => a - b), [174, 612, 1442, 2611, 3223, 3396, 3502, 3561, 3563, 3700])
})

test('AsnLookupsEnrichmentSpec e2: works without botAsnsFile', async (t) => {
  assert.deepEqual([...(await build(t, {botAsns: [{asn: 1234, name: 'Test Entity'}, {asn: 5678}]})).botAsns], [1234, 5678])
})

test('AsnLookupsEnrichmentSpec e3: merges botAsns from the config with the file', async (t) => {
  const e = await build(t, {botAsnsFile: true, botAsns: [{asn: 9999, name: 'Test Entity'}, {asn: 8888, name: 'Another Test'}]})
  assert.equal(e.botAsns.size, 12)
  assert.ok(e.botAsns.has(9999) && e.botAsns.has(8888) && e.botAsns.has(174))
})

test('AsnLookupsEnrichmentSpec e4: a helpful error when the CSV has an invalid ASN', async (t) => {
  await assert.rejects(build(t, {botAsnsFile: true}, 'ASN,Entity\n174,"x"\nnot-a-number,"Invalid ASN"\n'), /Failed to parse CSV file with ASNs.*not-a-number/)
})

function run(e: AsnLookupsEnrichment, data: object, platform: string | null = 'web') {
  const event = createEnrichedEvent()
  event[F.platform] = platform
  const state = createEnrichmentState(event, rawEvent({}))
  state.derived = [{schema: ASN_CONTEXT, data}]
  e.run(state)
  return state.derived[0]!.data
}

test('AsnLookupsEnrichmentSpec e5: the context is left as is for a bypassed platform', () => {
  const e = new AsnLookupsEnrichment(new Set([174, 612]), new Set(['srv', 'cnsl']))
  const asn = {number: 174, organization: 'Cogent Communications'}
  assert.deepEqual(run(e, asn, 'srv'), asn)
  assert.deepEqual(run(e, asn, 'cnsl'), asn)
  assert.deepEqual(run(e, asn, 'web'), {...asn, likelyBot: true})
})

test('AsnLookupsEnrichmentSpec e6/e7: likelyBot true for a listed ASN, false otherwise', () => {
  const e = new AsnLookupsEnrichment(new Set([174, 612]), new Set())
  assert.deepEqual(run(e, {number: 174, organization: 'Cogent Communications'}), {number: 174, organization: 'Cogent Communications', likelyBot: true})
  assert.deepEqual(run(e, {number: 9999, organization: 'Clean AS'}), {number: 9999, organization: 'Clean AS', likelyBot: false})
})

test('AsnLookupsEnrichmentSpec e8/e9: organization kept when present, omitted when absent', () => {
  const e = new AsnLookupsEnrichment(new Set([174]), new Set())
  assert.deepEqual(Object.keys(run(e, {number: 174, organization: 'Cogent'}, null) as object), ['number', 'organization', 'likelyBot'])
  assert.deepEqual(Object.keys(run(e, {number: 174}, null) as object), ['number', 'likelyBot'])
})
