import type {SchemaKey} from '../iglu/types.js'
import {readSchemas, schemaPathOf} from './files.js'
import {lintSchema} from './sanity.js'
import type {FileProblem, LintResult, MetaSchemaCheck, SchemaFile, SchemaReport} from './types.js'

export interface LintOptions {
  /** draft-04 meta-schema check (src/iglu's validator `checkSchema`) */
  metaCheck: MetaSchemaCheck
  /** linter names to skip (see parseSkipChecks) */
  skipChecks?: ReadonlySet<string>
  /** schemas to leave out of the lint (see parseSkipSchemas) */
  skipSchemas?: SchemaKey[]
}

const sameKey = (a: SchemaKey, b: SchemaKey): boolean =>
  a.vendor === b.vendor && a.name === b.name && a.format === b.format &&
  a.version.model === b.version.model && a.version.revision === b.version.revision && a.version.addition === b.version.addition

/** The meta-schema check sees the body only, as igluctl's `CirceValidator.checkSchema(schema.schema)`. */
function bodyOf(schema: Record<string, unknown>): Record<string, unknown> {
  const {self: _self, $schema: _s, ...body} = schema
  return body
}

/** Syntax check + sanity lint of one schema that passed the file checks. */
export function lintSchemaFile(file: SchemaFile, options: LintOptions): SchemaReport {
  const syntax = options
    .metaCheck(bodyOf(file.schema))
    .map((issue) => `Could not validate the schema, path: ${issue.path}, message: ${issue.message}`)
  const schemaPath = schemaPathOf(file.key)
  return {
    path: file.path,
    schemaPath,
    uri: `iglu:${schemaPath}`,
    syntax,
    issues: lintSchema(file.schema, {skip: options.skipChecks}),
  }
}

export function isCleanReport(report: SchemaReport): boolean {
  return report.syntax.length === 0 && report.issues.length === 0
}

/** `sp schema lint PATH`: file checks, then every schema linted; never throws on bad files. */
export async function lintPath(input: string, options: LintOptions): Promise<LintResult> {
  const {schemas, problems} = await readSchemas(input)
  const skip = options.skipSchemas ?? []
  const kept = schemas.filter((s) => !skip.some((k) => sameKey(k, s.key)))
  const allProblems: FileProblem[] = [...problems]
  if (schemas.length > 0 && kept.length === 0) allProblems.push({kind: 'skip', message: 'All schemas provided were also skipped'})
  const reports = kept.map((s) => lintSchemaFile(s, options))
  return {problems: allProblems, reports, ok: allProblems.length === 0 && reports.every(isCleanReport)}
}
