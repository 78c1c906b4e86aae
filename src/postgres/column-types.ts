/**
 * JSON Schema → PostgreSQL columns, as Snowplow's Postgres loader made them (its `Type.scala`
 * suggestions over schema-ddl's `FlatSchema`): the first matching rule wins, nested objects become
 * dotted column names, and a column is NOT NULL only when required all the way from the root.
 */

export type PgType =
  | {kind: 'char'; size: number}
  | {kind: 'varchar'; size: number}
  | {kind: 'uuid' | 'timestamp' | 'date' | 'integer' | 'bigint' | 'double' | 'boolean' | 'jsonb'}

export interface Column {
  /** the column name: snake-cased property path joined with '.', e.g. `address.street_name` */
  name: string
  /** the JSON property names leading to the value */
  path: string[]
  type: PgType
  notNull: boolean
}

export const DEFAULT_VARCHAR_SIZE = 4096
const INT_MAX = 2147483647
const INT_MIN = -2147483648

export function typeDdl(type: PgType): string {
  switch (type.kind) {
    case 'char':
      return `CHAR(${type.size})`
    case 'varchar':
      return `VARCHAR(${type.size})`
    case 'double':
      return 'DOUBLE PRECISION'
    default:
      return type.kind.toUpperCase()
  }
}

type JsonSchema = Record<string, unknown>

const isObject = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The declared types as a set; undefined when the schema has no `type`. */
function typesOf(schema: JsonSchema): Set<string> | undefined {
  const t = schema.type
  if (typeof t === 'string') return new Set([t])
  if (Array.isArray(t)) return new Set(t.filter((x): x is string => typeof x === 'string'))
  return undefined
}

function withoutNull(types: Set<string>): Set<string> {
  const rest = new Set(types)
  rest.delete('null')
  return rest
}

/** `type: T` or `type: [T, "null"]` */
function possiblyWithNull(types: Set<string> | undefined, t: string): boolean {
  if (!types) return false
  const rest = withoutNull(types)
  return rest.size === 1 && rest.has(t)
}

const sameSet = (a: Set<string>, b: string[]) => a.size === b.length && b.every((x) => a.has(x))

function enumValues(schema: JsonSchema): unknown[] | undefined {
  return Array.isArray(schema.enum) ? schema.enum.filter((v) => v !== null) : undefined
}

/** values of ≥ 2 of {numeric, non-numeric, boolean} (a boolean counts as non-numeric too) */
function isComplexEnum(values: unknown[]): boolean {
  const numeric = values.some((v) => typeof v === 'number')
  const nonNumeric = values.some((v) => typeof v !== 'number')
  const boolean = values.some((v) => typeof v === 'boolean')
  return [numeric, nonNumeric, boolean].filter(Boolean).length >= 2
}

const isIntIn = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
const allInt32 = (values: unknown[]) => values.length > 0 && values.every((v) => isIntIn(v, INT_MIN, INT_MAX))
const allInt64 = (values: unknown[]) => values.length > 0 && values.every((v) => isIntIn(v, -9223372036854775808, 9223372036854775807))

function integerType(schema: JsonSchema, types: Set<string> | undefined, values: unknown[] | undefined): PgType | undefined {
  const integer = possiblyWithNull(types, 'integer')
  if (integer && typeof schema.maximum === 'number') {
    return Number.isInteger(schema.maximum) && schema.maximum > INT_MAX ? {kind: 'bigint'} : {kind: 'integer'}
  }
  if (integer && values === undefined) return {kind: 'bigint'}
  if (integer && values !== undefined) return allInt32(values) ? {kind: 'integer'} : {kind: 'bigint'}
  if (!types && values !== undefined && allInt32(values)) return {kind: 'integer'}
  if (!types && values !== undefined && allInt64(values)) return {kind: 'bigint'}
  if (typeof schema.multipleOf === 'number' && Number.isInteger(schema.multipleOf)) return {kind: 'integer'}
  return undefined
}

/** The Postgres type of one leaf property. */
export function columnType(schema: JsonSchema): PgType {
  const types = typesOf(schema)
  const values = enumValues(schema)
  if (values !== undefined && isComplexEnum(values)) return {kind: 'jsonb'}
  if (types) {
    const rest = withoutNull(types)
    if ((rest.size >= 2 && !sameSet(rest, ['integer', 'number'])) || rest.has('array')) return {kind: 'jsonb'}
  }
  const string = possiblyWithNull(types, 'string')
  if (string && schema.format === 'date-time') return {kind: 'timestamp'}
  if (string && schema.format === 'date') return {kind: 'date'}
  const integer = integerType(schema, types, values)
  if (integer) return integer
  if (possiblyWithNull(types, 'number') || (types && sameSet(withoutNull(types), ['integer', 'number']))) return {kind: 'double'}
  if (possiblyWithNull(types, 'boolean')) return {kind: 'boolean'}
  if (!types && values !== undefined && values.length > 0 && values.every((v) => typeof v === 'boolean')) return {kind: 'boolean'}
  const {minLength, maxLength} = schema
  if (string && typeof minLength === 'number' && minLength === maxLength) return {kind: 'char', size: minLength}
  if (string && schema.format === 'uuid') return {kind: 'uuid'}
  if (string && typeof maxLength === 'number') return {kind: 'varchar', size: maxLength}
  if (string && values === undefined) return {kind: 'varchar', size: DEFAULT_VARCHAR_SIZE}
  if (values !== undefined && values.length > 0 && values.every((v) => typeof v === 'string')) {
    return {kind: 'varchar', size: Math.max(...values.map((v) => (v as string).length))}
  }
  return {kind: 'jsonb'}
}

/** schema-ddl's snakeCase: `PascalCase` → `pascal_case`, `-` → `_`. */
export function snakeCase(text: string): string {
  return text
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toLowerCase()
}

/** `iglu:com.acme/checkout/jsonschema/1-0-1` → `com_acme_checkout_1` */
export function tableName(vendor: string, name: string, model: number): string {
  return `${vendor.replace(/[.-]/g, '_').toLowerCase()}_${snakeCase(name)}_${model}`
}

function allowsNull(schema: JsonSchema): boolean {
  return typesOf(schema)?.has('null') === true || (Array.isArray(schema.enum) && schema.enum.includes(null))
}

/** More than one non-null type, except exactly integer + number (schema-ddl's `isUnion`). */
function isUnion(schema: JsonSchema): boolean {
  const types = typesOf(schema)
  if (!types) return false
  const rest = withoutNull(types)
  return rest.size > 1 && !sameSet(rest, ['integer', 'number'])
}

/**
 * A schema whose properties become columns of their own: it has properties and is not a union
 * (a typeless object with properties is walked too, as the Snowplow loader did).
 */
function isWalkable(schema: JsonSchema): boolean {
  return isObject(schema.properties) && Object.keys(schema.properties).length > 0 && !isUnion(schema)
}

/**
 * The leaf columns of a schema, sorted as the loader created them: NOT NULL columns first, then by
 * name. Anything under `items`, `patternProperties`, `oneOf` or a union-typed parent stays inside
 * its parent's value. A column is NOT NULL when it and every ancestor are required and none allows
 * null (sp also lets a nullable ancestor make its children nullable: `{"a": null}` must load).
 */
export function flattenSchema(schema: unknown): Column[] {
  const columns: Column[] = []
  const walk = (node: JsonSchema, path: string[], chainRequired: boolean) => {
    const properties = node.properties as Record<string, unknown>
    const required = new Set(Array.isArray(node.required) ? node.required : [])
    for (const [key, child] of Object.entries(properties)) {
      const prop = isObject(child) ? child : {}
      const notNull = chainRequired && required.has(key) && !allowsNull(prop)
      const childPath = [...path, key]
      if (isWalkable(prop)) {
        walk(prop, childPath, notNull)
        continue
      }
      // an optional leaf's type gains null, as in schema-ddl's FlatSchema (a typeless one becomes
      // "null"), before its Postgres type is chosen
      const typed = notNull ? prop : {...prop, type: withNullType(prop.type)}
      columns.push({name: childPath.map(snakeCase).join('.'), path: childPath, type: columnType(typed), notNull})
    }
  }
  if (isObject(schema) && isWalkable(schema)) walk(schema, [], true)
  return sortColumns(columns)
}

function withNullType(type: unknown): unknown {
  if (type === undefined) return 'null'
  if (typeof type === 'string') return type === 'null' ? type : [type, 'null']
  if (Array.isArray(type)) return type.includes('null') ? type : [...type, 'null']
  return type
}

export function sortColumns(columns: Column[]): Column[] {
  return columns.sort((a, b) => Number(!a.notNull) - Number(!b.notNull) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/**
 * A table's columns across the versions of one model, in version order: the first version's
 * columns, then what each later version adds (nullable, since older rows lack them). A VARCHAR
 * grows to the largest size any version allows.
 */
export function mergeVersions(versions: Column[][]): Column[] {
  const order: string[] = []
  const byName = new Map<string, Column>()
  versions.forEach((columns, i) => {
    for (const column of columns) {
      const known = byName.get(column.name)
      if (known) {
        byName.set(column.name, widen(known, column))
        continue
      }
      order.push(column.name)
      byName.set(column.name, i === 0 ? column : {...column, notNull: false})
    }
  })
  return order.map((name) => byName.get(name)!)
}

/** The type that holds both: a longer VARCHAR, else the known one; NOT NULL only if both are. */
export function widen(known: Column, next: Column): Column {
  let type = known.type
  if (known.type.kind === 'varchar' && next.type.kind === 'varchar' && next.type.size > known.type.size) type = next.type
  return {...known, type, notNull: known.notNull && next.notNull}
}
