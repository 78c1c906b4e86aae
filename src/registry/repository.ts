import type {Database} from 'better-sqlite3'
import type {LookupError, Repository, RepositoryLookup, SchemaKey} from '../iglu/types.js'
import {canonical, schemaUri} from './repr.js'
import {SchemaStore} from './schema-store.js'

export const REGISTRY_REPOSITORY_NAME = 'sp micro registry'

/**
 * The registry as a resolver repository for the IgluClient inside sp micro: first in line
 * (InMemory class, priority 0), it reads the same SQLite tables the `/api` routes write, so an event
 * sent right after `sp schema push` validates against the pushed schema. Private schemas included:
 * the pipeline is inside the registry's own process.
 */
export function createRegistryRepository(db: Database, name: string = REGISTRY_REPOSITORY_NAME): Repository {
  const store = new SchemaStore(db)
  const failure = (error: unknown): LookupError => ({error: 'RepoFailure', message: (error as Error).message})
  return {
    name,
    priority: 0,
    // '' is a prefix of every vendor: the registry serves all of them. It is handed to the client
    // as an extra repository, and those are asked first (a SQLite lookup is cheaper than any
    // other repository, and a pushed schema must win without a restart)
    vendorPrefixes: [''],
    classPriority: 1,
    async lookup(key: SchemaKey): Promise<RepositoryLookup> {
      try {
        const found = store.get(key)
        if (!found) return {ok: false, error: {error: 'NotFound'}}
        return {ok: true, schema: canonical(found, store.supersededBy(key))}
      } catch (error) {
        return {ok: false, error: failure(error)}
      }
    },
    async list(vendor: string, name: string, model: number) {
      try {
        const uris = store
          .byModel(vendor, name, model)
          .sort((a, b) => a.key.version.revision - b.key.version.revision || a.key.version.addition - b.key.version.addition)
          .map(schemaUri)
        return uris.length > 0 ? {ok: true as const, uris} : {ok: false as const, error: {error: 'NotFound'} as LookupError}
      } catch (error) {
        return {ok: false as const, error: failure(error)}
      }
    },
  }
}
