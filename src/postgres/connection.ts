import pg from 'pg'
import {invalidUrlError, isConnectionError, redactUrl} from './errors.js'

export interface PostgresTarget {
  url: string
  /** the Postgres schema the tables go in (default `atomic`) */
  schema: string
  /** host:port/database/schema: names the cursor kept in SQLite, without credentials */
  key: string
  /** the URL without its password, for logs and status */
  display: string
}

export const DEFAULT_SCHEMA = 'atomic'

export function parseTarget(url: string, schema = DEFAULT_SCHEMA): PostgresTarget {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw invalidUrlError(url, 'not a URL')
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') throw invalidUrlError(url, `the scheme must be postgres:// (found ${parsed.protocol}//)`)
  if (!parsed.hostname) throw invalidUrlError(url, 'no host')
  if (!/^[A-Za-z_][A-Za-z0-9_$]*$/.test(schema)) throw invalidUrlError(url, `invalid schema name ${schema}`)
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || decodeURIComponent(parsed.username) || 'postgres'
  const key = `${parsed.hostname}:${parsed.port || '5432'}/${database}/${schema}`
  return {url, schema, key, display: `${redactUrl(url)} (schema ${schema})`}
}

/** A small pool: the loader writes one batch at a time, plus DDL. */
export function createPool(target: PostgresTarget): pg.Pool {
  const pool = new pg.Pool({connectionString: target.url, max: 2, connectionTimeoutMillis: 5000, keepAlive: true, application_name: 'sp'})
  // an idle connection dropped by a restarting server must not crash the process; the next query reconnects
  pool.on('error', () => {})
  return pool
}

/** BEGIN … COMMIT on one pooled connection; a connection that failed is dropped, not reused. */
export async function inTransaction<T>(pool: pg.Pool, body: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  // a server that goes away mid-transaction makes the checked-out client emit 'error' besides
  // failing the query: unheard, that event would crash the process
  const ignore = () => {}
  client.on('error', ignore)
  let failed: unknown
  try {
    await client.query('BEGIN')
    const result = await body(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    failed = error
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    client.off('error', ignore)
    client.release(failed !== undefined && isConnectionError(failed) ? (failed as Error) : undefined)
  }
}
