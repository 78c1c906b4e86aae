/**
 * The contract of src/iglu: what enrich, the registry, lint and the CLI rely on.
 * JSON shapes follow iglu-scala-client's ClientError encoder exactly (see iglu.md §5).
 */
export interface SchemaVer {
  model: number
  revision: number
  addition: number
}

export interface SchemaKey {
  vendor: string
  name: string
  format: string
  version: SchemaVer
}

/** A self-describing JSON Schema as stored in a repository ($schema, self, body...). */
export type SelfDescribingSchema = Record<string, unknown> & {
  self: {vendor: string; name: string; format: string; version: string}
}

export type LookupError =
  | {error: 'NotFound'}
  | {error: 'RepoFailure'; message: string}
  | {error: 'ClientFailure'; message: string}

export interface LookupHistory {
  repository: string
  errors: LookupError[]
  attempts: number
  lastAttempt: string // ISO instant
}

export interface ResolutionError {
  error: 'ResolutionError'
  lookupHistory: LookupHistory[] // sorted by repository name
}

export interface DataReport {
  message: string // e.g. "$.quantity: string found, integer expected"
  path: string | null
  keyword: string | null
  targets: string[]
}

export interface SchemaIssue {
  path: string
  message: string
}

export type ValidationError =
  | {error: 'ValidationError'; dataReports: DataReport[]; supersededBy?: string}
  | {error: 'ValidationError'; schemaIssues: SchemaIssue[]; supersededBy?: string}

export type ClientError = ResolutionError | ValidationError

/** One answer of one repository. */
export type RepositoryLookup =
  | {ok: true; schema: SelfDescribingSchema}
  | {ok: false; error: LookupError}

/**
 * A place schemas come from: a local folder, a static HTTP repository, an Iglu Server API, or the
 * registry inside `sp micro` (implemented by src/registry over SQLite).
 */
export interface Repository {
  readonly name: string
  readonly priority: number
  readonly vendorPrefixes: string[]
  /** InMemory 1 < Embedded 2 < Http 100, as iglu-scala-client's classPriority */
  readonly classPriority: number
  lookup(key: SchemaKey): Promise<RepositoryLookup>
  /** Schema list `vendor/name/jsonschema/model` (sorted URIs), when the repository can list. */
  list?(vendor: string, name: string, model: number): Promise<{ok: true; uris: string[]} | {ok: false; error: LookupError}>
}

export type ResolveResult =
  | {ok: true; schema: SelfDescribingSchema; repository: string; supersededBy?: SchemaVer}
  | {ok: false; error: ResolutionError}

export type ValidateResult =
  | {ok: true; key: SchemaKey; supersededBy?: SchemaVer}
  | {ok: false; key: SchemaKey; error: ClientError}

/** The one client every concern goes through. */
export interface IgluClient {
  resolve(key: SchemaKey): Promise<ResolveResult>
  /** Resolve `key`, then validate `data` against it (schemas compiled once, cached by URI). */
  validate(key: SchemaKey, data: unknown): Promise<ValidateResult>
  /**
   * `validate`'s answer when it needs no lookup (schema cached and fresh), else undefined: lets
   * per-event code skip a promise per validation. Optional: callers fall back to `validate`.
   */
  validateCached?(key: SchemaKey, data: unknown): ValidateResult | undefined
  /** Drop cached answers (all, or one key's), e.g. after a push to the registry. */
  invalidate(key?: SchemaKey): void
}
