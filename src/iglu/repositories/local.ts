import {readFile, readdir} from 'node:fs/promises'
import path from 'node:path'
import type {LookupError, Repository, RepositoryLookup, SchemaKey, SelfDescribingSchema} from '../types.js'
import {isSafeSchemaKey, isSafeVendor, isValidSchemaVer, NAME_PATTERN, compareSchemaVer, parseSchemaVer, schemaKeyToPath} from '../schema-key.js'
import {selfDescribingProblem} from '../self-describing.js'

/** Class priorities of iglu-scala-client's Resolver.prioritize. */
export const CLASS_PRIORITY = {inMemory: 1, embedded: 2, http: 100} as const

export interface LocalRepositoryOptions {
  name: string
  dir: string
  priority?: number
  vendorPrefixes?: string[]
  classPriority?: number
  /**
   * Serve a file whose `self` names another schema under the key of its path, as
   * iglu-scala-client's embedded registry does (it reads the file at the key's path and never
   * looks at `self`). Micro's config folder uses this; `sp schema lint` still reports the mismatch.
   */
  lenientSelf?: boolean
}

// Layouts accepted under a folder: our own `DIR/vendor/…`, a static repo `DIR/schemas/vendor/…`,
// and Micro's `DIR/iglu-client-embedded/schemas/vendor/…`.
const LAYOUTS = ['', 'schemas', path.join('iglu-client-embedded', 'schemas')]

/** A folder of schema files (`--schemas DIR`), files with or without `.json`. */
export class LocalRepository implements Repository {
  readonly name: string
  readonly dir: string
  readonly priority: number
  readonly vendorPrefixes: string[]
  readonly classPriority: number
  readonly lenientSelf: boolean

  constructor(options: LocalRepositoryOptions) {
    this.name = options.name
    this.dir = path.resolve(options.dir)
    this.priority = options.priority ?? 0
    this.vendorPrefixes = options.vendorPrefixes ?? []
    this.classPriority = options.classPriority ?? CLASS_PRIORITY.embedded
    this.lenientSelf = options.lenientSelf ?? false
  }

  /** Candidate files for a key; empty when the key is not grammatical (nothing is ever read). */
  private candidates(key: SchemaKey): string[] {
    if (!isSafeSchemaKey(key)) return []
    const rel = schemaKeyToPath(key)
    const out: string[] = []
    for (const layout of LAYOUTS) {
      const file = path.resolve(this.dir, layout, rel)
      // Belt and braces: the grammar already excludes `..` and separators.
      if (!file.startsWith(this.dir + path.sep)) continue
      out.push(file, `${file}.json`)
    }
    return out
  }

  async lookup(key: SchemaKey): Promise<RepositoryLookup> {
    for (const file of this.candidates(key)) {
      let text: string
      try {
        text = await readFile(file, 'utf8')
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code
        if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') continue
        return {ok: false, error: {error: 'RepoFailure', message: `Cannot read schema file ${file}: ${(e as Error).message}`}}
      }
      return parseSchemaFile(text, file, key, this.lenientSelf)
    }
    return {ok: false, error: {error: 'NotFound'}}
  }

  async list(vendor: string, name: string, model: number): Promise<{ok: true; uris: string[]} | {ok: false; error: LookupError}> {
    if (!isSafeVendor(vendor) || !NAME_PATTERN.test(name) || !Number.isSafeInteger(model) || model < 1) {
      return {ok: false, error: {error: 'NotFound'}}
    }
    const versions = new Set<string>()
    for (const layout of LAYOUTS) {
      const dir = path.resolve(this.dir, layout, vendor, name, 'jsonschema')
      let entries: string[]
      try {
        entries = await readdir(dir)
      } catch {
        continue
      }
      for (const e of entries) {
        const v = e.replace(/\.json$/, '')
        if (isValidSchemaVer(v) && parseSchemaVer(v).model === model) versions.add(v)
      }
    }
    if (versions.size === 0) return {ok: false, error: {error: 'NotFound'}}
    const uris = [...versions]
      .map(parseSchemaVer)
      .sort(compareSchemaVer)
      .map((v) => `iglu:${vendor}/${name}/jsonschema/${v.model}-${v.revision}-${v.addition}`)
    return {ok: true, uris}
  }
}

/** Parses a schema file's text; problems name the file and never throw. */
export function parseSchemaFile(text: string, file: string, key: SchemaKey, lenientSelf = false): RepositoryLookup {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    return {ok: false, error: {error: 'RepoFailure', message: `Schema file ${file} is not valid JSON: ${(e as Error).message}`}}
  }
  const problem = selfDescribingProblem(json, key, `Schema file ${file}`)
  if (problem !== undefined && lenientSelf && selfDescribingProblem(json, declaredKey(json) ?? key, '') === undefined) {
    return {ok: true, schema: json as SelfDescribingSchema}
  }
  if (problem !== undefined) return {ok: false, error: {error: 'RepoFailure', message: problem}}
  return {ok: true, schema: json as SelfDescribingSchema}
}

/** The key a schema's `self` declares, when it is a well-formed one. */
export function declaredKey(json: unknown): SchemaKey | undefined {
  const self = (json as {self?: Record<string, unknown>} | null)?.self
  if (self === null || typeof self !== 'object') return undefined
  const {vendor, name, format, version} = self
  if (typeof vendor !== 'string' || typeof name !== 'string' || typeof format !== 'string' || typeof version !== 'string' || !isValidSchemaVer(version)) return undefined
  return {vendor, name, format, version: parseSchemaVer(version)}
}
