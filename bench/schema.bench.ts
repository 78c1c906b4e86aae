// Schema tooling: lint of every Iglu Central schema (target: under 3 s) and a push of 200 schemas
// into a real sp micro. Baselines from the same run: reading + JSON.parse of the same files, and
// 200 sequential PUTs to a fastify route that only answers 201.
import {mkdtemp, mkdir, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import Fastify from 'fastify'
import type {Benchmark, BenchRow} from './harness.js'
import {lintPath, readSchemas} from '../src/lint/index.js'
import {defaultMetaCheck} from '../src/lint/meta-check.js'
import {createRegistryClient, pushSchemas} from '../src/schema-client/index.js'
import {startMicro} from '../src/micro/server.js'
import {defaultMicroOptions} from '../src/micro/options.js'
import {SELF_DESCRIBING_URI} from '../src/lint/linters.js'
import {requireIgluCentral} from '../test/helpers/iglu-central.js'

// a copy of Iglu Central (SP_IGLU_CENTRAL_DIR or ../shared/iglu-central): these benches read all of it
const igluCentral = requireIgluCentral()
const SUPER_KEY = '48b267d7-cd2b-4f22-bae4-0f002008b5ad'
const PUSHED = 200

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now()
  const value = await fn()
  return [value, performance.now() - start]
}

async function lintRows(): Promise<BenchRow[]> {
  const [read, readMs] = await timed(() => readSchemas(igluCentral))
  const [result, lintMs] = await timed(() => lintPath(igluCentral, {metaCheck: defaultMetaCheck()}))
  const n = read.schemas.length
  process.stdout.write(`lint: ${result.reports.length} schemas linted in ${Math.round(lintMs)} ms (target < 3000 ms)\n`)
  return [
    {
      scenario: `lint all of Iglu Central (${n} schemas, ${Math.round(lintMs)} ms total; schemas/s)`,
      baseline: 'read + JSON.parse',
      baselineRps: (n / readMs) * 1000,
      subjectRps: (result.reports.length / lintMs) * 1000,
      subjectP99Ms: Math.round(lintMs),
      ratio: readMs / lintMs,
    },
  ]
}

async function writeSchemas(dir: string): Promise<void> {
  for (let i = 0; i < PUSHED / 10; i++) {
    for (let a = 0; a < 10; a++) {
      const version = `1-0-${a}`
      const folder = path.join(dir, 'com.bench', `ev_${i}`, 'jsonschema')
      await mkdir(folder, {recursive: true})
      const schema = {
        $schema: SELF_DESCRIBING_URI,
        self: {vendor: 'com.bench', name: `ev_${i}`, format: 'jsonschema', version},
        description: 'bench',
        type: 'object',
        properties: Object.fromEntries(Array.from({length: a + 1}, (_, k) => [`f${k}`, {description: 'f', type: ['string', 'null'], maxLength: 64}])),
        additionalProperties: false,
      }
      await writeFile(path.join(folder, version), JSON.stringify(schema, null, 2))
    }
  }
}

async function pushRows(): Promise<BenchRow[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sp-bench-schema-'))
  try {
    await writeSchemas(path.join(dir, 'schemas'))
    // baseline: a route that answers 201 without doing anything
    const bare = Fastify({logger: false})
    bare.put('/api/schemas/*', async (_req, reply) => reply.code(201).send({message: 'Schema created', updated: false, status: 201}))
    await bare.listen({port: 0, host: '127.0.0.1'})
    const bareUrl = `http://127.0.0.1:${(bare.server.address() as {port: number}).port}`
    const metaCheck = defaultMetaCheck()
    const [, bareMs] = await timed(() =>
      pushSchemas(path.join(dir, 'schemas'), {client: createRegistryClient({registry: bareUrl, apiKey: SUPER_KEY}), apiKeySent: true, isPublic: false, dryRun: false, metaCheck}),
    )
    await bare.close()

    const micro = await startMicro(defaultMicroOptions({port: 0, dbFile: path.join(dir, 'micro.db'), igluSuperApiKey: SUPER_KEY}))
    const [result, microMs] = await timed(() =>
      pushSchemas(path.join(dir, 'schemas'), {client: createRegistryClient({registry: micro.url, apiKey: SUPER_KEY}), apiKeySent: true, isPublic: false, dryRun: false, metaCheck}),
    )
    await micro.close()
    if (result.summary.created !== PUSHED) throw new Error(`push bench: ${result.summary.created} of ${PUSHED} created`)
    return [
      {
        scenario: `sp schema push of ${PUSHED} schemas into sp micro (${Math.round(microMs)} ms total; schemas/s)`,
        baseline: 'same push to a bare 201 route',
        baselineRps: (PUSHED / bareMs) * 1000,
        subjectRps: (PUSHED / microMs) * 1000,
        subjectP99Ms: Math.round(microMs),
        ratio: bareMs / microMs,
      },
    ]
  } finally {
    await rm(dir, {recursive: true, force: true})
  }
}

const bench: Benchmark = {
  name: 'schema tooling (lint, push)',
  async run() {
    return [...(await lintRows()), ...(await pushRows())]
  },
}

export default bench
