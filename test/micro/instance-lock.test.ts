import {test} from 'node:test'
import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {existsSync, symlinkSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {startMicro} from '../../src/micro/server.js'
import {defaultMicroOptions} from '../../src/micro/options.js'
import BetterSqlite3 from 'better-sqlite3'
import {migrations, openStore} from '../../src/store/index.js'
import {isSpError} from '../../src/errors/sp-error.js'
import {tempDir} from '../helpers/temp-dir.js'
import {startMicroProcess, runSp} from '../e2e/micro-process.js'

const options = (dbFile: string) => defaultMicroOptions({port: 0, dbFile, iglu: {offline: true, cacheDir: false}})

test('a second sp micro on the same database file is refused, naming the first; the file is free again after close', async (t) => {
  const dir = await tempDir(t, 'sp-lock-')
  const db = path.join(dir, 'micro.db')
  const first = await startMicro(options(db))
  await assert.rejects(startMicro(options(db)), (e: unknown) => {
    assert.ok(isSpError(e) && e.code === 'STORE_LOCKED', String(e))
    assert.equal(e.message, `The database ${db} is in use by another sp micro (${first.url}, pid ${process.pid}). Stop it, or give this one its own file with --db (or --db :memory:).`)
    return true
  })
  // the same file by another name is the same file
  const link = path.join(dir, 'link.db')
  symlinkSync(db, link)
  await assert.rejects(startMicro(options(link)), (e: unknown) => isSpError(e) && e.code === 'STORE_LOCKED')
  // another file is fine, and so is :memory:
  const other = await startMicro(options(path.join(dir, 'other.db')))
  const memory = await startMicro(options(':memory:'))
  await Promise.all([other.close(), memory.close(), first.close()])
  assert.equal(existsSync(`${db}.lock`), false)
  const again = await startMicro(options(db))
  await again.close()
})

test('a refused second sp micro leaves the file alone: no migration runs under the first', async (t) => {
  const dir = await tempDir(t, 'sp-lock-')
  const db = path.join(dir, 'micro.db')
  // a database an older sp wrote (schema 6), held by a live process (this one)
  const old = new BetterSqlite3(db)
  for (const m of migrations.filter((m) => m.version <= 6)) m.up(old)
  old.pragma('user_version = 6')
  old.close()
  writeFileSync(`${db}.lock`, JSON.stringify({pid: process.pid, url: 'http://127.0.0.1:1'}))
  await assert.rejects(startMicro(options(db)), (e: unknown) => isSpError(e) && e.code === 'STORE_LOCKED')
  const after = new BetterSqlite3(db, {readonly: true})
  t.after(() => after.close())
  assert.equal(after.pragma('user_version', {simple: true}), 6)
})

test('a start that fails after opening the store (port in use) closes it and frees the lock', async (t) => {
  const dir = await tempDir(t, 'sp-lock-')
  const first = await startMicro(options(':memory:'))
  t.after(() => first.close())
  const db = path.join(dir, 'micro.db')
  await assert.rejects(startMicro({...options(db), port: first.port}), (e: unknown) => isSpError(e) && e.code === 'PORT_IN_USE')
  assert.equal(existsSync(`${db}.lock`), false)
  const again = await startMicro(options(db))
  await again.close()
})

test('a lock left by a process that died (kill -9) is taken over', async (t) => {
  const dir = await tempDir(t, 'sp-lock-')
  const db = path.join(dir, 'micro.db')
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {encoding: 'utf8'})
  writeFileSync(`${db}.lock`, JSON.stringify({pid: Number(dead.stdout), url: 'http://127.0.0.1:1'}))
  const micro = await startMicro(options(db))
  await micro.close()
})

test('sp micro: a locked database exits 4 naming the other port; an impossible --db path exits 4 at once', async (t) => {
  const dir = await tempDir(t, 'sp-lock-')
  const db = path.join(dir, 'micro.db')
  const first = await startMicroProcess(t, ['--port', '0', '--db', db])
  const second = await runSp(['micro', '--offline', '--port', '0', '--db', db])
  assert.equal(second.code, 4, second.stderr)
  assert.match(second.stderr, new RegExp(`Error: The database ${db.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is in use by another sp micro \\(${first.url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}, pid \\d+\\)`))

  const started = Date.now()
  assert.throws(() => openStore({file: '/proc/nope/x.db'}), (e: unknown) => isSpError(e) && e.code === 'STORE_OPEN_FAILED' && /Cannot create the folder \/proc\/nope for the database \/proc\/nope\/x\.db/.test(e.message))
  assert.ok(Date.now() - started < 1000)
  const impossible = await runSp(['micro', '--offline', '--port', '0', '--db', '/proc/nope/x.db'])
  assert.equal(impossible.code, 4, impossible.stderr)
  assert.match(impossible.stderr, /Error: Cannot create the folder \/proc\/nope for the database \/proc\/nope\/x\.db: /)
})
