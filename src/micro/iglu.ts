import {createIgluClient, defaultResolverConfig, loadResolverConfig} from '../iglu/index.js'
import type {IgluClient, Repository} from '../iglu/types.js'
import type {MicroIgluOptions} from './options.js'

/**
 * The Iglu client enrich uses inside `sp micro`: `--iglu FILE` (a resolver config) or Micro's
 * default resolver (Iglu Central + mirror, MICRO_IGLU_REGISTRY_URL), `--schemas DIR` folders
 * consulted first, `--offline` for no network. sp's embedded schemas are always there;
 * `extraRepositories` (the registry inside sp micro) come before everything.
 */
export async function createMicroIgluClient(options: MicroIgluOptions, extraRepositories: Repository[] = []): Promise<IgluClient> {
  const schemaDirs = options.schemaDirs ?? []
  const config = options.resolverFile ? loadResolverConfig(options.resolverFile) : defaultResolverConfig({env: process.env, schemaDirs})
  if (options.resolverFile && schemaDirs.length > 0) {
    // --schemas with --iglu: the folders go first, as with the default resolver
    const local = defaultResolverConfig({env: {}, schemaDirs}).repositories.filter((r) => 'embedded' in r.connection)
    config.repositories = [...local, ...config.repositories]
  }
  return createIgluClient({config, offline: options.offline, extraRepositories, cacheDir: options.cacheDir})
}
