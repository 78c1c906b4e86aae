import {readdir, readFile, realpath, stat, access} from 'node:fs/promises'
import {jsonErrorInline} from '../errors/json-position.js'
import {constants} from 'node:fs'
import path from 'node:path'
import {isSpError} from '../errors/sp-error.js'
import {parseSchemaVer, compareSchemaVer} from '../iglu/index.js'
import type {SchemaKey, SelfDescribingSchema} from '../iglu/types.js'
import {SELF_DESCRIBING_URI} from './linters.js'
import {jsonDepth} from '../registry/json-body.js'
import {printable} from '../cli/printable.js'
import type {FileProblem, SchemaFile} from './types.js'

export interface ReadSchemasResult {
  schemas: SchemaFile[]
  problems: FileProblem[]
}

type PathKind = 'file' | 'dir' | 'other' | 'unreadable'

async function kindOf(p: string): Promise<PathKind> {
  let s
  try {
    s = await stat(p)
  } catch {
    return 'other'
  }
  if (!s.isFile() && !s.isDirectory()) return 'other'
  try {
    await access(p, constants.R_OK)
  } catch {
    return 'unreadable'
  }
  return s.isFile() ? 'file' : 'dir'
}

/** Non-hidden regular files under `dir`, recursively, in lexical order. */
async function listFiles(dir: string, problems: FileProblem[], root?: string): Promise<string[]> {
  root ??= await realpath(dir).catch(() => path.resolve(dir))
  let entries
  try {
    entries = await readdir(dir, {withFileTypes: true})
  } catch (error) {
    problems.push({kind: 'read', path: dir, message: `Cannot read [${dir}]: Cannot list directory: ${(error as Error).message}`})
    return []
  }
  const out: string[] = []
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.')) continue
    const p = path.join(dir, entry.name)
    if (entry.isDirectory()) out.push(...(await listFiles(p, problems, root)))
    else if (entry.isFile()) out.push(p)
    else if (entry.isSymbolicLink()) {
      // a link is followed only to a file inside the folder being linted
      const target = await realpath(p).catch(() => undefined)
      const inside = target !== undefined && target.startsWith(root + path.sep)
      if (inside) {
        if ((await kindOf(target)) === 'file') out.push(p)
      } else if (isJsonSchemaPath(p)) {
        problems.push({kind: 'read', path: p, message: `Cannot read [${p}]: symbolic link to a path outside [${root}] (not followed)`})
      }
    }
  }
  return out
}

/** igluctl only picks `<vendor>/<name>/jsonschema/<version>` files out of a directory. */
function isJsonSchemaPath(file: string): boolean {
  const parts = path.resolve(file).split(path.sep)
  return parts.length >= 4 && parts[parts.length - 2] === 'jsonschema'
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * iglu-core's `SelfDescribingSchema.parse`: `$schema` first (INVALID_METASCHEMA), then `self`
 * (INVALID_SCHEMA), then its version (INVALID_SCHEMAVER).
 */
export function parseSelfDescribingSchema(json: unknown): {ok: true; key: SchemaKey; schema: SelfDescribingSchema} | {ok: false; code: string} {
  if (!isObject(json)) return {ok: false, code: 'INVALID_SCHEMA'}
  if (json.$schema !== SELF_DESCRIBING_URI) return {ok: false, code: 'INVALID_METASCHEMA'}
  const self = json.self
  if (!isObject(self)) return {ok: false, code: 'INVALID_SCHEMA'}
  const {vendor, name, format, version} = self
  if (typeof vendor !== 'string' || typeof name !== 'string' || typeof format !== 'string' || typeof version !== 'string') {
    return {ok: false, code: 'INVALID_SCHEMA'}
  }
  try {
    const key: SchemaKey = {vendor, name, format, version: parseSchemaVer(version)}
    return {ok: true, key, schema: json as SelfDescribingSchema}
  } catch (error) {
    return {ok: false, code: isSpError(error) ? error.code : 'INVALID_SCHEMAVER'}
  }
}

export function schemaPathOf(key: SchemaKey): string {
  const v = key.version
  return `${key.vendor}/${key.name}/${key.format}/${v.model}-${v.revision}-${v.addition}`
}

function uriOf(key: SchemaKey): string {
  return `iglu:${schemaPathOf(key)}`
}

/** Far deeper than any real schema (Iglu Central's deepest is about 15), far from the stack's limit. */
export const MAX_SCHEMA_DEPTH = 200

/**
 * V8's JSON.parse message quotes the start of the text (`Unexpected token 'r', "root:x:0:0:"...
 * is not valid JSON`): a binary file or a secret would be printed. The position is kept.
 */
function jsonErrorWithoutInput(message: string): string {
  return printable(message.replace(/, ".*" is not valid JSON$/s, ' (not valid JSON)').replace(/^Unexpected token '.+?'/s, 'Unexpected token'), true)
}

/** Text → JSON → self-describing schema → path agrees with `self`; each failure is one problem. */
export function checkSchemaText(file: string, text: string): SchemaFile | FileProblem {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    return {kind: 'parse', path: file, message: `Cannot parse [${file}]: ${printable(jsonErrorInline(text, error), true)}`}
  }
  // the linters and the meta-schema check walk the schema recursively
  if (jsonDepth(text) > MAX_SCHEMA_DEPTH) {
    return {kind: 'parse', path: file, message: `Cannot parse [${file}]: JSON nested deeper than ${MAX_SCHEMA_DEPTH} levels`}
  }
  const parsed = parseSelfDescribingSchema(json)
  if (!parsed.ok) {
    const reason =
      parsed.code === 'INVALID_SCHEMA'
        ? 'Cannot extract Self-describing JSON Schema from JSON file'
        : `JSON Schema in file [${path.resolve(file)}] is not valid, ${parsed.code}`
    return {kind: 'parse', path: file, message: `Cannot parse [${file}]: ${reason}`}
  }
  const tail = path.resolve(file).split(path.sep).slice(-4).join('/')
  if (tail !== schemaPathOf(parsed.key)) {
    return {
      kind: 'pathMismatch',
      path: file,
      message: `JSON schema in [${file}] does not correspond to its metadata [${uriOf(parsed.key)}]`,
    }
  }
  return {path: file, key: parsed.key, schema: parsed.schema}
}

function isProblem(x: SchemaFile | FileProblem): x is FileProblem {
  return 'message' in x && 'kind' in x
}

/** igluctl's `existMissingSchemaVersion` step: A+1, R+1 with A=0, or M+1 with R=A=0. */
function isSuccessor(prev: SchemaKey['version'], cur: SchemaKey['version']): boolean {
  return (
    (cur.model === prev.model && cur.revision === prev.revision && cur.addition === prev.addition + 1) ||
    (cur.model === prev.model && cur.revision === prev.revision + 1 && cur.addition === 0) ||
    (cur.model === prev.model + 1 && cur.revision === 0 && cur.addition === 0)
  )
}

const isInitial = (k: SchemaKey): boolean => k.version.model === 1 && k.version.revision === 0 && k.version.addition === 0

/** igluctl's `checkSchemasConsistency`: a 1-0-0 per vendor/name and no gaps between versions. */
export function checkConsistency(keys: SchemaKey[]): FileProblem[] {
  if (keys.length === 1) {
    return isInitial(keys[0]!)
      ? []
      : [{kind: 'consistency', message: `Schema [${schemaPathOf(keys[0]!)}] contains a schema whose version is not 1-0-0`}]
  }
  const groups = new Map<string, SchemaKey[]>()
  for (const key of keys) {
    const id = `${key.vendor}/${key.name}`
    groups.set(id, [...(groups.get(id) ?? []), key])
  }
  const missing: FileProblem[] = []
  const gaps: FileProblem[] = []
  for (const [id, group] of groups) {
    if (!group.some(isInitial)) {
      missing.push({kind: 'consistency', message: `Schemas of [${id}] do not contain initial 1-0-0 schema`})
      continue
    }
    const sorted = [...group].sort((a, b) => compareSchemaVer(a.version, b.version))
    if (sorted.some((k, i) => i > 0 && !isSuccessor(sorted[i - 1]!.version, k.version))) {
      gaps.push({kind: 'consistency', message: `Schemas of [${id}] have gaps between schema versions`})
    }
  }
  return [...missing, ...gaps]
}

/**
 * igluctl's `File.readSchemas`: reads a file or a directory, keeps every schema that passes the
 * file checks and reports the others, then checks the set for missing 1-0-0s and gaps.
 */
export async function readSchemas(input: string): Promise<ReadSchemasResult> {
  const kind = await kindOf(input)
  if (kind === 'other') return {schemas: [], problems: [{kind: 'read', path: input, message: `Cannot read [${input}]: Path is neither file or directory`}]}
  if (kind === 'unreadable') return {schemas: [], problems: [{kind: 'read', path: input, message: `Cannot read [${input}]: Not readable`}]}

  const listProblems: FileProblem[] = []
  const files = kind === 'file' ? [input] : (await listFiles(input, listProblems)).filter(isJsonSchemaPath)
  if (files.length === 0 && listProblems.length === 0) {
    return {schemas: [], problems: [{kind: 'read', path: input, message: `Cannot read [${input}]: is empty`}]}
  }
  const fileProblems: FileProblem[] = [...listProblems]
  const schemas: SchemaFile[] = []
  // Reads are independent; run them together but keep the lexical order in the results.
  const texts = await Promise.all(
    files.map(async (file) => {
      try {
        return {file, text: await readFile(file, 'utf8')}
      } catch (error) {
        return {file, error: error as Error}
      }
    }),
  )
  for (const entry of texts) {
    if ('error' in entry) {
      fileProblems.push({kind: 'read', path: entry.file, message: `Cannot read [${entry.file}]: Cannot read: ${entry.error!.message}`})
      continue
    }
    const checked = checkSchemaText(entry.file, entry.text!)
    if (isProblem(checked)) fileProblems.push(checked)
    else schemas.push(checked)
  }
  if (schemas.length === 0) {
    return {schemas, problems: [{kind: 'read', path: input, message: `Cannot read [${input}]: no valid JSON Schemas`}, ...fileProblems]}
  }
  return {schemas, problems: [...checkConsistency(schemas.map((s) => s.key)), ...fileProblems]}
}
