import type {ErrorObject} from 'ajv'
import type {DataReport} from './types.js'
import {DATE_TIME_FORMATS, type KnownFormats} from './formats.js'

// Turns ajv errors into Snowplow's ValidatorReport: the message templates of networknt
// json-schema-validator 1.0.76 (frozen by iglu-scala-client's CustomMessageFormatter), its
// `$.a[0].b` paths, keyword names and `targets` (the template arguments after the path).

/** Jackson's JsonType of a value, as networknt prints it ("integer found, string expected"). */
export function jsonType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  switch (typeof value) {
    case 'string': return 'string'
    case 'boolean': return 'boolean'
    case 'number': return Number.isInteger(value) ? 'integer' : 'number'
    case 'bigint': return 'integer'
    case 'object': return 'object'
    default: return 'unknown'
  }
}

/** JSON pointer `/a/0/b` over `root` → `$.a[0].b` (numeric segments of arrays in brackets). */
export function pointerToPath(pointer: string, root: unknown): string {
  if (pointer === '') return '$'
  let out = '$'
  let node: unknown = root
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (Array.isArray(node)) {
      out += `[${seg}]`
      node = node[Number(seg)]
    } else {
      out += `.${seg}`
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[seg] : undefined
    }
  }
  return out
}

/** Jackson's `asText()` of an enum member: strings unquoted, containers as JSON. */
function asText(v: unknown): string {
  if (typeof v === 'string') return v
  if (v === null) return 'null'
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

const report = (message: string, path: string, keyword: string, targets: string[]): DataReport => ({message, path, keyword, targets})

function mapError(e: ErrorObject, root: unknown, formats: KnownFormats): DataReport[] {
  const path = pointerToPath(e.instancePath, root)
  const p = e.params as Record<string, any>
  switch (e.keyword) {
    case 'required':
      return [report(`${path}.${p.missingProperty}: is missing but it is required`, path, 'required', [String(p.missingProperty)])]
    case 'additionalProperties':
      return [report(`${path}.${p.additionalProperty}: is not defined in the schema and the schema does not allow additional properties`, path, 'additionalProperties', [String(p.additionalProperty)])]
    case 'type': {
      const found = jsonType(e.data)
      const expected = Array.isArray(e.schema) ? `[${(e.schema as string[]).join(', ')}]` : String(e.schema)
      return [report(`${path}: ${found} found, ${expected} expected`, path, 'type', [found, expected])]
    }
    case 'enum': {
      const values = `[${(e.schema as unknown[]).map(asText).join(', ')}]`
      return [report(`${path}: does not have a value in the enumeration ${values}`, path, 'enum', [values])]
    }
    case 'maxLength':
      return [report(`${path}: may only be ${p.limit} characters long`, path, 'maxLength', [String(p.limit)])]
    case 'minLength':
      return [report(`${path}: must be at least ${p.limit} characters long`, path, 'minLength', [String(p.limit)])]
    case 'pattern':
      return [report(`${path}: does not match the regex pattern ${p.pattern}`, path, 'pattern', [String(p.pattern)])]
    case 'format': {
      const name = String(p.format)
      if (DATE_TIME_FORMATS.has(name)) {
        const value = asText(e.data)
        return [report(`${path}: ${value} is an invalid ${name}`, path, 'format', [value, name])]
      }
      const display = formats.get(name)?.display ?? ''
      return [report(`${path}: does not match the ${name} pattern ${display}`, path, 'format', [name, display])]
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      // draft-04 exclusive bounds are booleans beside minimum/maximum; networknt words them as
      // the plain bound (its exclusive* templates belong to draft-06+).
      const kw = p.comparison === '>' || p.comparison === '>=' ? 'minimum' : 'maximum'
      const limit = String(p.limit)
      return [report(`${path}: must have a ${kw} value of ${limit}`, path, kw, [limit])]
    }
    case 'multipleOf':
      return [report(`${path}: must be multiple of ${p.multipleOf}`, path, 'multipleOf', [String(p.multipleOf)])]
    case 'minItems':
      return [report(`${path}: there must be a minimum of ${p.limit} items in the array`, path, 'minItems', [String(p.limit), String((e.data as unknown[]).length)])]
    case 'maxItems':
      return [report(`${path}: there must be a maximum of ${p.limit} items in the array`, path, 'maxItems', [String(p.limit), String((e.data as unknown[]).length)])]
    case 'uniqueItems':
      return [report(`${path}: the items in the array must be unique`, path, 'uniqueItems', [])]
    case 'maxProperties':
      return [report(`${path}: may only have a maximum of ${p.limit} properties`, path, 'maxProperties', [String(p.limit)])]
    case 'minProperties':
      return [report(`${path}: should have a minimum of ${p.limit} properties`, path, 'minProperties', [String(p.limit)])]
    case 'dependencies': {
      // networknt prints its Map<String, List<String>> of property dependencies (Java toString).
      const deps = Object.entries(e.schema as Record<string, unknown>)
        .filter(([, v]) => Array.isArray(v))
        .map(([k, v]) => `${k}=[${(v as unknown[]).map(asText).join(', ')}]`)
      const text = `{${deps.join(', ')}}`
      return [report(`${path}: has an error with dependencies ${text}`, path, 'dependencies', [text])]
    }
    case 'additionalItems': {
      const items = e.data as unknown[]
      const out: DataReport[] = []
      for (let i = Number(p.limit); i < items.length; i++) {
        out.push(report(`${path}[${i}]: no validator found at this index`, path, 'additionalItems', [String(i)]))
      }
      return out
    }
    case 'oneOf': {
      // Several matched: networknt prints the matching subschemas concatenated (none matched is
      // handled by toDataReports, which needs the branch errors).
      if (!Array.isArray(p.passingSchemas)) return []
      const schemas = (p.passingSchemas as number[]).map((i) => JSON.stringify((e.schema as unknown[])[i])).join('')
      return [report(`${path}: should be valid to one and only one of schema, but more than one are valid: ${schemas}`, path, 'oneOf', [schemas])]
    }
    case 'anyOf':
    case 'allOf':
    case 'if':
      return [] // networknt reports the failing branches' errors, which ajv already listed
    case 'not': {
      const text = `"not" : ${JSON.stringify(e.schema)}`
      return [report(`${path}: should not be valid to the schema ${text}`, path, 'not', [text])]
    }
    default:
      return [report(`${path}: ${e.message ?? e.keyword}`, path, e.keyword, [])]
  }
}

/**
 * A oneOf that no branch satisfies: networknt (1.0.76) reports the branches' errors except their
 * additionalProperties ones, and its own message only when nothing is left.
 */
function oneOfNoneValid(errors: readonly ErrorObject[], skip: Set<ErrorObject>): Map<ErrorObject, boolean> {
  const speakFor = new Map<ErrorObject, boolean>()
  for (const e of errors) {
    if (e.keyword !== 'oneOf' || Array.isArray((e.params as {passingSchemas?: unknown}).passingSchemas)) continue
    const prefix = `${e.schemaPath}/`
    let left = 0
    for (const c of errors) {
      if (c === e || !c.schemaPath.startsWith(prefix)) continue
      if (c.keyword === 'additionalProperties') skip.add(c)
      else left++
    }
    speakFor.set(e, left === 0)
  }
  return speakFor
}

/** ajv errors (allErrors + verbose) → Snowplow DataReports, duplicates dropped. */
export function toDataReports(errors: readonly ErrorObject[], data: unknown, formats: KnownFormats): DataReport[] {
  const out: DataReport[] = []
  const seen = new Set<string>()
  const skip = new Set<ErrorObject>()
  const oneOfs = oneOfNoneValid(errors, skip)
  for (const e of errors) {
    if (skip.has(e)) continue
    let mapped: DataReport[]
    if (oneOfs.has(e)) {
      const path = pointerToPath(e.instancePath, data)
      mapped = oneOfs.get(e) ? [report(`${path}: should be valid to one and only one of schema, but more than one are valid: `, path, 'oneOf', [''])] : []
    } else {
      mapped = mapError(e, data, formats)
    }
    for (const r of mapped) {
      const id = `${r.keyword}\u0000${r.message}`
      if (seen.has(id)) continue
      seen.add(id)
      out.push(r)
    }
  }
  return out
}
