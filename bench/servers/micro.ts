// Subject: the real `sp micro` server (startMicro) on a SQLite file in a temp folder.
import {mkdtempSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {startMicro} from '../../src/micro/server.js'
import {defaultMicroOptions} from '../../src/micro/options.js'

const dir = mkdtempSync(path.join(os.tmpdir(), 'sp-bench-'))
// offline: a benchmark never waits on Iglu Central
const micro = await startMicro(defaultMicroOptions({port: 0, dbFile: process.argv[2] ?? path.join(dir, 'micro.db'), iglu: {offline: true}}))
process.stdout.write(`${micro.url}\n`)
process.on('SIGTERM', () =>
  void micro.close().then(() => {
    rmSync(dir, {recursive: true, force: true})
    process.exit(0)
  }),
)
