import {existsSync} from 'node:fs'
import {readSchemas} from '../lint/files.js'
import {createIgluClient, parseSchemaKey, resolverConfigFor} from '../iglu/index.js'
import type {SchemaDocument} from './ddl.js'
import {ddlInputError} from './errors.js'

export interface SchemaInputOptions {
  /** resolver config for `iglu:` inputs */
  resolverFile?: string
  schemaDirs?: string[]
  offline?: boolean
}

/**
 * The schemas `sp schema ddl` turns into tables: folders or files of schemas (read as igluctl reads
 * them), and `iglu:` URIs resolved the way sp micro resolves them.
 */
export async function readSchemaInputs(
  inputs: readonly string[],
  options: SchemaInputOptions = {},
): Promise<{documents: SchemaDocument[]; warnings: string[]}> {
  const documents: SchemaDocument[] = []
  const warnings: string[] = []
  const uris = inputs.filter((input) => input.startsWith('iglu:'))
  for (const input of inputs.filter((i) => !i.startsWith('iglu:'))) {
    if (!existsSync(input)) throw ddlInputError(`Cannot read ${input}: no such file or folder (give a schema folder, a schema file or an iglu: URI)`)
    const {schemas, problems} = await readSchemas(input)
    const fatal = problems.filter((p) => p.kind !== 'consistency')
    if (fatal.length > 0) throw ddlInputError(fatal.map((p) => p.message).join('\n'))
    // a missing 1-0-0 or a version gap, as igluctl warns: the tables are still made from what is there
    warnings.push(...problems.map((p) => p.message))
    documents.push(...schemas.map((s) => s.schema as SchemaDocument))
  }
  if (uris.length > 0) {
    const iglu = createIgluClient({config: resolverConfigFor({resolverFile: options.resolverFile, schemaDirs: options.schemaDirs}), offline: options.offline})
    for (const uri of uris) {
      const key = parseSchemaKey(uri)
      const result = await iglu.resolve(key)
      if (!result.ok) throw ddlInputError(`Cannot resolve ${uri}: ${JSON.stringify(result.error)}`)
      documents.push(result.schema as SchemaDocument)
    }
  }
  return {documents, warnings}
}
