import {ATOMIC_COLUMNS, EVENTS_UNIQUE_INDEX, LOAD_TSTAMP_COLUMN} from './atomic.js'
import {mergeVersions, typeDdl, flattenSchema, snakeCase, tableName, type Column, type PgType} from './column-types.js'

/** The six columns every entity table starts with (nullable, as the Snowplow loader made them). */
export const META_COLUMNS: readonly {name: string; type: PgType}[] = [
  {name: 'schema_vendor', type: {kind: 'varchar', size: 128}},
  {name: 'schema_name', type: {kind: 'varchar', size: 128}},
  {name: 'schema_format', type: {kind: 'varchar', size: 128}},
  {name: 'schema_version', type: {kind: 'varchar', size: 128}},
  // event_id's type: dbt joins `events.event_id = ctx.root_id`, and Postgres has no uuid = varchar
  {name: 'root_id', type: {kind: 'uuid'}},
  // the event's collector_tstamp, which dbt also joins on
  {name: 'root_tstamp', type: {kind: 'timestamp'}},
]

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`

/** A name as is when Postgres reads it back unchanged, else quoted. */
export const ident = (name: string) => (/^[a-z_][a-z0-9_]*$/.test(name) ? name : quoteIdent(name))

/** `atomic.events` */
export const qualified = (schema: string, table: string) => `${ident(schema)}.${ident(table)}`

const quoteLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`

export function createSchemaSql(schema: string): string {
  return `CREATE SCHEMA IF NOT EXISTS ${ident(schema)};`
}

export function eventsTableSql(schema: string): string {
  const columns = ATOMIC_COLUMNS.map((c) => `  ${c.name} ${typeDdl(c.type)}${c.notNull ? ' NOT NULL' : ''}`)
  columns.push(`  ${LOAD_TSTAMP_COLUMN} TIMESTAMP DEFAULT (now() AT TIME ZONE 'UTC')`)
  const table = qualified(schema, 'events')
  return [
    `CREATE TABLE IF NOT EXISTS ${table} (\n${columns.join(',\n')}\n);`,
    `CREATE UNIQUE INDEX IF NOT EXISTS ${EVENTS_UNIQUE_INDEX} ON ${table} (event_id, collector_tstamp);`,
  ].join('\n')
}

export function entityTableSql(schema: string, table: string, columns: readonly Column[], uri: string): string {
  const lines = [
    ...META_COLUMNS.map((c) => `  ${quoteIdent(c.name)} ${typeDdl(c.type)}`),
    ...columns.map((c) => `  ${quoteIdent(c.name)} ${typeDdl(c.type)}${c.notNull ? ' NOT NULL' : ''}`),
  ]
  return `CREATE TABLE IF NOT EXISTS ${qualified(schema, table)} (\n${lines.join(',\n')}\n);\n${commentSql(schema, table, uri)}`
}

export function commentSql(schema: string, table: string, uri: string): string {
  return `COMMENT ON TABLE ${qualified(schema, table)} IS ${quoteLiteral(uri)};`
}

/** A column as Postgres has it: `format_type` text (`character varying(255)`) and nullability. */
export interface ExistingColumn {
  type: string
  notNull: boolean
}

/**
 * What brings an existing table up to `target`'s columns: every new property as a nullable
 * `ADD COLUMN IF NOT EXISTS` (quoted, so dotted names work; unlike the Snowplow loader's ALTER, which
 * added nothing), a VARCHAR widened when a version allows longer strings, NOT NULL dropped where a
 * version no longer requires the property.
 */
export function migrationStatements(schema: string, table: string, existing: ReadonlyMap<string, ExistingColumn>, target: readonly Column[]): string[] {
  const t = qualified(schema, table)
  const statements: string[] = []
  for (const column of target) {
    const have = existing.get(column.name)
    if (!have) {
      statements.push(`ALTER TABLE ${t} ADD COLUMN IF NOT EXISTS ${quoteIdent(column.name)} ${typeDdl(column.type)};`)
      continue
    }
    const size = /^character varying\((\d+)\)$/.exec(have.type)
    if (size && column.type.kind === 'varchar' && column.type.size > Number(size[1])) {
      statements.push(`ALTER TABLE ${t} ALTER COLUMN ${quoteIdent(column.name)} TYPE ${typeDdl(column.type)};`)
    }
    if (have.notNull && !column.notNull) statements.push(`ALTER TABLE ${t} ALTER COLUMN ${quoteIdent(column.name)} DROP NOT NULL;`)
  }
  return statements
}

/** A self-describing JSON Schema as `sp schema ddl` reads it. */
export interface SchemaDocument {
  self: {vendor: string; name: string; format: string; version: string}
  [key: string]: unknown
}

const versionParts = (v: string) => v.split('-').map(Number)
function compareVersions(a: string, b: string): number {
  const [x, y] = [versionParts(a), versionParts(b)]
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! - y[i]!
  return 0
}

/** One table `sp schema ddl` generates: its name, the versions it covers, its columns. */
export interface StaticTable {
  table: string
  /** igluctl's file for it: `sql/<vendor lower-cased>/<snake_name>_<model>.sql` */
  file: string
  /** the newest version's URI (the table comment) */
  uri: string
  versions: string[]
  columns: Column[]
}

/** Groups schemas by vendor/name/model; each group's columns merge its versions in order. */
export function staticTables(schemas: readonly SchemaDocument[]): StaticTable[] {
  const models = new Map<string, SchemaDocument[]>()
  for (const doc of schemas) {
    const key = tableName(doc.self.vendor, doc.self.name, versionParts(doc.self.version)[0]!)
    models.set(key, [...(models.get(key) ?? []), doc])
  }
  return [...models]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([table, docs]) => {
      docs.sort((a, b) => compareVersions(a.self.version, b.self.version))
      const latest = docs[docs.length - 1]!.self
      return {
        table,
        file: `sql/${latest.vendor.toLowerCase()}/${snakeCase(latest.name)}_${versionParts(latest.version)[0]}.sql`,
        uri: `iglu:${latest.vendor}/${latest.name}/${latest.format}/${latest.version}`,
        versions: docs.map((d) => d.self.version),
        columns: mergeVersions(docs.map((d) => flattenSchema(d))),
      }
    })
}

/**
 * igluctl `static generate` for PostgreSQL: one CREATE TABLE per vendor/name/model, with the columns
 * of every version given (later versions' additions after the first version's columns), commented
 * with the newest version's URI: the tables `sp micro --postgres` creates.
 */
export function staticDdl(tables: readonly StaticTable[], schema = 'atomic', withEvents = false): string {
  const out = [DDL_HEADER, createSchemaSql(schema)]
  if (withEvents) out.push('', eventsTableSql(schema))
  for (const t of tables) out.push('', tableDdl(t, schema))
  return `${out.join('\n')}\n`
}

const DDL_HEADER = '-- AUTO-GENERATED BY sp schema ddl --postgres: the tables sp micro --postgres creates'

function tableDdl(t: StaticTable, schema: string): string {
  return `-- ${t.uri.replace(/\/[^/]+$/, '/')}${t.versions.join(', ')}\n${entityTableSql(schema, t.table, t.columns, t.uri)}`
}

/** igluctl's layout: one file per table (`t.file`), each creating its schema first. */
export function staticDdlFiles(tables: readonly StaticTable[], schema = 'atomic', withEvents = false): Map<string, string> {
  const files = new Map<string, string>()
  if (withEvents) files.set('sql/atomic/events.sql', `${DDL_HEADER}\n${createSchemaSql(schema)}\n\n${eventsTableSql(schema)}\n`)
  for (const t of tables) files.set(t.file, `${DDL_HEADER}\n${createSchemaSql(schema)}\n\n${tableDdl(t, schema)}\n`)
  return files
}
