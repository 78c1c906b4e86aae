// Iglu client and validator: validations per second of cached schemas (the enrich hot path) and
// compile time per schema. Baselines from the same run: a bare ajv-draft-04 validator compiled
// from the same schema (what any Node code would do), and bare ajv.compile for the compile cost.
import {createRequire} from 'node:module'
import {readdirSync, readFileSync, statSync} from 'node:fs'
import path from 'node:path'
import type {Ajv, ValidateFunction} from 'ajv'
import type {Benchmark, BenchRow, BenchSettings} from './harness.js'
import {createIgluClient, createSchemaValidator, parseResolverConfig, parseSchemaKey, type FullIgluClient, type SchemaKey} from '../src/iglu/index.js'
import {requireIgluCentral} from '../test/helpers/iglu-central.js'

const require = createRequire(import.meta.url)
const Ajv04 = require('ajv-draft-04') as new (opts: Record<string, unknown>) => Ajv
const addFormats = require('ajv-formats') as (ajv: Ajv) => void
// a copy of Iglu Central (SP_IGLU_CENTRAL_DIR or ../shared/iglu-central): these benches read all of it
const igluCentral = requireIgluCentral()

const WEB_PAGE = parseSchemaKey('iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0')
const LINK_CLICK = parseSchemaKey('iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1')
const SMALL = parseSchemaKey('iglu:com.acme/small/jsonschema/1-0-0')
const SMALL_SCHEMA = {
  $schema: 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#',
  self: {vendor: 'com.acme', name: 'small', format: 'jsonschema', version: '1-0-0'},
  type: 'object', properties: {sku: {type: 'string', maxLength: 32}, quantity: {type: 'integer', minimum: 0, maximum: 1000}}, required: ['sku'], additionalProperties: false,
}
const webPage = {id: '8ab8cdd0-7b9b-4f5d-bc42-8bc3b5b1bdde'}
const linkClick = {targetUrl: 'https://example.com/pricing', elementId: 'cta', elementClasses: ['btn', 'primary'], elementTarget: '_blank'}
const small = {sku: 'ABC-123', quantity: 2}

/** Operations per second of `fn` over ~`seconds` (async fns awaited in batches). */
async function rate(seconds: number, fn: () => unknown): Promise<number> {
  const end = performance.now() + seconds * 1000
  let n = 0
  const start = performance.now()
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i++) {
      const r = fn()
      if (r instanceof Promise) await r
    }
    n += 1000
  }
  return (n / (performance.now() - start)) * 1000
}

function bareValidator(schema: Record<string, unknown>): ValidateFunction {
  const ajv = new Ajv04({strict: false, validateSchema: false, unicodeRegExp: false})
  addFormats(ajv)
  ajv.addKeyword('self')
  const {$schema: _s, ...body} = schema
  return ajv.compile(body)
}

async function clientFor(): Promise<FullIgluClient> {
  const config = parseResolverConfig({schema: 'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-3', data: {cacheSize: 500, cacheTtl: 600, repositories: [
    {name: 'Iglu Central (local copy)', priority: 0, vendorPrefixes: [], connection: {embedded: {path: path.join(igluCentral, 'schemas')}}},
  ]}})
  const client = createIgluClient({config, cacheDir: false, extraRepositories: [{
    name: 'in memory', priority: 0, vendorPrefixes: ['com.acme'], classPriority: 1,
    lookup: async (key: SchemaKey) => (key.name === 'small' ? {ok: true, schema: SMALL_SCHEMA} : {ok: false, error: {error: 'NotFound'}}),
  }]})
  for (const k of [WEB_PAGE, LINK_CLICK, SMALL]) {
    const r = await client.validate(k, k === SMALL ? small : k === WEB_PAGE ? webPage : linkClick)
    if (!r.ok) throw new Error(`bench setup: ${JSON.stringify(r)}`)
  }
  return client
}

function schemaFiles(): {uri: string; schema: Record<string, unknown>}[] {
  const root = path.join(igluCentral, 'schemas')
  const out: {uri: string; schema: Record<string, unknown>}[] = []
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir)) {
      const p = path.join(dir, e)
      if (statSync(p).isDirectory()) walk(p)
      else if (p.includes(`${path.sep}jsonschema${path.sep}`)) out.push({uri: `iglu:${path.relative(root, p).split(path.sep).join('/')}`, schema: JSON.parse(readFileSync(p, 'utf8'))})
    }
  }
  walk(root)
  return out
}

function compileRow(): BenchRow {
  const files = schemaFiles()
  const ours = createSchemaValidator()
  let start = performance.now()
  for (const f of files) ours.compile(f.uri, f.schema)
  const oursMs = performance.now() - start
  const ajv = new Ajv04({strict: false, validateSchema: false, unicodeRegExp: false, addUsedSchema: false, allErrors: true, verbose: true, logger: false})
  addFormats(ajv)
  ajv.addKeyword('self')
  start = performance.now()
  for (const f of files) {
    try {
      ajv.compile(f.schema)
    } catch {
      // schemas that $ref iglucentral.com by URL: the bare baseline cannot compile them
    }
  }
  const bareMs = performance.now() - start
  process.stdout.write(`compile: ${files.length} Iglu Central JSON Schemas, ${(oursMs / files.length).toFixed(2)} ms per schema with the draft-04 meta check (bare ajv.compile ${(bareMs / files.length).toFixed(2)} ms)\n`)
  return {
    scenario: `compile per schema (${files.length} Iglu Central schemas; ${(oursMs / files.length).toFixed(2)} ms each; schemas/s)`,
    baseline: 'bare ajv.compile',
    baselineRps: (files.length / bareMs) * 1000,
    subjectRps: (files.length / oursMs) * 1000,
    ratio: bareMs / oursMs,
  }
}

const bench: Benchmark = {
  name: 'iglu: validation of cached schemas and compile time',
  async run(settings: BenchSettings): Promise<BenchRow[]> {
    const seconds = Math.min(settings.duration, 2)
    const client = await clientFor()
    const bareSmall = bareValidator(SMALL_SCHEMA)
    const bareWebPage = bareValidator(JSON.parse(readFileSync(path.join(igluCentral, 'schemas/com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0'), 'utf8')))
    const bareLinkClick = bareValidator(JSON.parse(readFileSync(path.join(igluCentral, 'schemas/com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1'), 'utf8')))

    const baseSmall = await rate(seconds, () => bareSmall(small))
    const asyncSmall = await rate(seconds, () => client.validate(SMALL, small))
    const syncSmall = await rate(seconds, () => client.validateCached(SMALL, small))
    const basePair = await rate(seconds, () => bareWebPage(webPage) && bareLinkClick(linkClick))
    const asyncPair = await rate(seconds, async () => {
      await client.validate(WEB_PAGE, webPage)
      await client.validate(LINK_CLICK, linkClick)
    })
    const syncPair = await rate(seconds, () => {
      client.validateCached(WEB_PAGE, webPage)
      client.validateCached(LINK_CLICK, linkClick)
    })
    const bad = {sku: 7, extra: true}
    const baseBad = await rate(seconds, () => bareSmall(bad))
    const syncBad = await rate(seconds, () => client.validateCached(SMALL, bad))
    const row = (scenario: string, baseline: string, baselineRps: number, subjectRps: number): BenchRow =>
      ({scenario, baseline, baselineRps, subjectRps, ratio: subjectRps / baselineRps})
    return [
      row('cached small schema: client.validate (async), validations/s', 'bare ajv validate', baseSmall, asyncSmall),
      row('cached small schema: client.validateCached (sync), validations/s', 'bare ajv validate', baseSmall, syncSmall),
      row('web_page + link_click per event: client.validate ×2, events/s', 'bare ajv ×2', basePair, asyncPair),
      row('web_page + link_click per event: validateCached ×2, events/s', 'bare ajv ×2', basePair, syncPair),
      row('invalid data (2 reports, Snowplow wording), validations/s', 'bare ajv validate (errors only)', baseBad, syncBad),
      compileRow(),
    ]
  },
}

export default bench
