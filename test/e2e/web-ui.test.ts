import {after, before, describe, test} from 'node:test'
import assert from 'node:assert/strict'
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {newTracker, buildPageView, buildSelfDescribingEvent, buildStructEvent, type Tracker} from '@snowplow/node-tracker'
import type {Page} from 'playwright-core'
import {startMicro, type RunningMicro} from '../../src/micro/server.js'
import {defaultMicroOptions} from '../../src/micro/options.js'
import {browserSkipReason, launchBrowser, type TestBrowser} from '../ui/browser.js'

const CHECKOUT = 'iglu:com.acme/checkout/jsonschema/1-0-0'
const UNKNOWN = 'iglu:com.acme/wishlist/jsonschema/1-0-0'
const skip = browserSkipReason()
if (skip) console.log(`# web UI browser tests skipped: ${skip}`)

describe('the web UI in headless Chromium', {skip}, () => {
  let dir: string
  let micro: RunningMicro
  let browser: TestBrowser
  let page: Page
  let shots: string

  const rows = () => page.locator('table.events tbody tr')
  // page.evaluate takes expressions as text: this project's tsconfig has no DOM types
  /** Polls the page (no sleeps) until `count` rows show. */
  const waitForRows = (count: number) =>
    page.waitForFunction(`document.querySelectorAll('table.events tbody tr').length === ${count}`, undefined, {timeout: 15_000})
  const tracker = (appId: string): Tracker =>
    newTracker({namespace: 'ui-e2e', appId, encodeBase64: false}, {endpoint: '127.0.0.1', port: micro.port, protocol: 'http', eventMethod: 'post', bufferSize: 1})
  const shot = async (name: string) => {
    await page.screenshot({path: path.join(shots, `${name}.png`)})
  }

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'sp-ui-e2e-'))
    shots = process.env.SP_UI_SCREENSHOTS ?? path.join(dir, 'screenshots')
    await mkdir(shots, {recursive: true})
    const schemas = path.join(dir, 'schemas')
    await mkdir(path.join(schemas, 'com.acme/checkout/jsonschema'), {recursive: true})
    await writeFile(
      path.join(schemas, 'com.acme/checkout/jsonschema/1-0-0'),
      JSON.stringify({
        $schema: 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#',
        description: 'A checkout',
        self: {vendor: 'com.acme', name: 'checkout', format: 'jsonschema', version: '1-0-0'},
        type: 'object',
        properties: {sku: {type: 'string', maxLength: 64}, quantity: {type: 'integer', minimum: 1, maximum: 100}},
        required: ['sku', 'quantity'],
        additionalProperties: false,
      }),
    )
    micro = await startMicro(
      defaultMicroOptions({port: 0, dbFile: path.join(dir, 'micro.db'), iglu: {offline: true, cacheDir: false, schemaDirs: [schemas]}}),
    )
    browser = await launchBrowser()
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], {origin: micro.url})
    page = await browser.context.newPage()
  })
  after(async () => {
    await browser?.close()
    await micro?.close()
    if (process.env.SP_UI_SCREENSHOTS) console.log(`# web UI screenshots: ${shots}`)
    await rm(dir, {recursive: true, force: true})
  })

  test('/ opens the UI, and events from the real node tracker appear without a reload', async () => {
    await page.goto(micro.url + '/')
    assert.equal(new URL(page.url()).pathname, '/micro/ui')
    await page.getByRole('button', {name: 'Live'}).waitFor()
    await waitForRows(0)

    const shop = tracker('shop')
    shop.track(buildPageView({pageUrl: 'https://shop.example/', pageTitle: 'Home'}))
    shop.track(buildSelfDescribingEvent({event: {schema: CHECKOUT, data: {sku: 'sku-1', quantity: 2}}}))
    shop.track(buildSelfDescribingEvent({event: {schema: CHECKOUT, data: {sku: 'sku-2', quantity: 'two'}}}))
    await shop.flush()
    const blog = tracker('blog')
    blog.track(buildStructEvent({category: 'nav', action: 'click'}))
    blog.track(buildSelfDescribingEvent({event: {schema: UNKNOWN, data: {items: [{sku: 'sku-9', price: 12.5}], shared: true}}}))
    await blog.flush()

    await waitForRows(5)
    // newest first: the last event sent is the first row
    assert.match(await rows().first().innerText(), /Failed · ResolutionError/)
    assert.match(await rows().nth(4).innerText(), /page_view/)
    assert.equal(await page.locator('.badge.failed').count(), 2)
    // the first error is in the row itself
    assert.match(await rows().nth(2).innerText(), /Failed · ValidationError\s+\$\.quantity: string found, integer expected/)
    await shot('events-1280-light')
  })

  test('the JSON panel shows a failed event’s errors, the value sent and the path highlighted', async () => {
    await rows().nth(2).click()
    const panel = page.getByRole('complementary', {name: 'Failed event'})
    await panel.waitFor()
    const text = await panel.innerText()
    assert.match(text, /ValidationError/)
    assert.match(text, /\$\.quantity: string found, integer expected/)
    assert.equal(await panel.locator('.value-sent').first().innerText(), '"two"')
    assert.equal(await panel.locator('mark.hl').first().getAttribute('data-path'), '$.quantity')
    assert.equal(await panel.locator('mark.hl').first().innerText(), '"two"')
    await shot('failed-event-panel-1280-light')
    // drag the panel's left edge 100px to the left: 100px wider, remembered
    const before = (await panel.boundingBox())!
    const handle = (await panel.getByRole('separator', {name: 'Resize panel'}).boundingBox())!
    await page.mouse.move(handle.x + handle.width / 2, handle.y + 100)
    await page.mouse.down()
    await page.mouse.move(handle.x + handle.width / 2 - 100, handle.y + 100, {steps: 5})
    await page.mouse.up()
    const after = (await panel.boundingBox())!
    assert.ok(Math.abs(after.width - before.width - 100) <= 5, `width ${before.width} -> ${after.width}`)
    assert.equal(Number(await page.evaluate("localStorage.getItem('sp.ui.panelWidth')")), Math.round(after.width))
    // the full event starts folded below its top-level fields; a node unfolds, and copies itself
    // (its copy button shows on hover, so it is not in the accessibility tree before)
    const failureNode = panel.locator('[role=treeitem]:has(> .line > button.copy-node[aria-label="Copy $.contexts_com_snowplowanalytics_snowplow_failure_1"])')
    const failureLine = failureNode.locator('> .line').first()
    assert.match(await failureLine.innerText(), /\[ 1 item \]/)
    await failureLine.getByRole('button', {name: 'Unfold'}).click()
    // the list unfolds onto its item, folded in turn
    await failureNode.locator('.children').getByRole('button', {name: 'Unfold'}).first().click()
    await failureNode.getByText('"componentName"').waitFor()
    await failureLine.hover()
    await failureLine.locator('button.copy-node').click()
    await page.waitForFunction("navigator.clipboard.readText().then((t) => t.includes('ValidationError'))")

    await panel.getByRole('button', {name: 'Copy JSON'}).click()
    await panel.getByRole('button', {name: 'Copied'}).waitFor()
    const copied = JSON.parse((await page.evaluate('navigator.clipboard.readText()')) as string) as Record<string, unknown>
    assert.equal(copied.app_id, 'shop')
    assert.equal(copied.event_name, null)
    await page.keyboard.press('Escape')
    await panel.waitFor({state: 'detached'})
  })

  test('a failed event of an unknown schema drafts a self-describing schema', async () => {
    await rows().first().click()
    const panel = page.getByRole('complementary', {name: 'Failed event'})
    await panel.getByRole('button', {name: 'Draft a schema from this event'}).click()
    const draft = JSON.parse(await panel.locator('.draft pre').innerText()) as Record<string, unknown>
    assert.deepEqual(draft.self, {vendor: 'com.acme', name: 'wishlist', format: 'jsonschema', version: '1-0-0'})
    assert.equal(draft.$schema, 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#')
    assert.deepEqual(Object.keys(draft.properties as object), ['items', 'shared'])
    assert.match(await panel.innerText(), /schemas\/com\.acme\/wishlist\/jsonschema\/1-0-0/)
    await page.keyboard.press('Escape')
  })

  test('keyboard: j/k select rows and open the panel, Esc closes it', async () => {
    await page.locator('body').click({position: {x: 5, y: 5}})
    await page.keyboard.press('j')
    await page.locator('tr.selected').waitFor()
    assert.equal(await rows().first().getAttribute('aria-selected'), 'true')
    await page.keyboard.press('j')
    assert.equal(await rows().nth(1).getAttribute('aria-selected'), 'true')
    await page.getByRole('complementary', {name: 'Event'}).waitFor()
    await page.keyboard.press('Escape')
    await page.waitForFunction("document.querySelector('tr.selected') === null")
  })

  test('column filters, status and time filters go to the view URL in Micro’s format, and back', async () => {
    await page.getByRole('button', {name: 'Filter app_id'}).click()
    const menu = page.getByRole('dialog', {name: 'Filter app_id'})
    await menu.getByRole('checkbox').first().waitFor()
    await menu.getByText('shop', {exact: true}).click()
    await shot('filter-menu-1280-light')
    await menu.getByRole('button', {name: 'Done'}).click()
    await waitForRows(3)
    await page.getByLabel('Status filter').selectOption('failed')
    await waitForRows(1)
    await page.getByLabel('Time filter').selectOption('15')
    await page.waitForFunction("window.location.search.includes('time=last15m')")
    assert.equal(new URL(page.url()).search, '?app_id=shop&event_name=&status=failed&time=last15m')

    await page.getByRole('button', {name: 'Copy view URL'}).click()
    await page.getByText('View URL copied').waitFor()
    const copied = await page.evaluate('navigator.clipboard.readText()')
    assert.equal(copied, `${micro.url}/micro/ui?app_id=shop&event_name=&status=failed&time=last15m`)

    // a link as Micro writes it, in a fresh load
    await page.goto(`${micro.url}/micro/ui?app_id=blog~shop&event_name=&status=valid&time=last30m`)
    await waitForRows(3)
    assert.equal(await page.getByLabel('Status filter').inputValue(), 'valid')
    assert.equal(await page.getByLabel('Time filter').inputValue(), '30')
    assert.match(await page.getByRole('button', {name: 'Filter app_id'}).innerText(), /2/)

    await page.getByRole('button', {name: 'Reset filters'}).click()
    await waitForRows(5)
    assert.equal(new URL(page.url()).search, '?app_id=&event_name=')

    // an absolute range typed in: nothing before the events' day
    await page.getByLabel('Time filter').selectOption('range')
    await page.getByLabel('To').fill('2020-01-01T00:00')
    await waitForRows(0)
    assert.match(new URL(page.url()).searchParams.get('time')!, /^\d{4}-\d\d-\d\dT[\d:.]+Z~2020-01-01T00:00:00\.000Z$/)
    await page.getByLabel('From').fill('')
    await page.getByLabel('To').fill('')
    await waitForRows(5)
    await page.getByLabel('Time filter').selectOption('any')
    await page.waitForFunction("!window.location.search.includes('time=')")

    // a timeline bar is an absolute range: [minute, minute + 1) in the URL, the table filtered to it
    const busy = page.locator('.chart').first().locator('.bar:not([aria-label$=": 0 valid, 0 failed"])').last()
    const label = (await busy.getAttribute('aria-label'))!
    const [, valid, failed] = /(\d+) valid, (\d+) failed$/.exec(label)!
    await busy.click()
    await waitForRows(Number(valid) + Number(failed))
    const time = new URL(page.url()).searchParams.get('time')!
    const [start, end] = time.split('~').map((t) => Date.parse(t))
    assert.equal(end! - start!, 60_000)
    assert.equal(await page.getByLabel('Time filter').inputValue(), 'range')
    await busy.click()
    await waitForRows(5)
    assert.equal(new URL(page.url()).searchParams.get('time'), null)
  })

  test('the column picker adds, reorders and resets columns, remembered in localStorage', async () => {
    await page.getByRole('button', {name: 'Pick columns'}).click()
    const picker = page.getByRole('complementary', {name: 'Pick columns'})
    await picker.getByLabel('Search columns').fill('platfo')
    await picker.getByText('platform', {exact: true}).click()
    await page.locator('th[data-column="platform"]').waitFor()
    await shot('column-picker-1280-light')
    await picker.getByRole('button', {name: 'Move platform up'}).click()
    const order = () => page.evaluate("[...document.querySelectorAll('table.events th[data-column]')].map((th) => th.getAttribute('data-column'))")
    assert.deepEqual(await order(), ['app_id', 'platform', 'event_name'])
    // drag and drop (HTML5) puts event_name where app_id was
    const shown = picker.locator('.selected-columns li')
    await shown.filter({hasText: 'event_name'}).dragTo(shown.filter({hasText: 'app_id'}))
    assert.deepEqual(await order(), ['event_name', 'app_id', 'platform'])
    await page.reload()
    await waitForRows(5)
    assert.deepEqual(await order(), ['event_name', 'app_id', 'platform'])
    assert.equal(await page.evaluate("localStorage.getItem('sp.ui.columns')"), '["event_name","app_id","platform"]')
    await page.getByRole('button', {name: 'Pick columns'}).click()
    await page.getByRole('button', {name: 'Reset to defaults'}).click()
    assert.deepEqual(await order(), ['app_id', 'event_name'])
    await page.getByRole('button', {name: 'Close column picker'}).click()
  })

  test('pause holds live updates and counts them; resume shows them', async () => {
    await page.getByRole('button', {name: 'Live'}).click()
    await page.getByRole('button', {name: /^Paused/}).waitFor()
    const t = tracker('shop')
    t.track(buildPageView({pageUrl: 'https://shop.example/cart'}))
    await t.flush()
    await page.getByRole('button', {name: 'Paused · 1 new'}).waitFor()
    assert.equal(await rows().count(), 5)
    await page.getByRole('button', {name: 'Paused · 1 new'}).click()
    await waitForRows(6)
  })

  test('requests rejected before enrich are listed with the request that caused them', async () => {
    const response = await fetch(`${micro.url}/com.snowplowanalytics.snowplow/tp2`, {
      method: 'POST',
      headers: {'content-type': 'application/json'},
      body: JSON.stringify({schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4', data: [{e: 'pv'}]}),
    })
    assert.equal(response.status, 200)
    await page.getByRole('button', {name: /Rejected requests\s*1/}).waitFor()
    await page.getByRole('button', {name: /Rejected requests/}).click()
    await waitForRows(1)
    assert.match(await rows().first().innerText(), /POST \/com\.snowplowanalytics\.snowplow\/tp2/)
    await rows().first().click()
    const panel = page.getByRole('complementary', {name: 'Rejected request'})
    const text = await panel.innerText()
    assert.match(text, /Error while extracting event\(s\) from collector payload/)
    assert.match(text, /tv: is missing but it is required/)
    assert.match(text, /"e": "pv"/)
    await shot('rejected-request-1280-light')
    await page.keyboard.press('Escape')
  })

  test('the Schemas view lists local schemas and unknown ones, with the events that used them', async () => {
    await page.getByRole('button', {name: 'Schemas'}).click()
    const row = (name: string) => page.locator('table.schemas tbody tr', {hasText: name})
    await row('com.acme/checkout').waitFor()
    const checkout = await row('com.acme/checkout').innerText()
    // version, valid events, failed events, where it is held
    assert.deepEqual(checkout.trim().split(/\s+/), ['com.acme/checkout', '1-0-0', '1', '1', 'folder', 'schemas'])
    assert.match(await row('com.acme/wishlist').innerText(), /not in the registry or folders/)

    await row('com.acme/checkout').click()
    const panel = page.getByRole('complementary', {name: CHECKOUT})
    await panel.getByText('Events that used it (2)').waitFor()
    assert.match(await panel.locator('.json').innerText(), /"quantity"/)
    await row('com.acme/wishlist').click()
    const unknown = page.getByRole('complementary', {name: UNKNOWN})
    await unknown.getByText('Events that used it (1)').waitFor()
    await unknown.getByText(/No repository of sp micro’s resolver holds it \(tried .*sp micro registry/).waitFor()
    await shot('schemas-1280-light')
    await unknown.locator('.event-list button').click()
    const event = page.getByRole('complementary', {name: 'Failed event'})
    assert.match(await event.innerText(), /Resolution error: schema iglu:com\.acme\/wishlist\/jsonschema\/1-0-0 not found/)
    await page.keyboard.press('Escape')
    await page.getByRole('button', {name: 'Events', exact: true}).click()
  })

  test('screenshots: 1280×720 and phone size, light and dark', async () => {
    await waitForRows(6)
    const background = () => page.evaluate('getComputedStyle(document.body).backgroundColor')
    assert.equal(await background(), 'rgb(246, 247, 249)')
    await page.emulateMedia({colorScheme: 'dark'})
    assert.equal(await background(), 'rgb(20, 22, 28)')
    await rows().nth(3).click()
    await shot('failed-event-1280-dark')
    await page.keyboard.press('Escape')
    await page.setViewportSize({width: 390, height: 844})
    await shot('events-phone-dark')
    await page.emulateMedia({colorScheme: 'light'})
    await shot('events-phone-light')
    await rows().nth(3).click()
    await shot('failed-event-phone-light')
    // on a phone the panel covers the screen and nothing overflows sideways
    const overflow = (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than a phone`)
    await page.keyboard.press('Escape')
    await page.setViewportSize({width: 1280, height: 720})
  })

  test('delete all events empties the table', async () => {
    page.once('dialog', (dialog) => void dialog.accept())
    await page.getByRole('button', {name: 'More actions'}).click()
    await page.getByRole('menuitem', {name: 'Delete all events'}).click()
    await waitForRows(0)
    const all = (await (await fetch(`${micro.url}/micro/all`)).json()) as {total: number}
    assert.equal(all.total, 0)
  })

  test('50 events a page, newest first; past page 1 the page holds still while new events are counted', async () => {
    const send = async (n: number, from: number) => {
      const t = newTracker({namespace: 'ui-e2e', appId: 'paging', encodeBase64: false}, {endpoint: '127.0.0.1', port: micro.port, protocol: 'http', eventMethod: 'post', bufferSize: 10})
      for (let i = from; i < from + n; i++) t.track(buildPageView({pageUrl: `https://shop.example/${i}`}))
      await t.flush()
    }
    await send(52, 0)
    await waitForRows(50)
    assert.match(await page.getByText(/^Page \d+ of \d+$/).innerText(), /^Page 1 of 2$/)
    await page.getByRole('button', {name: 'Older ›'}).click()
    await waitForRows(2)
    await send(3, 52)
    await page.getByRole('button', {name: '3 new since · back to the newest'}).waitFor()
    assert.equal(await rows().count(), 2)
    await page.getByRole('button', {name: '3 new since · back to the newest'}).click()
    await waitForRows(50)
    await page.locator('.toolbar .total', {hasText: '55 events'}).waitFor()
  })
})
