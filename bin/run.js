#!/usr/bin/env node
// Commands are compiled to dist/ and listed in oclif.manifest.json by `npm install` (prepare) or
// `npm run build`; with the manifest a run imports only the command it runs.
import {statSync} from 'node:fs'
import {flush, handle, run} from '@oclif/core'

await refreshStaleManifest()
// execute() without its catch-all, so a parse error can be made friendlier first ("did you mean --port?")
await run(process.argv.slice(2), import.meta.url)
  .then(() => flush())
  .catch(async (error) => {
    const {friendlierParseError} = await import('../dist/src/cli/suggestions.js')
    return handle(friendlierParseError(error))
  })

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
