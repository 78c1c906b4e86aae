import {existsSync} from 'node:fs'
import {mkdtemp, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {chromium, type BrowserContext} from 'playwright-core'
import {defaultUiDir} from '../../src/api/routes/ui.js'

/** The Chromium the browser tests drive: SP_CHROMIUM, else Debian's. playwright-core never downloads one. */
export const CHROMIUM = process.env.SP_CHROMIUM ?? '/usr/bin/chromium'

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Why the browser tests cannot run here (a skip message saying how to enable them), or false. */
export function browserSkipReason(): string | false {
  if (!existsSync(CHROMIUM)) {
    return `no Chromium at ${CHROMIUM}: install it (apt-get install -y --no-install-recommends chromium) or set SP_CHROMIUM=/path/to/chromium to run the web UI tests`
  }
  if (defaultUiDir() === null) return 'the web UI is not built: run `npm run build` to run the web UI tests'
  return false
}

export interface TestBrowser {
  context: BrowserContext
  close(): Promise<void>
}

/** Headless Chromium with a fresh profile (its own --user-data-dir), removed on close. */
export async function launchBrowser(viewport = {width: 1280, height: 720}): Promise<TestBrowser> {
  const profile = await mkdtemp(path.join(os.tmpdir(), 'sp-ui-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport,
    timeout: 60_000,
  })
  return {
    context,
    async close() {
      await context.close()
      await rm(profile, {recursive: true, force: true})
    },
  }
}
