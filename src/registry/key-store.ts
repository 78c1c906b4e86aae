import {createHash, randomUUID} from 'node:crypto'
import type {Database, Statement} from 'better-sqlite3'
import {parseVendorScope, vendorScopeToString, type KeyAction, type Permission, type SchemaAction, type VendorScope} from './permission.js'

interface KeyRow {
  uuid: string
  vendor_prefix: string
  schema_action: SchemaAction | null
  key_actions: string
}

/**
 * What the `uuid` column holds for a key: its SHA-256 (hex) since migration 9, so the database
 * file does not give its keys away. Keys are random UUIDs (122 bits), so no salt or slow hash is
 * needed; Iglu Server's API never reads a key back, it only checks and deletes them by value.
 */
export function keyDigest(uuid: string): string {
  return createHash('sha256').update(uuid.toLowerCase()).digest('hex')
}

/** API keys made by keygen, in the `iglu_api_keys` table of the sp micro database (hashed). */
export class ApiKeyStore {
  private readonly select: Statement<[string], KeyRow>
  private readonly insert: Statement<[string, string, SchemaAction | null, string, number]>
  private readonly remove: Statement<[string]>

  constructor(private readonly db: Database) {
    this.select = db.prepare('SELECT uuid, vendor_prefix, schema_action, key_actions FROM iglu_api_keys WHERE uuid = ?')
    this.insert = db.prepare(
      'INSERT INTO iglu_api_keys (uuid, vendor_prefix, schema_action, key_actions, created_at) VALUES (?, ?, ?, ?, ?)',
    )
    this.remove = db.prepare('DELETE FROM iglu_api_keys WHERE uuid = ?')
  }

  permission(uuid: string): Permission | undefined {
    const row = this.select.get(keyDigest(uuid))
    if (!row) return undefined
    return {vendor: parseVendorScope(row.vendor_prefix), schema: row.schema_action, key: JSON.parse(row.key_actions) as KeyAction[]}
  }

  /** Keygen: a read key (READ) and a write key (CREATE_VENDOR, no key rights) for `scope`. */
  createPair(scope: VendorScope): {read: string; write: string} {
    const read = randomUUID()
    const write = randomUUID()
    const prefix = vendorScopeToString(scope) || '*'
    const now = Date.now()
    this.db.transaction(() => {
      this.insert.run(keyDigest(read), prefix, 'READ', '[]', now)
      this.insert.run(keyDigest(write), prefix, 'CREATE_VENDOR', '[]', now)
    })()
    return {read, write}
  }

  delete(uuid: string): boolean {
    return this.remove.run(keyDigest(uuid)).changes > 0
  }
}
