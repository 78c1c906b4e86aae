import type {IgluClient} from '../../src/iglu/types.js'
import {createIgluClient, parseResolverConfig} from '../../src/iglu/index.js'
import {serveStaticIglu} from '../helpers/static-iglu.js'

export interface RealIglu {
  client: IgluClient
  /** the loopback static repository (request log proves what was fetched) */
  requests: string[]
  close(): Promise<void>
}

/**
 * A real IgluClient whose only HTTP repository is a static Iglu repository served on loopback (plus
 * sp's embedded schemas): the project's fixture schemas by default, or a copy of Iglu Central.
 */
export async function startRealIglu(root?: string): Promise<RealIglu> {
  const server = await serveStaticIglu(root)
  const config = parseResolverConfig({
    schema: 'iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-3',
    data: {
      cacheSize: 500,
      repositories: [{name: 'Iglu Central (loopback)', priority: 1, vendorPrefixes: [], connection: {http: {uri: server.url}}}],
    },
  })
  const client = createIgluClient({config, cacheDir: false})
  return {client, requests: server.requests, close: () => server.close()}
}
