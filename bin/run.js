#!/usr/bin/env node
// Commands are compiled to dist/ by `npm install` (prepare) or `npm run build`.
import {flush, handle, run} from '@oclif/core'

// execute() without its catch-all, so a parse error can be made friendlier first
await run(process.argv.slice(2), import.meta.url)
  .then(() => flush())
  .catch(async (error) => {
    const {friendlierParseError} = await import('../dist/src/cli/suggestions.js')
    return handle(friendlierParseError(error))
  })
