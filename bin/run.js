#!/usr/bin/env node
// Commands are compiled to dist/ and listed in oclif.manifest.json by `npm install` (prepare) or
// `npm run build`; with the manifest a run imports only the command it runs.
import {statSync} from 'node:fs'
import {execute} from '@oclif/core'

await refreshStaleManifest()
await execute({dir: import.meta.url})

/**
 * In a checkout, a bare `tsc` rebuilds dist/ without the manifest: without this, a command added
 * since the last `npm run build` would be "not found". An installed package has no .tsbuildinfo,
 * so there this is one failed stat.
 */
async function refreshStaleManifest() {
  const mtime = (relative) => statSync(new URL(relative, import.meta.url), {throwIfNoEntry: false})?.mtimeMs ?? 0
  const built = mtime('../dist/.tsbuildinfo')
  if (built === 0 || built <= mtime('../oclif.manifest.json')) return
  try {
    const {writeManifest} = await import('../scripts/oclif-manifest.js')
    await writeManifest()
  } catch (error) {
    // a command that does not load: let oclif report it when it is run
    process.emitWarning(`oclif.manifest.json not refreshed: ${error.message}`)
  }
}
