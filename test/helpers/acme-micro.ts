import {mkdir, writeFile} from 'node:fs/promises'
import path from 'node:path'
import type {TestContext} from 'node:test'
import {startMicro, type RunningMicro} from '../../src/micro/server.js'
import {defaultMicroOptions, type MicroOptions} from '../../src/micro/options.js'
import {tempDir} from './temp-dir.js'

export const CHECKOUT = 'iglu:com.acme/checkout/jsonschema/1-0-0'
export const BUTTON_CLICK = 'iglu:com.acme/button_click/jsonschema/1-0-0'

/** A self-describing JSON Schema for com.acme/<name>/jsonschema/<version>. */
export function acmeSchema(name: string, version: string, properties: Record<string, unknown>, required: string[]): Record<string, unknown> {
  return {
    $schema: 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#',
    description: `${name} fixture`,
    self: {vendor: 'com.acme', name, format: 'jsonschema', version},
    type: 'object',
    properties,
    required,
    additionalProperties: false,
  }
}

/** Writes the fixture schemas (checkout: {step: integer}, button_click: {label: string}) into `dir`. */
export async function writeAcmeSchemas(dir: string): Promise<void> {
  const schemas = [
    acmeSchema('checkout', '1-0-0', {step: {type: 'integer'}}, ['step']),
    acmeSchema('button_click', '1-0-0', {label: {type: 'string', maxLength: 20}}, ['label']),
  ]
  for (const s of schemas) {
    const self = s.self as {name: string; version: string}
    const folder = path.join(dir, 'com.acme', self.name, 'jsonschema')
    await mkdir(folder, {recursive: true})
    await writeFile(path.join(folder, self.version), JSON.stringify(s, null, 2))
  }
}

/** A real sp micro in this process (file database, offline, the acme schemas in a --schemas folder). */
export async function startAcmeMicro(t: TestContext, overrides: Partial<MicroOptions> = {}): Promise<{micro: RunningMicro; dir: string; schemas: string}> {
  const dir = await tempDir(t, 'sp-acme-')
  const schemas = path.join(dir, 'schemas')
  await writeAcmeSchemas(schemas)
  const micro = await startMicro(
    defaultMicroOptions({port: 0, dbFile: path.join(dir, 'micro.db'), iglu: {schemaDirs: [schemas], offline: true, cacheDir: false}, ...overrides}),
  )
  t.after(() => micro.close())
  return {micro, dir, schemas}
}
