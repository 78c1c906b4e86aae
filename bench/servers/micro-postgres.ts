// Subject: `sp micro --postgres URL` (startMicro with the loader) on a SQLite file in a temp folder.
import {mkdtempSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {startMicro} from '../../src/micro/server.js'
import {defaultMicroOptions} from '../../src/micro/options.js'

const dir = mkdtempSync(path.join(os.tmpdir(), 'sp-bench-'))
const micro = await startMicro(
  defaultMicroOptions({port: 0, dbFile: path.join(dir, 'micro.db'), iglu: {offline: true}, postgres: {url: process.argv[2]!}}),
)
process.stdout.write(`${micro.url}\n`)
process.on('SIGTERM', () =>
  void micro.close().then(() => {
    rmSync(dir, {recursive: true, force: true})
    process.exit(0)
  }),
)
