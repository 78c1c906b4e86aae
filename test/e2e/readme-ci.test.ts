// The README's GitHub Actions job waits for `sp micro` with a /health poll: run that very line.
import {test} from 'node:test'
import assert from 'node:assert/strict'
import {execFile, execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {createServer} from 'node:net'
import path from 'node:path'
import {promisify} from 'node:util'
import {repoRoot} from '../helpers/repo-root.js'
import {spawnSp} from './micro-process.js'

const exec = promisify(execFile)

const hasCurl = (() => {
  try {
    execFileSync('curl', ['--version'], {stdio: 'ignore'})
    return true
  } catch {
    return false
  }
})()

/** A port that was free a moment ago (the README's job uses the default, 9090). */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as {port: number}
  await new Promise((resolve) => server.close(resolve))
  return port
}

test("the README's wait-until-ready step ends once sp micro answers, and not before", {skip: hasCurl ? false : 'needs curl'}, async (t) => {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8')
  const wait = /^\s+run: (timeout \d+ sh -c 'until curl .*\/health.*)$/m.exec(readme)?.[1]
  assert.ok(wait, 'the README has the wait step')
  const port = await freePort()
  const waitLine = wait.replace('9090', String(port))
  assert.notEqual(waitLine, wait, 'the step names the port')

  const waiting = exec('sh', ['-c', waitLine])
  const micro = spawnSp(['micro', '--offline', '--db', ':memory:', '--port', String(port)])
  t.after(async () => {
    micro.child.kill('SIGKILL')
    await micro.exited
  })
  await waiting
  // micro logs the ready line before it can answer; the pipe may deliver it a moment later
  const deadline = Date.now() + 5000
  while (!micro.out.stderr.includes('sp micro ready') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
  assert.match(micro.out.stderr, /sp micro ready/, 'the poll ended after the ready line')
  const all = await fetch(`http://127.0.0.1:${port}/micro/all`)
  assert.deepEqual(await all.json(), {total: 0, good: 0, bad: 0})
})
