/**
 * Reading the lossy JSON events `/micro/events` returns: cell values, the failure entity's
 * errors, JSON paths. No DOM here: the Node tests import this file.
 */
import {FAILURE_COLUMN} from './view.js'

export type Json = null | boolean | number | string | Json[] | {[key: string]: Json}
export type LossyEvent = Record<string, Json>

/** One error of a failed event, with the data it is about. */
export interface FailureError {
  failureType: string
  message: string
  source: string | null
  /** `$.a[0].b`, relative to `data` (validation errors only) */
  path: string | null
  keyword: string | null
  /** the schema the data was checked against (or failed to resolve) */
  schema: string | null
  /** what the tracker sent for that source */
  data: Json
}

function isRecord(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * A cell: `column` is a lossy-JSON key, or `key.field` for a field of an entity (Micro's
 * `contexts_X.field` / `unstruct_event_X.field`); a context column is a list, so its field is the
 * list of that field over the entities.
 */
export function cellValue(event: LossyEvent, column: string): Json | undefined {
  if (column in event) return event[column]
  const dot = column.indexOf('.')
  if (dot < 0) return undefined
  const parent = event[column.slice(0, dot)]
  const field = column.slice(dot + 1)
  if (Array.isArray(parent)) return parent.map((entity) => (isRecord(entity) ? (entity[field] ?? null) : null))
  if (isRecord(parent)) return parent[field]
  return undefined
}

/** The text a cell shows (and a filter compares): strings as they are, anything else as JSON. */
export function cellText(value: Json | undefined): string {
  if (value === undefined) return ''
  if (typeof value === 'string') return value
  return JSON.stringify(value)
}

export function isFailed(event: LossyEvent): boolean {
  return Array.isArray(event[FAILURE_COLUMN]) && (event[FAILURE_COLUMN] as Json[]).length > 0
}

export function failureErrors(event: LossyEvent): FailureError[] {
  const entities = event[FAILURE_COLUMN]
  if (!Array.isArray(entities)) return []
  const out: FailureError[] = []
  for (const entity of entities) {
    if (!isRecord(entity)) continue
    const errors = Array.isArray(entity.errors) ? entity.errors : []
    for (const error of errors.length > 0 ? errors : [{}]) {
      const e = isRecord(error) ? error : {}
      out.push({
        failureType: typeof entity.failureType === 'string' ? entity.failureType : 'Failure',
        message: typeof e.message === 'string' ? e.message : JSON.stringify(error),
        source: typeof e.source === 'string' ? e.source : null,
        path: typeof e.path === 'string' ? e.path : null,
        keyword: typeof e.keyword === 'string' ? e.keyword : null,
        schema: typeof entity.schema === 'string' ? entity.schema : null,
        data: entity.data ?? null,
      })
    }
  }
  return out
}

/** `$.a[0].b` / `$['a b']` → ['a', 0, 'b']; null when it is not a path we can follow. */
export function parseJsonPath(path: string): (string | number)[] | null {
  if (!path.startsWith('$')) return null
  const out: (string | number)[] = []
  const re = /\.([^.[\]]+)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]/y
  re.lastIndex = 1
  while (re.lastIndex < path.length) {
    const m = re.exec(path)
    if (m === null) return null
    if (m[1] !== undefined) out.push(m[1])
    else if (m[2] !== undefined) out.push(Number(m[2]))
    else out.push(m[3]!.replace(/\\(.)/g, '$1'))
  }
  return out
}

export function valueAt(data: Json, path: (string | number)[]): Json | undefined {
  let node: Json | undefined = data
  for (const step of path) {
    if (typeof step === 'number' && Array.isArray(node)) node = node[step]
    else if (typeof step === 'string' && isRecord(node)) node = node[step]
    else return undefined
  }
  return node
}

export function samePath(a: (string | number)[], b: (string | number)[]): boolean {
  return a.length === b.length && a.every((step, i) => step === b[i])
}

/** `iglu:vendor/name/format/m-r-a` → its parts, or null. */
export function parseIgluUri(uri: string): {vendor: string; name: string; format: string; version: string} | null {
  const m = /^iglu:([^/]+)\/([^/]+)\/([^/]+)\/(\d+-\d+-\d+)$/.exec(uri)
  return m ? {vendor: m[1]!, name: m[2]!, format: m[3]!, version: m[4]!} : null
}
