import {tempDir as sharedTempDir} from '../helpers/temp-dir.js'
import {mkdir, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {SELF_DESCRIBING_URI} from '../../src/lint/index.js'

export const tempDir = (t: {after: (fn: () => Promise<void>) => void}): Promise<string> => sharedTempDir(t, 'sp-lint-')

/** A schema body that passes every linter. */
export function cleanBody(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    description: 'An event',
    type: 'object',
    properties: {name: {description: 'Name', type: 'string', maxLength: 10}},
    additionalProperties: false,
    ...extra,
  }
}

export function selfDescribing(vendor: string, name: string, version: string, body = cleanBody()): Record<string, unknown> {
  return {$schema: SELF_DESCRIBING_URI, self: {vendor, name, format: 'jsonschema', version}, ...body}
}

/** Writes `<root>/schemas/<vendor>/<name>/jsonschema/<version>`; `content` overrides the JSON. */
export async function writeSchema(
  root: string,
  vendor: string,
  name: string,
  version: string,
  content: unknown = selfDescribing(vendor, name, version),
): Promise<string> {
  const dir = path.join(root, 'schemas', vendor, name, 'jsonschema')
  await mkdir(dir, {recursive: true})
  const file = path.join(dir, version)
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2))
  return file
}
