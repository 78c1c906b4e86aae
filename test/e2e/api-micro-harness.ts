import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import {startMicro, type RunningMicro} from '../../src/micro/server.js'
import {defaultMicroOptions, type MicroOptions} from '../../src/micro/options.js'
import {serveStaticIglu, type StaticIgluServer} from '../helpers/static-iglu.js'

export interface MicroUnderTest {
  micro: RunningMicro
  url: string
  iglu: StaticIgluServer
  close(): Promise<void>
}

/**
 * A real `sp micro` (collector, enrich, store, API) on a loopback port, resolving schemas from a
 * local copy of Iglu Central served over HTTP, as a resolver file would point at iglucentral.com.
 */
export async function startMicroUnderTest(overrides: Partial<MicroOptions> = {}): Promise<MicroUnderTest> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sp-api-e2e-'))
  const iglu = await serveStaticIglu()
  const resolverFile = path.join(dir, 'resolver.json')
  await writeFile(
    resolverFile,
    JSON.stringify({
      schema: 'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-1',
      data: {
        cacheSize: 500,
        repositories: [{name: 'Iglu Central', priority: 0, vendorPrefixes: ['com.snowplowanalytics'], connection: {http: {uri: iglu.url}}}],
      },
    }),
  )
  const micro = await startMicro(
    defaultMicroOptions({port: 0, host: '127.0.0.1', dbFile: path.join(dir, 'micro.db'), iglu: {resolverFile}, ...overrides}),
  )
  return {
    micro,
    url: micro.url,
    iglu,
    async close() {
      await micro.close()
      await iglu.close()
      await rm(dir, {recursive: true, force: true})
    },
  }
}
