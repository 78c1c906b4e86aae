import {createIgluClient, isOfflineNote, LocalRepository, resolverConfigFor, watchLocalRepositories, type FullIgluClient} from '../iglu/index.js'
import type {IgluClient, Repository} from '../iglu/types.js'
import type {MicroIgluOptions} from './options.js'

/**
 * The Iglu client enrich uses inside `sp micro`: `--iglu FILE` (a resolver config) or Micro's
 * default resolver (Iglu Central + mirror, MICRO_IGLU_REGISTRY_URL), `--schemas DIR` folders
 * consulted first, `--offline` for no network. sp's embedded schemas are always there;
 * `extraRepositories` (the registry inside sp micro) come before everything.
 */
export async function createMicroIgluClient(
  options: MicroIgluOptions,
  extraRepositories: Repository[] = [],
  log: (line: string) => void = () => {},
): Promise<FullIgluClient> {
  const config = resolverConfigFor({resolverFile: options.resolverFile, schemaDirs: options.schemaDirs})
  const embedded = (options.embeddedSchemaDirs ?? []).map((dir) => new LocalRepository({name: `Iglu Client Embedded (${dir})`, dir, lenientSelf: true}))
  // a misconfigured repository otherwise shows up only as "not found" in every failed event
  const warn = (message: string): void => log(`Iglu warning: ${message}`)
  const client = createIgluClient({config, offline: options.offline, extraRepositories: [...extraRepositories, ...embedded], cacheDir: options.cacheDir, onWarning: warn})
  // --offline is reported by the schema-cache lines, which say what is missing
  for (const message of client.warnings) if (!isOfflineNote(message)) warn(message)
  watching.set(client, watchLocalRepositories(client, warn))
  return client
}

const watching = new WeakMap<IgluClient, () => void>()

/** Stops watching the local schema folders of a client made by createMicroIgluClient. */
export function stopMicroIglu(client: IgluClient): void {
  watching.get(client)?.()
}
