import {test} from 'node:test'
import assert from 'node:assert/strict'
import {existsSync} from 'node:fs'
import {writeFile} from 'node:fs/promises'
import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import {runSp, startMicroProcess} from './micro-process.js'
import {storedPayloads, tempDir} from '../micro/fixtures.js'

const NO_STACK = /^\s+at /m

test('sp micro prints the ready line with the real port on stderr, keeps stdout clean, and SIGTERM stops it with exit 0', async (t) => {
  const db = path.join(await tempDir(t), 'micro.db')
  const micro = await startMicroProcess(t, ['--port', '0', '--db', db])
  assert.match(micro.stderr(), new RegExp(`sp micro ready: REST interface bound to http://127\\.0\\.0\\.1:${micro.port} \\(.*collector.*\\)`))
  assert.ok(micro.port > 0)
  const res = await fetch(`${micro.url}/i?e=pv&aid=cli`)
  assert.equal(res.status, 200)
  micro.child.kill('SIGTERM')
  const {code} = await micro.exited
  assert.equal(code, 0)
  assert.equal(micro.stdout(), '')
  assert.match(micro.stderr(), /sp micro stopped/)
  const reopened = new BetterSqlite3(db)
  t.after(() => reopened.close())
  assert.equal(storedPayloads(reopened)[0].payload.querystring, 'e=pv&aid=cli')
})

test('SIGINT stops sp micro gracefully with exit 0', async (t) => {
  const micro = await startMicroProcess(t, ['--port', '0', '--db', ':memory:'])
  micro.child.kill('SIGINT')
  assert.equal((await micro.exited).code, 0)
})

test('without --db, events go to .sp/micro.db under the working directory (folder created)', async (t) => {
  const cwd = await tempDir(t)
  const micro = await startMicroProcess(t, ['--port', '0'], {cwd})
  assert.match(micro.stderr(), new RegExp(`Storing events in ${path.join(cwd, '.sp', 'micro.db').replace(/[.]/g, '\\.')}`))
  micro.child.kill('SIGTERM')
  await micro.exited
  assert.ok(existsSync(path.join(cwd, '.sp', 'micro.db')))
})

test('a second sp micro on the same port fails with a clear message naming the port, no stack trace', async (t) => {
  const first = await startMicroProcess(t, ['--port', '0', '--db', ':memory:'])
  const second = await runSp(['micro', '--offline', '--port', String(first.port), '--db', ':memory:'])
  assert.equal(second.code, 3)
  assert.match(second.stderr, new RegExp(`^Error: Port ${first.port} on 127\\.0\\.0\\.1 is already in use`, 'm'))
  assert.doesNotMatch(second.stderr, NO_STACK)
  assert.equal((await fetch(first.url + '/health')).status, 200)
})

test('a corrupt database file gets a clear message and exit code 4, no stack trace', async (t) => {
  const db = path.join(await tempDir(t), 'broken.db')
  await writeFile(db, 'not sqlite at all '.repeat(100))
  const result = await runSp(['micro', '--offline', '--port', '0', '--db', db])
  assert.equal(result.code, 4)
  assert.match(result.stderr, /^Error: The file .*broken\.db is not a usable sp database/m)
  assert.doesNotMatch(result.stderr, NO_STACK)
})

test('a database locked by another process gets a clear message and exit code 4, no stack trace', async (t) => {
  const db = path.join(await tempDir(t), 'locked.db')
  const holder = new BetterSqlite3(db)
  t.after(() => holder.close())
  holder.pragma('journal_mode = WAL')
  holder.pragma('locking_mode = EXCLUSIVE')
  holder.exec('BEGIN EXCLUSIVE')
  const result = await runSp(['micro', '--offline', '--port', '0', '--db', db])
  holder.exec('ROLLBACK')
  assert.equal(result.code, 4)
  assert.match(result.stderr, /^Error: The database .*locked\.db is locked by another process/m)
  assert.doesNotMatch(result.stderr, NO_STACK)
})

test('invalid flag values exit 2 with a clear message', async () => {
  const result = await runSp(['micro', '--offline', '--db', ':memory:', '--path-map', 'oops'])
  assert.equal(result.code, 2)
  assert.match(result.stderr, /^Error: Invalid path mapping "oops"/m)
})

test('--help documents the flags and says that 0.0.0.0 binds all interfaces', async () => {
  const result = await runSp(['micro', '--help'])
  assert.equal(result.code, 0)
  assert.match(result.stdout, /0\.0\.0\.0 binds all interfaces/)
  for (const flag of ['--port', '--host', '--db', '--path-map', '--cookie-name', '--no-cookie', '--redirects', '--max-payload-size', '--drop-payload-size']) {
    assert.ok(result.stdout.includes(flag.replace('--no-cookie', '--[no-]cookie')), flag)
  }
})
