import type {Database} from 'better-sqlite3'
import type {SchemaKey} from '../iglu/types.js'
import {ApiKeyStore} from './key-store.js'
import {canRead, NOOP, SUPER, type Permission} from './permission.js'
import {SchemaStore} from './schema-store.js'

/** API keys are UUIDs (Iglu Server answers `Invalid UUID for ApiKey` otherwise). */
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The `apikey` header's value (first one), if any. */
export function apiKeyHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

/**
 * What an `apikey` grants, as Iglu Server decides it: the super key, a keygen key, or nothing
 * (no key, or one the registry does not know). `invalid` for a value that is not a UUID.
 */
export function permissionOf(keys: ApiKeyStore, superKey: string, apikey: string | undefined): Permission | 'invalid' {
  if (apikey === undefined) return NOOP
  const trimmed = apikey.trim()
  if (!UUID_RE.test(trimmed)) return 'invalid'
  const key = trimmed.toLowerCase()
  return key === superKey.toLowerCase() ? SUPER : (keys.permission(key) ?? NOOP)
}

/**
 * Whether a request with `apikey` may read `key` from the registry: a public schema, or a private
 * one the key can read. `true` when the registry does not hold the schema (other repositories
 * decide). The same rule as `GET /api/schemas/...`, for routes outside `/api` (`/micro/iglu`).
 */
export function registryReadAccess(db: Database, superKey: () => string): (apikey: string | undefined, key: SchemaKey) => boolean {
  const schemas = new SchemaStore(db)
  const keys = new ApiKeyStore(db)
  return (apikey, key) => {
    const found = schemas.get(key)
    if (found === undefined || found.isPublic) return true
    const permission = permissionOf(keys, superKey(), apikey)
    return permission !== 'invalid' && canRead(permission, key.vendor)
  }
}
