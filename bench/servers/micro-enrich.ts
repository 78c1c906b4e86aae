// Subject: `sp micro` with enrich and Iglu validation (schemas: a copy of Iglu Central found by
// requireIgluCentral, SP_IGLU_CENTRAL_DIR or ../shared/iglu-central, on loopback),
// on a SQLite file in a temp folder.
import {mkdtempSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {startMicro} from '../../src/micro/server.js'
import {defaultMicroOptions} from '../../src/micro/options.js'
import {startRealIglu} from '../../test/pipeline/real-iglu.js'
import {requireIgluCentral} from '../../test/helpers/iglu-central.js'

const dir = mkdtempSync(path.join(os.tmpdir(), 'sp-bench-'))
const iglu = await startRealIglu(requireIgluCentral())
const micro = await startMicro(defaultMicroOptions({port: 0, dbFile: path.join(dir, 'micro.db'), igluClient: iglu.client}))
process.stdout.write(`${micro.url}\n`)
process.on('SIGTERM', () =>
  void micro.close().then(async () => {
    await iglu.close()
    rmSync(dir, {recursive: true, force: true})
    process.exit(0)
  }),
)
