import type {Repository, RepositoryLookup, SchemaKey} from './types.js'
import type {LocalRepository} from './repositories/local.js'
import {schemaKeyToUri} from './schema-key.js'

/** The one command that fills the schema cache (named in every offline "missing schema" message). */
export const SYNC_COMMAND = 'sp schema sync'

/** What to do about a schema the offline cache lacks: the message a failed event carries. */
export function notCachedMessage(uri: string, cacheDir: string): string {
  return `${uri} is not in the schema cache ${cacheDir} and sp is offline: run \`${SYNC_COMMAND}\` to copy Iglu Central into the cache (your own schemas: a --schemas folder or sp schema push)`
}

/**
 * The disk cache as the offline resolver sees it: a miss is a RepoFailure naming the schema and
 * `sp schema sync` instead of a bare NotFound, so each failed event says how to fix it. Being a
 * failure rather than NotFound also means it is retried after a backoff: a schema synced while
 * `sp micro --offline` runs is picked up without a restart. (Snowplow has no disk cache: this
 * repository, and its message, are sp's own.)
 */
export function offlineCacheRepository(cache: LocalRepository): Repository {
  return {
    name: cache.name,
    priority: cache.priority,
    vendorPrefixes: cache.vendorPrefixes,
    classPriority: cache.classPriority,
    list: (vendor, name, model) => cache.list(vendor, name, model),
    async lookup(key: SchemaKey): Promise<RepositoryLookup> {
      const answer = await cache.lookup(key)
      if (answer.ok || answer.error.error !== 'NotFound') return answer
      return {ok: false, error: {error: 'RepoFailure', message: notCachedMessage(schemaKeyToUri(key), cache.dir)}}
    },
  }
}
