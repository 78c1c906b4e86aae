/**
 * The sanity linters of schema-ddl (`jsonschema/Linter.scala`), one per name, with igluctl's levels
 * and messages, plus `unknownKeywords`, which igluctl lacks (draft-04 silently ignores keywords
 * such as `const` or `examples`, so a schema that looks strict may validate nothing).
 */
export type LintLevel = 'error' | 'warning' | 'info'

/** A schema node as found in the file: only objects are linted. */
export type SchemaNode = Record<string, unknown>

export interface NodeContext {
  /** `/`, `/properties/a/items`, … as schema-ddl prints pointers */
  pointer: string
  /** How the walk reached this node: anyOf/allOf/not branches are refinements, not fields. */
  via: 'root' | 'field' | 'combinator'
}

export interface Linter {
  readonly name: string
  readonly level: LintLevel
  /** false for linters igluctl does not have (documented as our additions) */
  readonly igluctl: boolean
  check(node: SchemaNode, ctx: NodeContext): string | null
}

export const SELF_DESCRIBING_URI =
  'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#'

/** schema-ddl's Format.fromString knows these; `ipv6` is known here (igluctl's typo `ivp6` flags it). */
export const KNOWN_FORMATS: ReadonlySet<string> = new Set(['uri', 'ipv4', 'ipv6', 'email', 'date-time', 'date', 'hostname', 'uuid'])

/** Every keyword of the draft-04 meta-schema, plus Iglu's root-level additions. */
const DRAFT4_KEYWORDS: ReadonlySet<string> = new Set([
  'id', '$schema', '$ref', 'title', 'description', 'default', 'multipleOf', 'maximum', 'exclusiveMaximum',
  'minimum', 'exclusiveMinimum', 'maxLength', 'minLength', 'pattern', 'additionalItems', 'items', 'maxItems',
  'minItems', 'uniqueItems', 'maxProperties', 'minProperties', 'required', 'additionalProperties', 'definitions',
  'properties', 'patternProperties', 'dependencies', 'enum', 'type', 'format', 'allOf', 'anyOf', 'oneOf', 'not',
])
const IGLU_ROOT_KEYWORDS: ReadonlySet<string> = new Set(['self', '$supersedes', '$supersededBy'])

function types(node: SchemaNode): string[] | null {
  const t = node.type
  if (typeof t === 'string') return [t]
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string')
  return null
}

/** schema-ddl `withType`: a `type` is given and includes `t`. */
export function withType(node: SchemaNode, t: string): boolean {
  return types(node)?.includes(t) ?? false
}

/** schema-ddl `withoutType`: a `type` is given and lacks `t` (no type = no constraint). */
function withoutType(node: SchemaNode, t: string): boolean {
  const ts = types(node)
  return ts !== null && !ts.includes(t)
}

function num(node: SchemaNode, key: string): number | undefined {
  const v = node[key]
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined
}

function isObject(v: unknown): v is SchemaNode {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function stringArray(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined
}

function present(node: SchemaNode, keys: string[]): string[] {
  return keys.filter((k) => node[k] !== undefined)
}

function format(node: SchemaNode): string | undefined {
  return typeof node.format === 'string' ? node.format : undefined
}

function propertyKeys(node: SchemaNode): string[] {
  return isObject(node.properties) ? Object.keys(node.properties) : []
}

const rootObject: Linter = {
  name: 'rootObject',
  level: 'warning',
  igluctl: true,
  check: (node, ctx) =>
    ctx.via === 'root' && (!isObject(node.properties) || !withType(node, 'object'))
      ? 'At the root level, the schema should have a "type" property set to "object" and have a "properties" property'
      : null,
}

const numericMinimumMaximum: Linter = {
  name: 'numericMinimumMaximum',
  level: 'error',
  igluctl: true,
  check: (node) => {
    const min = num(node, 'minimum')
    const max = num(node, 'maximum')
    return min !== undefined && max !== undefined && min > max
      ? `A field with numeric type has a minimum value [${min}] greater than the maximum value [${max}]`
      : null
  },
}

const stringMinMaxLength: Linter = {
  name: 'stringMinMaxLength',
  level: 'error',
  igluctl: true,
  check: (node) => {
    const min = num(node, 'minLength')
    const max = num(node, 'maxLength')
    return min !== undefined && max !== undefined && min > max
      ? `A string type with "minLength" and "maxLength" property values has a minimum value [${min}] higher than the maximum [${max}]`
      : null
  },
}

const stringMaxLengthRange: Linter = {
  name: 'stringMaxLengthRange',
  level: 'warning',
  igluctl: true,
  check: (node) => {
    const max = num(node, 'maxLength')
    return withType(node, 'string') && max !== undefined && max > 65535
      ? `A string property has a "maxLength" [${max}] greater than the Redshift VARCHAR maximum of 65535`
      : null
  },
}

const arrayMinMaxItems: Linter = {
  name: 'arrayMinMaxItems',
  level: 'error',
  igluctl: true,
  check: (node) => {
    const min = num(node, 'minItems')
    const max = num(node, 'maxItems')
    return min !== undefined && max !== undefined && min > max
      ? `A field of array type has a "minItems" value [${min}] with a greater value than the "maxItems" [${max}]`
      : null
  },
}

const numericProperties: Linter = {
  name: 'numericProperties',
  level: 'error',
  igluctl: true,
  check: (node) => {
    const keys = present(node, ['multipleOf', 'minimum', 'maximum'])
    return keys.length > 0 && withoutType(node, 'number') && withoutType(node, 'integer')
      ? `Numeric properties [${keys.join(',')}] require either a number, integer or absent values`
      : null
  },
}

const stringProperties: Linter = {
  name: 'stringProperties',
  level: 'error',
  igluctl: true,
  check: (node) => {
    const keys = present(node, ['maxLength', 'minLength', 'pattern', 'format'])
    return keys.length > 0 && withoutType(node, 'string')
      ? `String properties [${keys.join(',')}] require either string or absent values`
      : null
  },
}

const arrayProperties: Linter = {
  name: 'arrayProperties',
  level: 'error',
  igluctl: true,
  check: (node) => {
    const keys = present(node, ['items', 'additionalItems', 'minItems', 'maxItems'])
    return keys.length > 0 && withoutType(node, 'array')
      ? `Array properties [${keys.join(',')}] require either array or absent values`
      : null
  },
}

const objectProperties: Linter = {
  name: 'objectProperties',
  level: 'error',
  igluctl: true,
  check: (node) => {
    const keys = present(node, ['properties', 'additionalProperties', 'required', 'patternProperties'])
    return keys.length > 0 && withoutType(node, 'object')
      ? `Object properties [${keys.join(',')}] require either object or absent values`
      : null
  },
}

const requiredPropertiesExist: Linter = {
  name: 'requiredPropertiesExist',
  level: 'error',
  igluctl: true,
  check: (node) => {
    const required = stringArray(node.required)
    if (node.additionalProperties !== false || !required || !isObject(node.properties) || node.patternProperties !== undefined) {
      return null
    }
    const known = new Set(Object.keys(node.properties))
    const missing = [...new Set(required)].filter((k) => !known.has(k))
    return missing.length > 0 ? `Elements specified as required [${missing.join(',')}] don't exist in schema properties` : null
  },
}

const unknownFormats: Linter = {
  name: 'unknownFormats',
  level: 'warning',
  igluctl: true,
  check: (node) => {
    const f = format(node)
    return f !== undefined && !KNOWN_FORMATS.has(f)
      ? `Unknown format [${f}] detected. Known formats are: date-time, date, email, hostname, ipv4, ipv6 or uri`
      : null
  },
}

const numericMinMax: Linter = {
  name: 'numericMinMax',
  level: 'warning',
  igluctl: true,
  check: (node) =>
    (withType(node, 'number') || withType(node, 'integer')) &&
    (num(node, 'minimum') === undefined || num(node, 'maximum') === undefined)
      ? 'A numeric property should have "minimum" and "maximum" properties'
      : null,
}

const stringLength: Linter = {
  name: 'stringLength',
  level: 'warning',
  igluctl: true,
  check: (node) => {
    if (!withType(node, 'string') || node.enum !== undefined || num(node, 'maxLength') !== undefined) return null
    const f = format(node)
    return f === undefined || !KNOWN_FORMATS.has(f)
      ? 'A string type in the schema doesn\'t contain "maxLength" or format which is required'
      : null
  },
}

const optionalNull: Linter = {
  name: 'optionalNull',
  level: 'info',
  igluctl: true,
  check: (node) => {
    const required = stringArray(node.required)
    if (!required || !isObject(node.properties)) return null
    const props = node.properties
    const requiredSet = new Set(required)
    const lacking = Object.keys(props)
      .filter((k) => !requiredSet.has(k))
      .filter((k) => {
        const p = props[k]
        return !(isObject(p) && withType(p, 'null'))
      })
      .sort()
    return lacking.length > 0 ? `Use "type: null" to indicate a field as optional for properties ${lacking.join(',')}` : null
  },
}

const description: Linter = {
  name: 'description',
  level: 'info',
  igluctl: true,
  // anyOf/allOf/not branches refine their parent; asking each for a description would be noise
  check: (node, ctx) =>
    ctx.via !== 'combinator' && typeof node.description !== 'string' ? 'The schema is missing the "description" property' : null,
}

const bqDisallowedCharacters: Linter = {
  name: 'bqDisallowedCharacters',
  level: 'warning',
  igluctl: true,
  check: (node) => {
    const bad = propertyKeys(node).filter((k) => /[^A-Za-z0-9_]/.test(k))
    return bad.length > 0 ? `Following properties contain disallowed characters for BigQuery column name: [${bad.join(', ')}]` : null
  },
}

const bqIllegalStart: Linter = {
  name: 'bqIllegalStart',
  level: 'warning',
  igluctl: true,
  check: (node) => {
    const bad = propertyKeys(node).filter((k) => k.length > 0 && !/^[A-Za-z_]/.test(k))
    return bad.length > 0 ? `Following properties start with illegal character for BigQuery column name: [${bad.join(', ')}]` : null
  },
}

const schemaUri: Linter = {
  name: 'schemaUri',
  level: 'error',
  igluctl: true,
  check: (node, ctx) => {
    if (ctx.via !== 'root') return null
    if (node.$schema === undefined) return 'No $schema field in top-level of schema'
    return node.$schema === SELF_DESCRIBING_URI ? null : `Given $schema is not ${SELF_DESCRIBING_URI}`
  },
}

/** Keys of `node` that are not draft-04 keywords (Iglu's `self`, `$supersedes`… allowed at the root). */
export function unknownKeywordsOf(node: SchemaNode, ctx: NodeContext): string[] {
  return Object.keys(node).filter((k) => !DRAFT4_KEYWORDS.has(k) && !(ctx.via === 'root' && IGLU_ROOT_KEYWORDS.has(k)))
}

const unknownKeywords: Linter = {
  name: 'unknownKeywords',
  level: 'warning',
  igluctl: false,
  check: (node, ctx) => {
    const unknown = unknownKeywordsOf(node, ctx)
    return unknown.length > 0
      ? `Keywords [${unknown.join(', ')}] are not part of JSON Schema draft-04; validation ignores them`
      : null
  },
}

/** Every linter, in the order reports list their messages. */
export const ALL_LINTERS: readonly Linter[] = [
  rootObject,
  numericMinimumMaximum,
  stringMinMaxLength,
  arrayMinMaxItems,
  numericProperties,
  stringProperties,
  arrayProperties,
  objectProperties,
  requiredPropertiesExist,
  schemaUri,
  unknownFormats,
  numericMinMax,
  stringLength,
  stringMaxLengthRange,
  bqDisallowedCharacters,
  bqIllegalStart,
  unknownKeywords,
  optionalNull,
  description,
]

export const LINTERS_BY_NAME: ReadonlyMap<string, Linter> = new Map(ALL_LINTERS.map((l) => [l.name, l]))

/** As igluctl: every linter whose level is not Error may be skipped. */
export const SKIPPABLE_LINTERS: readonly string[] = ALL_LINTERS.filter((l) => l.level !== 'error').map((l) => l.name)
