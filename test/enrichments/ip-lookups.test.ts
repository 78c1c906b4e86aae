import {test} from 'node:test'
import assert from 'node:assert/strict'
import {writeFile} from 'node:fs/promises'
import path from 'node:path'
import {IpLookupsEnrichment, ASN_CONTEXT, javaFloat} from '../../src/enrichments/ip-lookups.js'
import {tempDir} from '../helpers/temp-dir.js'
import {writeMmdb} from '../helpers/mmdb-writer.js'
import {toTsv} from '../../src/event/tsv.js'
import {enrichWith, fields, rawEvent} from './helpers.js'

// Records shaped as in MaxMind's test databases (GeoIP2-City-Test, GeoIP2-ISP-Test, …), for the
// addresses Enrich's specs use; written here as MMDB files by our own writer.
const CITY = [
  {
    network: '175.16.199.0/24',
    data: {
      city: {geoname_id: 2038180, names: {en: 'Changchun'}},
      continent: {code: 'AS', names: {en: 'Asia'}},
      country: {iso_code: 'CN', names: {en: 'China'}},
      location: {accuracy_radius: 100, latitude: 43.88, longitude: 125.3228, time_zone: 'Asia/Harbin'},
      subdivisions: [{iso_code: '22', names: {en: 'Jilin Sheng'}}],
    },
  },
  {
    network: '67.43.156.0/24',
    data: {country: {iso_code: 'BT', names: {en: 'Bhutan'}}, location: {accuracy_radius: 534, latitude: 27.5, longitude: 90.5, time_zone: 'Asia/Thimphu'}},
  },
  {network: '2.125.160.216/29', data: {country: {iso_code: 'GB', names: {en: 'United Kingdom'}}, postal: {code: 'OX1'}, subdivisions: [{iso_code: 'ENG', names: {en: 'England'}}, {iso_code: 'WBK', names: {en: 'West Berkshire'}}]}},
]
const ISP = [
  {network: '70.46.123.145/32', data: {isp: 'FDN Communications', organization: 'FDN Communications'}},
  {network: '18.11.120.0/24', data: {autonomous_system_number: 3, autonomous_system_organization: 'Massachusetts Institute of Technology', isp: 'Massachusetts Institute of Technology', organization: 'Massachusetts Institute of Technology'}},
  {network: '67.43.156.0/24', data: {autonomous_system_number: 35908, isp: 'Loud Packet', organization: 'zudoarichikito_'}},
  {network: '8.33.20.0/24', data: {isp: 'Level 3 Communications', organization: 'Level 3 Communications'}},
]
const DOMAIN = [{network: '67.43.156.0/24', data: {domain: 'shoesfin.NET'}}]
const CONNECTION = [{network: '67.43.156.0/24', data: {connection_type: 'Cellular'}}]

async function lookups(t: Parameters<typeof tempDir>[0], which: string[] = ['geo', 'isp']): Promise<IpLookupsEnrichment> {
  const dir = await tempDir(t)
  const dbs: Record<string, [string, unknown[], string]> = {
    geo: ['GeoIP2-City.mmdb', CITY, 'GeoIP2-City'],
    isp: ['GeoIP2-ISP.mmdb', ISP, 'GeoIP2-ISP'],
    domain: ['GeoIP2-Domain.mmdb', DOMAIN, 'GeoIP2-Domain'],
    connectionType: ['GeoIP2-Connection-Type.mmdb', CONNECTION, 'GeoIP2-Connection-Type'],
  }
  const parameters: Record<string, unknown> = {}
  for (const key of which) {
    const [database, networks, type] = dbs[key]!
    await writeFile(path.join(dir, database), writeMmdb(networks as never, {databaseType: type}))
    parameters[key] = {database, uri: `file://${dir}`}
  }
  return IpLookupsEnrichment.fromConfig(
    {file: 'ip.json', schema: 'iglu:com.snowplowanalytics.snowplow/ip_lookups/jsonschema/2-0-1', vendor: '', name: 'ip_lookups', model: 2, revision: 0, addition: 1, data: {parameters}},
    {cacheDir: dir, baseDir: dir, log: () => {}},
  )
}

const GEO_FIELDS = ['geo_country', 'geo_region', 'geo_city', 'geo_zipcode', 'geo_latitude', 'geo_longitude', 'geo_region_name', 'geo_timezone']
async function geo(e: IpLookupsEnrichment, ip: string | null) {
  const f = fields(await enrichWith(rawEvent(ip === null ? {} : {ip}), [e]))
  return GEO_FIELDS.map((k) => f[k])
}
const NONE = GEO_FIELDS.map(() => null)

for (const [name, ip] of [
  ['blank IP address', ''],
  ['null IP address', null],
  ['invalid IP address #1', 'localhost'],
  ['invalid IP address #2', 'hello'],
  ['invalid IP address #3', ':::::::::::::::'],
] as const) {
  test(`IpLookupsEnrichmentSpec e1: ${name} → no location, no failure`, async (t) => {
    assert.deepEqual(await geo(await lookups(t), ip), NONE)
  })
}

test('IpLookupsEnrichmentSpec e1: valid IP address 175.16.199.0 (and with a port)', async (t) => {
  const e = await lookups(t)
  const expected = ['CN', '22', 'Changchun', null, 43.88, 125.3228, 'Jilin Sheng', 'Asia/Harbin']
  assert.deepEqual(await geo(e, '175.16.199.0'), expected)
  assert.deepEqual(await geo(e, '175.16.199.0:8080'), expected)
})

test('IpLookupsEnrichmentSpec e2: ISP data (70.46.123.145 → FDN Communications)', async (t) => {
  const f = fields(await enrichWith(rawEvent({ip: '70.46.123.145'}), [await lookups(t)]))
  assert.deepEqual([f.ip_isp, f.ip_organization], ['FDN Communications', 'FDN Communications'])
})

test('IpLookupsEnrichmentSpec e3: an oversized invalid address finds nothing and does not fail', async (t) => {
  const out = await enrichWith(rawEvent({}, {ipAddress: 'a'.repeat(100000)}), [await lookups(t)])
  assert.notEqual(out.failure?.type, 'enrichment_failures', 'the lookup itself never fails (the address is too long for the atomic field, though)')
  assert.equal(fields(out).geo_country, null)
})

test('IpLookupsEnrichmentSpec e4: the ASN context from the ISP database', async (t) => {
  const out = await enrichWith(rawEvent({ip: '18.11.120.0'}), [await lookups(t)])
  assert.deepEqual(fields(out).derived_contexts, [{schema: ASN_CONTEXT, data: {number: 3, organization: 'Massachusetts Institute of Technology'}}])
  assert.equal(out.failure, null, 'valid against asn 1-0-1')
})

test('EnrichmentManagerSpec ip lookups: every database at once (67.43.156.1), organization omitted when unknown; no ASN → no context', async (t) => {
  const e = await lookups(t, ['geo', 'isp', 'domain', 'connectionType'])
  const out = await enrichWith(rawEvent({ip: '67.43.156.1'}), [e])
  const f = fields(out)
  assert.deepEqual(
    [f.geo_country, f.geo_latitude, f.geo_longitude, f.geo_timezone, f.ip_isp, f.ip_organization, f.ip_domain, f.ip_netspeed],
    ['BT', 27.5, 90.5, 'Asia/Thimphu', 'Loud Packet', 'zudoarichikito_', 'shoesfin.NET', 'Cellular'],
  )
  assert.deepEqual(f.derived_contexts, [{schema: ASN_CONTEXT, data: {number: 35908}}])
  const level3 = fields(await enrichWith(rawEvent({ip: '8.33.20.1'}), [e]))
  assert.deepEqual([level3.ip_isp, level3.derived_contexts], ['Level 3 Communications', null])
  // the most specific subdivision; a record without a location gives 0, 0
  const gb = fields(await enrichWith(rawEvent({ip: '2.125.160.216'}), [e]))
  assert.deepEqual([gb.geo_region, gb.geo_region_name, gb.geo_zipcode, gb.geo_latitude, gb.geo_longitude], ['WBK', 'West Berkshire', 'OX1', 0, 0])
})

test('latitude and longitude print as Java floats do (43.88, not 43.880001068115234)', async (t) => {
  assert.equal(javaFloat(43.88), 43.88)
  assert.equal(javaFloat(125.3228), 125.3228)
  assert.equal(javaFloat(Math.fround(43.88)), 43.88)
  const out = await enrichWith(rawEvent({ip: '175.16.199.0'}), [await lookups(t)])
  assert.match(toTsv(out.event), /\t43\.88\t125\.3228\t/)
})

test('a database file that is missing or not an MMDB stops startup, naming it', async (t) => {
  const dir = await tempDir(t)
  await writeFile(path.join(dir, 'GeoIP2-City.mmdb'), 'not a database')
  const build = (database: string) =>
    IpLookupsEnrichment.fromConfig(
      {file: 'ip.json', schema: '', vendor: '', name: 'ip_lookups', model: 2, revision: 0, addition: 0, data: {parameters: {geo: {database, uri: `file://${dir}`}}}},
      {cacheDir: dir, baseDir: dir, log: () => {}},
    )
  await assert.rejects(build('GeoLite2-City.mmdb'), /ip\.json: cannot read .*GeoLite2-City\.mmdb: no such file/)
  await assert.rejects(build('GeoIP2-City.mmdb'), /ip\.json: cannot read .*GeoIP2-City\.mmdb: not a MaxMind database/)
})
