import type pg from 'pg'
import type {IgluClient, SchemaKey} from '../iglu/types.js'
import {parseSchemaKey, compareSchemaVer, parseSchemaVer} from '../iglu/schema-key.js'
import {isSpError, type SpError} from '../errors/sp-error.js'
import {DEFAULT_VARCHAR_SIZE, flattenSchema, tableName, type Column, type PgType} from './column-types.js'
import {commentSql, createSchemaSql, entityTableSql, eventsTableSql, migrationStatements, qualified, type ExistingColumn} from './ddl.js'
import {describe, isConnectionError, isSchemaError, isTransientSchemaError, schemaUnresolvedError, schemaUnusableError} from './errors.js'
import {inTransaction} from './connection.js'

/** One version of one entity schema, as a table sees it. */
export interface EntityVersion {
  key: SchemaKey
  uri: string
  table: string
  /** this version's columns (its rows fill these; the table may have more, from other versions) */
  columns: Column[]
  /**
   * The array type each column's values are sent as, from the table as it is in Postgres (a
   * REVISION may have typed a property differently): a value of the wrong type is then refused
   * as a value, for its event alone. Set once the table is ready.
   */
  sendAs?: string[]
}

/** The web_page context's table, which dbt-snowplow-web reads even before any page view arrives. */
export const WEB_PAGE_URI = 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0'

const WEB_PAGE_FALLBACK: EntityVersion = {
  key: parseSchemaKey(WEB_PAGE_URI),
  uri: WEB_PAGE_URI,
  table: 'com_snowplowanalytics_snowplow_web_page_1',
  columns: [{name: 'id', path: ['id'], type: {kind: 'varchar', size: DEFAULT_VARCHAR_SIZE}, notNull: true}],
}

/**
 * The tables of one Postgres schema: `events`, then one table per entity schema model, created from
 * its Iglu schema the first time a version is seen and migrated when a newer version of the model
 * arrives. DDL runs in its own transaction under an advisory lock, so several sp processes loading
 * into one database take turns instead of racing on CREATE/ALTER.
 */
export class PostgresTables {
  private readonly versions = new Map<string, Promise<EntityVersion>>()
  /** URIs whose table this process has brought up to date */
  private readonly ready = new Set<string>()
  private eventsReady = false

  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
    private readonly iglu: IgluClient,
  ) {}

  /** Forget what is known about the database (after a table vanished or the server changed). */
  forget(): void {
    this.ready.clear()
    this.eventsReady = false
  }

  /** `atomic.events` and the web_page table (dbt needs it to exist), once per connection epoch. */
  async prepareEvents(): Promise<void> {
    if (this.eventsReady) return
    await this.ddl(`${this.schema}.events`, async (client) => {
      await client.query(createSchemaSql(this.schema))
      await client.query(eventsTableSql(this.schema))
    })
    let webPage: EntityVersion | SpError | undefined
    try {
      webPage = (await this.prepare([WEB_PAGE_URI])).get(WEB_PAGE_URI)
    } catch (error) {
      if (!isTransientSchemaError(error)) throw error
    }
    // offline, Iglu Central unreachable, or no registry with its schemas: its one column is known
    if (!webPage || !('columns' in webPage)) await this.ensureTable(WEB_PAGE_FALLBACK)
    this.eventsReady = true
  }

  /**
   * Each URI's version, its table created or migrated. A schema that cannot be resolved or made a
   * table is an SpError for that URI (its events are reported); a connection failure throws.
   */
  async prepare(uris: Iterable<string>): Promise<Map<string, EntityVersion | SpError>> {
    const result = new Map<string, EntityVersion | SpError>()
    for (const uri of uris) {
      if (result.has(uri)) continue
      let version: EntityVersion
      try {
        version = await this.version(uri)
      } catch (error) {
        if (isTransientSchemaError(error)) throw error
        result.set(uri, isSpError(error) ? error : schemaUnusableError(uri, describe(error)))
        continue
      }
      if (!this.ready.has(uri)) {
        try {
          await this.ensureTable(version)
        } catch (error) {
          // a schema Postgres cannot take as a table (too many columns, a clash) fails its events;
          // the database's state (connection, permissions) is retried
          if (isConnectionError(error) || !isSchemaError(error)) throw error
          result.set(uri, schemaUnusableError(uri, `PostgreSQL refused its table: ${describe(error)}`))
          continue
        }
        this.ready.add(uri)
      }
      result.set(uri, version)
    }
    return result
  }

  /** The version's columns from its Iglu schema (resolved through sp micro's Iglu client). */
  version(uri: string): Promise<EntityVersion> {
    let pending = this.versions.get(uri)
    if (!pending) {
      pending = this.resolveVersion(uri)
      // a failure may be passing (a registry restarting): ask again next time
      pending.catch(() => this.versions.delete(uri))
      this.versions.set(uri, pending)
    }
    return pending
  }

  private async resolveVersion(uri: string): Promise<EntityVersion> {
    let key: SchemaKey
    try {
      key = parseSchemaKey(uri)
    } catch (error) {
      throw schemaUnusableError(uri, describe(error))
    }
    const resolved = await this.iglu.resolve(key)
    if (!resolved.ok) {
      const transient = resolved.error.lookupHistory.some((h) => h.errors.some((e) => e.error !== 'NotFound'))
      throw schemaUnresolvedError(uri, JSON.stringify(resolved.error), transient)
    }
    return {key, uri, table: tableName(key.vendor, key.name, key.version.model), columns: flattenSchema(resolved.schema)}
  }

  private async ensureTable(version: EntityVersion): Promise<void> {
    const name = qualified(this.schema, version.table)
    await this.ddl(name, async (client) => {
      let existing = await existingColumns(client, name)
      if (existing.size === 0) {
        await client.query(entityTableSql(this.schema, version.table, version.columns, version.uri))
        version.sendAs = version.columns.map((c) => arrayType(c.type))
        return
      }
      const statements = migrationStatements(this.schema, version.table, existing, version.columns)
      for (const statement of statements) await client.query(statement)
      if (statements.length > 0) existing = await existingColumns(client, name)
      version.sendAs = version.columns.map((c) => {
        const type = existing.get(c.name)?.type
        return type === undefined || /^character/.test(type) ? arrayType(c.type) : `${type}[]`
      })
      const {rows} = await client.query<{comment: string | null}>(`SELECT obj_description(to_regclass($1), 'pg_class') AS comment`, [name])
      const commented = rows[0]?.comment?.match(/^iglu:[^/]+\/[^/]+\/[^/]+\/(\d+-\d+-\d+)$/)?.[1]
      if (!commented || compareSchemaVer(parseSchemaVer(commented), version.key.version) < 0) {
        await client.query(commentSql(this.schema, version.table, version.uri))
      }
    })
  }

  /** One DDL transaction, serialized across processes by an advisory lock on the table's name. */
  private ddl(lockName: string, body: (client: pg.PoolClient) => Promise<void>): Promise<void> {
    return inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [lockName])
      await body(client)
    })
  }
}

/**
 * The array type a column's values travel as in `unnest($n::type[])`. Strings go as text, so that
 * assigning them to a VARCHAR(n) refuses an over-long value (a cast to VARCHAR(n) would cut it).
 */
export function arrayType(type: PgType): string {
  switch (type.kind) {
    case 'char':
    case 'varchar':
      return 'text[]'
    case 'double':
      return 'float8[]'
    default:
      return `${type.kind}[]`
  }
}

async function existingColumns(client: pg.PoolClient, name: string): Promise<Map<string, ExistingColumn>> {
  const {rows} = await client.query<{name: string; type: string; not_null: boolean}>(
    `SELECT attname AS name, format_type(atttypid, atttypmod) AS type, attnotnull AS not_null
     FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped`,
    [name],
  )
  return new Map(rows.map((r) => [r.name, {type: r.type, notNull: r.not_null}]))
}

