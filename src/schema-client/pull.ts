import {readFile, writeFile} from 'node:fs/promises'
import {parseSelfDescribingSchema, schemaPathOf} from '../lint/files.js'
import {schemaFileIn} from './safe-path.js'
import {unexpected, type RegistryClient} from './client.js'
import {responseError} from './errors.js'

export interface PulledFile {
  uri: string
  file: string
  action: 'written' | 'overridden' | 'unchanged'
}

/**
 * igluctl's `static pull`: every schema the key can read (`GET /api/schemas?repr=canonical`),
 * written to `<dir>/<vendor>/<name>/<format>/<version>` as 2-space JSON. Files whose content is
 * already identical are left alone.
 */
export async function pullSchemas(dir: string, client: RegistryClient): Promise<PulledFile[]> {
  const answer = await client.listSchemas('canonical')
  if (answer.status !== 200) throw unexpected(answer, `${client.root}/api/schemas`)
  if (!Array.isArray(answer.body)) throw responseError(`The registry at ${client.root} did not answer a JSON array of schemas.`)
  const out: PulledFile[] = []
  for (const schema of answer.body) {
    const parsed = parseSelfDescribingSchema(schema)
    if (!parsed.ok) throw responseError(`The registry answered a schema that is not self-describing (${parsed.code}).`, schema)
    const {$supersededBy: _by, ...content} = schema as Record<string, unknown>
    const rel = schemaPathOf(parsed.key)
    const file = await schemaFileIn(dir, parsed.key)
    const text = JSON.stringify(content, null, 2) + '\n'
    const previous = await readFile(file, 'utf8').catch(() => undefined)
    if (previous === text) {
      out.push({uri: `iglu:${rel}`, file, action: 'unchanged'})
      continue
    }
    await writeFile(file, text)
    out.push({uri: `iglu:${rel}`, file, action: previous === undefined ? 'written' : 'overridden'})
  }
  return out
}

/** igluctl's wording. */
export function pulledLine(p: PulledFile): string {
  if (p.action === 'unchanged') return `File [${p.file}] was not modified`
  return `File [${p.file}] was ${p.action} successfully!`
}
