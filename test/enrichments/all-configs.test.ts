import {test} from 'node:test'
import assert from 'node:assert/strict'
import {mkdir, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {enabledEnrichmentsLine, loadEnrichments} from '../../src/enrichments/registry.js'
import {tempDir} from '../helpers/temp-dir.js'
import {writeMmdb} from '../helpers/mmdb-writer.js'
import {sharedIglu} from './helpers.js'

const SP = 'com.snowplowanalytics.snowplow'
const SPE = 'com.snowplowanalytics.snowplow.enrichments'
const config = (vendor: string, name: string, version: string, parameters: object | undefined, extra: object = {}) =>
  JSON.stringify({schema: `iglu:${vendor}/${name}/jsonschema/${version}`, data: {vendor, name, enabled: true, ...extra, ...(parameters === undefined ? {} : {parameters})}})

// One config of every supported enrichment, in the shapes Snowplow documents, validated against
// the shipped Iglu schemas and built, assets read from a local folder.
test('every supported enrichment config, as Snowplow documents it, validates and builds; Micro\'s startup line lists them', async (t) => {
  const dir = await tempDir(t)
  const assets = path.join(dir, 'assets')
  await mkdir(assets)
  const asset = (database: string) => ({database, uri: 'file:assets'})
  await writeFile(path.join(assets, 'referers.json'), '{"search":{"Google":{"domains":["google.com"],"parameters":["q"]}}}')
  await writeFile(path.join(assets, 'GeoLite2-City.mmdb'), writeMmdb([{network: '1.2.3.0/24', data: {country: {iso_code: 'FR'}}}], {databaseType: 'GeoLite2-City'}))
  await writeFile(path.join(assets, 'GeoLite2-ASN.mmdb'), writeMmdb([{network: '1.2.3.0/24', data: {autonomous_system_number: 1}}], {databaseType: 'GeoLite2-ASN'}))
  await writeFile(path.join(assets, 'bad-asn-list.csv'), 'ASN,Entity\n174,"x"\n')
  for (const f of ['ip_exclude_current_cidr.txt', 'exclude_current.txt', 'include_current.txt']) await writeFile(path.join(assets, f), '')
  const files: Record<string, string> = {
    'anon_ip.json': config(SP, 'anon_ip', '1-0-1', {anonOctets: 1, anonSegments: 1}),
    'campaign_attribution.json': config(SP, 'campaign_attribution', '1-0-1', {
      mapping: 'static',
      fields: {mktMedium: ['utm_medium'], mktSource: ['utm_source'], mktTerm: ['utm_term'], mktContent: ['utm_content'], mktCampaign: ['utm_campaign'], mktClickId: {gbraid: 'Google'}},
    }),
    'cookie_extractor_config.json': config(SP, 'cookie_extractor_config', '1-0-0', {cookies: ['sp']}),
    'http_header_extractor_config.json': config(SPE, 'http_header_extractor_config', '1-0-0', {headersPattern: '.*'}),
    'event_fingerprint_config.json': config(SP, 'event_fingerprint_config', '1-0-1', {excludeParameters: ['eid', 'nuid', 'stm', 'cv'], hashAlgorithm: 'SHA256'}),
    'referer_parser.json': config(SP, 'referer_parser', '2-0-1', {internalDomains: [], ...asset('referers.json'), referrers: {search: {'Search website 1': {domains: ['search.acme.com'], parameters: ['q']}}}}),
    'ua_parser_config.json': config(SP, 'ua_parser_config', '1-0-1', undefined),
    'javascript_script_config.json': config(SP, 'javascript_script_config', '1-0-1', {script: Buffer.from('function process(event, params) { return [] }').toString('base64'), config: {a: 1}}),
    'pii_enrichment_config.json': config(
      SPE,
      'pii_enrichment_config',
      '2-0-1',
      {
        pii: [{pojo: {field: 'user_id'}}, {json: {field: 'unstruct_event', schemaCriterion: 'iglu:com.google.analytics.measurement-protocol/user/jsonschema/1-*-*', jsonPath: "$.['clientId', 'userId']"}}],
        strategy: {pseudonymize: {hashFunction: 'SHA-1', salt: 'pepper123'}},
      },
      {emitEvent: false, anonymousOnly: false},
    ),
    'iab_spiders_and_robots_enrichment.json': config(SPE, 'iab_spiders_and_robots_enrichment', '1-0-1', {
      ipFile: asset('ip_exclude_current_cidr.txt'),
      excludeUseragentFile: asset('exclude_current.txt'),
      includeUseragentFile: asset('include_current.txt'),
      includeUseragents: ['monitor'],
      excludeUseragents: [],
    }),
    'ip_lookups.json': config(SP, 'ip_lookups', '2-0-1', {geo: asset('GeoLite2-City.mmdb'), asn: asset('GeoLite2-ASN.mmdb')}),
    'asn_lookups.json': config(SPE, 'asn_lookups', '1-0-0', {botAsnsFile: {uri: 'file:assets', database: 'bad-asn-list.csv'}, botAsns: [{asn: 123, name: 'ASN 123'}, {asn: 456}], bypassPlatforms: ['srv']}),
    'cross_navigation_config.json': config(SPE, 'cross_navigation_config', '1-0-0', undefined),
    'bot_detection_enrichment_config.json': config(SPE, 'bot_detection_enrichment_config', '1-0-1', {useYauaa: false, useIab: true, useAsnLookups: true, useClientSideDetection: true}),
    'api_request_enrichment_config.json': config(SPE, 'api_request_enrichment_config', '1-0-2', {
      inputs: [{key: 'user', pojo: {field: 'user_id'}}, {key: 'client', json: {field: 'contexts', schemaCriterion: 'iglu:com.snowplowanalytics.snowplow/client_session/jsonschema/1-*-*', jsonPath: '$.userId'}}],
      api: {http: {method: 'GET', uri: 'http://127.0.0.1:9/users/{{client}}/{{user}}?format=json', timeout: 5000, authentication: {httpBasic: {username: 'xxx', password: 'yyy'}}}},
      outputs: [{schema: 'iglu:com.acme/user/jsonschema/1-0-0', json: {jsonPath: '$.record'}}],
      cache: {size: 3000, ttl: 60},
      ignoreOnError: false,
    }),
    'sql_query_enrichment_config.json': config(SPE, 'sql_query_enrichment_config', '1-0-1', {
      inputs: [{placeholder: 1, pojo: {field: 'user_id'}}],
      database: {postgresql: {host: '127.0.0.1', port: 5432, sslMode: false, username: 'sp', password: 'sp', database: 'crm'}},
      query: {sql: 'SELECT username, email FROM tbl_users WHERE user_id = ? LIMIT 1'},
      output: {expectedRows: 'AT_MOST_ONE', json: {schema: 'iglu:com.acme/user/jsonschema/1-0-0', describes: 'ALL_ROWS', propertyNames: 'CAMEL_CASE'}},
      cache: {size: 3000, ttl: 60},
      ignoreOnError: false,
    }),
    'currency_conversion_config.json': config(SP, 'currency_conversion_config', '1-0-0', {accountType: 'DEVELOPER', apiKey: 'KEY', baseCurrency: 'USD', rateAt: 'EOD_PRIOR'}),
  }
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text)
  const setup = await loadEnrichments(dir, {iglu: sharedIglu(), cacheDir: dir})
  assert.equal(setup.enrichments.length, Object.keys(files).length)
  assert.equal(
    enabledEnrichmentsLine(setup.enrichments),
    'Enabled enrichments: ApiRequestEnrichment, PiiPseudonymizerEnrichment, SqlQueryEnrichment, AnonIpEnrichment, CampaignAttributionEnrichment, CookieExtractorEnrichment, CurrencyConversionEnrichment, EventFingerprintEnrichment, HttpHeaderExtractorEnrichment, IabEnrichment, IpLookupsEnrichment, AsnLookupsEnrichment, JavascriptScriptEnrichment, RefererParserEnrichment, UaParserEnrichment, CrossNavigationEnrichment, BotDetectionEnrichment',
  )
  // in Enrich's run order
  assert.deepEqual(
    setup.enrichments.map((e) => e.step),
    [...setup.enrichments.map((e) => e.step)].sort((a, b) => a - b),
  )
})
