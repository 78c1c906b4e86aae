import {watch, type FSWatcher} from 'node:fs'
import type {FullIgluClient} from './client.js'
import {LocalRepository} from './repositories/local.js'
import {bundledSchemasDir} from './repositories/embedded.js'
import {DISK_CACHE_REPOSITORY_NAME} from './disk-cache.js'

/**
 * Local schema folders (`--schemas`, `embedded` repositories) are read fresh: a watcher on each
 * makes the client forget that folder's schemas and every miss whenever a file changes, so a schema
 * added or edited is used by the next event, whatever the cache TTL (Snowplow's client would keep
 * the old answer until the TTL ends, or forever without one). The bundled schemas never change.
 * Returns a function that stops watching.
 */
export function watchLocalRepositories(client: FullIgluClient, onError: (message: string) => void = () => {}): () => void {
  const watchers: FSWatcher[] = []
  const bundled = bundledSchemasDir()
  for (const repo of client.repositories) {
    if (!(repo instanceof LocalRepository) || repo.dir === bundled || repo.name === DISK_CACHE_REPOSITORY_NAME) continue
    try {
      const watcher = watch(repo.dir, {recursive: true, persistent: false}, () => client.forgetRepository(repo.name))
      watcher.on('error', () => watcher.close())
      watchers.push(watcher)
    } catch (error) {
      // a folder that does not exist is already a startup warning; anything else is worth one
      if ((error as {code?: string}).code !== 'ENOENT') onError(`Repository "${repo.name}": cannot watch ${repo.dir} for changes (${(error as Error).message}); restart sp micro after editing schemas`)
    }
  }
  return () => {
    for (const w of watchers) w.close()
  }
}
