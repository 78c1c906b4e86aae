// examples/web-demo end to end: Debian's Chromium (driven by playwright-core, which never downloads
// a browser) loads the demo page with the real @snowplow/browser-tracker; the demo's schemas are
// pushed with its script and an API key; sp/testing checks that every event arrived good.
import {test} from 'node:test'
import assert from 'node:assert/strict'
import {execFile} from 'node:child_process'
import {existsSync} from 'node:fs'
import path from 'node:path'
import {pathToFileURL} from 'node:url'
import {promisify} from 'node:util'
import {createMicro} from '../../src/testing/index.js'
import {repoRoot} from '../helpers/repo-root.js'
import {fixtureSchemasDir} from '../helpers/static-iglu.js'
import {startMicroProcess} from './micro-process.js'

const exec = promisify(execFile)
const demoDir = path.join(repoRoot, 'examples', 'web-demo')
const chromium = process.env.SP_CHROMIUM ?? '/usr/bin/chromium'
const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
const SUPER_KEY = '5f4c3a2b-1d0e-4f9a-8b7c-6d5e4f3a2b1c'
const MOUSE_MOVE = 'iglu:com.example_company/mouse_move/jsonschema/1-0-0'
const MOUSE_CLICK = 'iglu:com.example_company/mouse_click/jsonschema/1-0-0'

const skip = existsSync(chromium) ? false : `no browser found at ${chromium}: install Debian's chromium or set SP_CHROMIUM`

interface Demo {
  url: string
  close(): Promise<void>
}

test('web demo: page view, mouse moves and a click from the browser tracker arrive good once the schemas are pushed', {skip, timeout: 120_000}, async (t) => {
  // the web_page context the browser tracker attaches comes from the fixture schemas (offline)
  const micro = await startMicroProcess(t, ['--port', '0', '--db', ':memory:', '--schemas', fixtureSchemasDir, '--api-key', SUPER_KEY])
  const push = await exec('sh', [path.join(demoDir, 'push-schemas.sh')], {
    env: {...process.env, SP_IGLU_API_KEY: SUPER_KEY, SP_IGLU_REGISTRY_URL: micro.url, SP: `${process.execPath} ${path.join(repoRoot, 'bin', 'run.js')}`},
  })
  assert.match(push.stdout, /Schema created at iglu:com\.example_company\/mouse_click\/jsonschema\/1-0-0/)
  assert.match(push.stdout, /Schema created at iglu:com\.example_company\/mouse_move\/jsonschema\/1-0-0/)

  const {serveDemo} = (await import(pathToFileURL(path.join(demoDir, 'serve.mjs')).href)) as {serveDemo(port: number): Promise<Demo>}
  const demo = await serveDemo(0)
  t.after(() => demo.close())

  const {chromium: launcher} = await import('playwright-core')
  const browser = await launcher.launch({executablePath: chromium, args: LAUNCH_ARGS})
  t.after(() => browser.close())
  const page = await browser.newPage()
  await page.goto(`${demo.url}/?collector=${encodeURIComponent(micro.url)}`)
  await page.mouse.move(10, 20)
  await page.mouse.move(200, 120, {steps: 5})
  await page.mouse.click(200, 120)

  const sp = createMicro({url: micro.url, timeout: 20_000})
  const [view] = await sp.waitFor({event_type: 'page_view'})
  assert.equal(view!.appId, 'web-demo')
  assert.ok(view!.contexts.includes('iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0'))
  const moves = await sp.waitFor({schema: MOUSE_MOVE})
  assert.ok(moves.every((m) => Number.isInteger((m.good!.event.unstruct_event as {data: {data: {x: number}}}).data.data.x)))
  await sp.waitFor({schema: MOUSE_CLICK}, {where: {'data.x': 200, 'data.y': 120, 'data.button': 0}})
  await sp.expectNoBad()
})
