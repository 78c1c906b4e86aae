// The package as a frontend team gets it: `npm pack`, `npm install -D ./sp-*.tgz` into a fresh app,
// then the bin and `sp/testing` from plain JavaScript, with no TypeScript toolchain in the app.
import {test} from 'node:test'
import assert from 'node:assert/strict'
import {execFile} from 'node:child_process'
import {copyFile, mkdir, readFile, writeFile} from 'node:fs/promises'
import {existsSync} from 'node:fs'
import path from 'node:path'
import {promisify} from 'node:util'
import {repoRoot} from '../helpers/repo-root.js'
import {tempDir} from '../helpers/temp-dir.js'
import {runSp, spawnSp, startMicroProcess} from './micro-process.js'

const exec = promisify(execFile)
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

// better-sqlite3 compiles its addon on install (minutes) when no prebuilt binary can be fetched:
// the app gets the checkout's own build of the same version instead, so the test takes seconds.
const addon = path.join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')
const NETWORK = /ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNREFUSED|ECONNRESET|network/i

const skip = !existsSync(path.join(repoRoot, 'oclif.manifest.json'))
  ? 'needs a build with its manifest: run npm run build first'
  : !existsSync(path.join(repoRoot, addon))
    ? "needs this checkout's compiled better-sqlite3 (npm install)"
    : false

interface PackedFile {
  path: string
}

test('npm pack installs into a fresh app: npx sp and sp/testing work from plain JavaScript', {skip, timeout: 240_000}, async (t) => {
  const dir = await tempDir(t, 'sp-pack-')
  // the build is checked above; the package's prepare script would only rebuild it
  const {stdout: packJson} = await exec(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {cwd: repoRoot})
  const [packed] = JSON.parse(packJson) as {filename: string; files: PackedFile[]}[]
  const files = packed!.files.map((f) => f.path)
  for (const needed of ['bin/run.js', 'oclif.manifest.json', 'dist/commands/micro.js', 'dist/src/testing/index.js', 'dist/src/testing/index.d.ts', 'schemas/com.snowplowanalytics.snowplow/atomic/jsonschema/1-0-0']) {
    assert.ok(files.includes(needed), `${needed} is in the tarball`)
  }
  assert.deepEqual(files.filter((f) => /^dist\/(test|bench)\//.test(f) || /^(src|commands|test)\//.test(f) || f.endsWith('.map')), [], 'no tests, sources or source maps')

  const app = path.join(dir, 'app')
  await mkdir(app)
  await writeFile(path.join(app, 'package.json'), JSON.stringify({name: 'app', private: true, type: 'module'}))
  const install = [
    'install', '-D', path.join(dir, packed!.filename),
    // from the npm cache the checkout's install filled; the registry only for what it lacks
    '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts',
  ]
  const started = Date.now()
  try {
    await exec(npm, install, {cwd: app, maxBuffer: 16 * 1024 * 1024})
  } catch (error) {
    const text = `${(error as {stderr?: string}).stderr ?? ''}${(error as Error).message}`
    if (NETWORK.test(text)) return t.skip(`npm install needs the registry, which is unreachable: ${text.split('\n')[0]}`)
    throw error
  }
  t.diagnostic(`npm install of the tarball took ${((Date.now() - started) / 1000).toFixed(1)} s`)
  const version = async (root: string) => JSON.parse(await readFile(path.join(root, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')).version as string
  assert.equal(await version(app), await version(repoRoot), 'the app resolves the better-sqlite3 version this checkout built')
  await mkdir(path.dirname(path.join(app, addon)), {recursive: true})
  await copyFile(path.join(repoRoot, addon), path.join(app, addon))
  assert.ok(!existsSync(path.join(app, 'node_modules', 'typescript')) && !existsSync(path.join(app, 'node_modules', 'tsx')), 'no TypeScript toolchain in the app')

  // npx sp finds the app's own bin
  const {stdout: v} = await exec(npm, ['exec', '--no', '--', 'sp', '--version'], {cwd: app})
  assert.match(v, /^sp\/0\.\d+\.\d+ /)
  const bin = path.join(app, 'node_modules', '.bin', 'sp')
  const help = await runSp(['--help'], {cwd: app, bin})
  assert.equal(help.code, 0)
  assert.match(help.stdout, /micro\s+Run a local Snowplow pipeline/)

  const micro = await startMicroProcess(t, ['--port', '0', '--db', path.join(app, '.sp', 'micro.db')], {cwd: app, bin})
  const tail = spawnSp(['tail', '--json', '--url', micro.url], {cwd: app, bin})
  t.after(() => tail.child.kill())

  await writeFile(
    path.join(app, 'check.js'),
    `import {createMicro} from 'sp/testing'
const micro = createMicro()
await micro.reset()
const response = await fetch(micro.url + '/i?e=pv&p=web&tv=app-test&url=' + encodeURIComponent('https://app.example/'))
await response.arrayBuffer()
const [view] = await micro.waitFor({event_type: 'page_view'}, {timeout: 10000})
await micro.expectNoBad()
console.log(view.good.event.page_url)
`,
  )
  const {stdout: checked} = await exec(process.execPath, ['check.js'], {cwd: app, env: {...process.env, SP_URL: micro.url}})
  assert.equal(checked.trim(), 'https://app.example/')

  // sp tail prints the event as one NDJSON line
  const deadline = Date.now() + 15_000
  while (!tail.out.stdout.includes('page_view') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
  assert.match(tail.out.stdout, /"eventType":"page_view"/)
})
