import type {IgluClient} from '../../src/iglu/types.js'
import {createIgluClient, parseResolverConfig} from '../../src/iglu/index.js'
import {serveStaticIglu} from '../helpers/iglu-central-server.js'

export interface RealIglu {
  client: IgluClient
  /** the loopback static repository (request log proves what was fetched) */
  requests: string[]
  close(): Promise<void>
}

/**
 * A real IgluClient whose only HTTP repository is ../shared/iglu-central served on loopback (plus
 * sp's embedded schemas), so enrich tests validate against Iglu Central without the internet.
 */
export async function startRealIglu(): Promise<RealIglu> {
  const server = await serveStaticIglu()
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
