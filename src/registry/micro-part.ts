import {randomUUID} from 'node:crypto'
import type {FastifyInstance} from 'fastify'
import type {Database} from 'better-sqlite3'
import {SpError} from '../errors/sp-error.js'
import type {IgluClient} from '../iglu/types.js'
import {registryPlugin} from './plugin.js'
import {defaultRegistryValidator} from './validator.js'
import {registryReadAccess, UUID_RE} from './access.js'
import type {OriginPolicy} from '../api/origin-guard.js'
import type {SchemaKey} from '../iglu/types.js'

export interface MicroRegistryOptions {
  /** `--api-key` / SP_IGLU_SUPER_API_KEY; generated (and logged) when absent */
  superApiKey?: string
  allowPatches?: boolean
  /** which browser origins may use /api (CORS) */
  origins?: OriginPolicy
}

/**
 * The registry as one part of sp micro: the `/api` plugin over the micro database, its super key,
 * and the resolver told to forget a schema as soon as it is pushed, patched or deleted.
 */
export function registryPart(
  db: Database,
  options: MicroRegistryOptions,
  iglu: Pick<IgluClient, 'invalidate'> | undefined,
  log: (line: string) => void,
): {
  surface: string
  register(app: FastifyInstance): Promise<void>
  /** may a request with this `apikey` read `key` (public, or private and readable by the key)? */
  canRead(apikey: string | undefined, key: SchemaKey): boolean
} {
  let superApiKey: string | undefined
  // before register() has run no key exists, so no private schema is readable
  const canRead = registryReadAccess(db, () => superApiKey ?? '')
  return {
    surface: 'iglu registry',
    canRead,
    // checked when registered, so startMicro's cleanup (closing the store) covers a bad key
    async register(app) {
      superApiKey = options.superApiKey?.trim()
      if (superApiKey !== undefined && superApiKey !== '' && !UUID_RE.test(superApiKey)) {
        throw new SpError('INVALID_OPTION', 'Invalid --api-key (SP_IGLU_SUPER_API_KEY): the Iglu super API key must be a UUID, e.g. 48b267d7-cd2b-4f22-bae4-0f002008b5ad')
      }
      if (!superApiKey) {
        superApiKey = randomUUID()
        log(`Iglu registry super API key (generated for this run; set --api-key or SP_IGLU_SUPER_API_KEY to keep one): ${superApiKey}`)
      }
      await app.register(registryPlugin, {
        db,
        superApiKey,
        patchesAllowed: options.allowPatches === true,
        origins: options.origins,
        validator: defaultRegistryValidator(),
        onSchemaChange: (changed) => iglu?.invalidate(changed),
      })
    },
  }
}
