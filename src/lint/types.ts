import type {SchemaKey, SchemaIssue, SelfDescribingSchema} from '../iglu/types.js'
import type {LintLevel} from './linters.js'

export interface LintIssue {
  linter: string
  level: LintLevel
  /** schema-ddl pointer: `/`, `/properties/a/items` */
  pointer: string
  message: string
}

/** A file that passed the file checks: readable, JSON, self-describing, path = self. */
export interface SchemaFile {
  /** as given or found under the input (relative inputs stay relative, like igluctl) */
  path: string
  key: SchemaKey
  schema: SelfDescribingSchema
}

export type FileProblemKind = 'read' | 'parse' | 'pathMismatch' | 'consistency' | 'skip'

/** A file check that failed; `message` is igluctl's full line. */
export interface FileProblem {
  kind: FileProblemKind
  path?: string
  message: string
}

export interface SchemaReport {
  path: string
  /** `vendor/name/format/M-R-A`, as igluctl prints it */
  schemaPath: string
  uri: string
  /** draft-04 meta-schema failures, `Could not validate the schema, path: …, message: …` */
  syntax: string[]
  issues: LintIssue[]
}

export interface LintResult {
  problems: FileProblem[]
  reports: SchemaReport[]
  /** true when nothing at all was reported (igluctl's exit 0) */
  ok: boolean
}

/** Draft-04 meta-schema check of a schema body (src/iglu's validator). */
export type MetaSchemaCheck = (schema: Record<string, unknown>) => SchemaIssue[]
