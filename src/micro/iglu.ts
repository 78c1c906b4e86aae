import {createIgluClient, LocalRepository, resolverConfigFor} from '../iglu/index.js'
import type {IgluClient, Repository} from '../iglu/types.js'
import type {MicroIgluOptions} from './options.js'

/**
 * The Iglu client enrich uses inside `sp micro`: `--iglu FILE` (a resolver config) or Micro's
 * default resolver (Iglu Central + mirror, MICRO_IGLU_REGISTRY_URL), `--schemas DIR` folders
 * consulted first, `--offline` for no network. sp's embedded schemas are always there;
 * `extraRepositories` (the registry inside sp micro) come before everything.
 */
export async function createMicroIgluClient(options: MicroIgluOptions, extraRepositories: Repository[] = []): Promise<IgluClient> {
  const config = resolverConfigFor({resolverFile: options.resolverFile, schemaDirs: options.schemaDirs})
  const embedded = (options.embeddedSchemaDirs ?? []).map((dir) => new LocalRepository({name: `Iglu Client Embedded (${dir})`, dir, lenientSelf: true}))
  return createIgluClient({config, offline: options.offline, extraRepositories: [...extraRepositories, ...embedded], cacheDir: options.cacheDir})
}
