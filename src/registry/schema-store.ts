import type {Database, Statement} from 'better-sqlite3'
import type {SchemaKey} from '../iglu/types.js'
import {schemaVerToString} from '../iglu/schema-key.js'

export interface StoredSchema {
  key: SchemaKey
  /** the JSON Schema without self, $schema, $supersedes, $supersededBy */
  body: Record<string, unknown>
  supersedes: string[] | null
  isPublic: boolean
  createdAt: number
  updatedAt: number
}

interface SchemaRow {
  vendor: string
  name: string
  format: string
  model: number
  revision: number
  addition: number
  body: string
  supersedes: string | null
  is_public: number
  created_at: number
  updated_at: number
}

const COLUMNS = 'vendor, name, format, model, revision, addition, body, supersedes, is_public, created_at, updated_at'

function fromRow(row: SchemaRow): StoredSchema {
  return {
    key: {vendor: row.vendor, name: row.name, format: row.format, version: {model: row.model, revision: row.revision, addition: row.addition}},
    body: JSON.parse(row.body) as Record<string, unknown>,
    supersedes: row.supersedes === null ? null : (JSON.parse(row.supersedes) as string[]),
    isPublic: row.is_public === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

type KeyParams = [string, string, string, number, number, number]
const keyParams = (k: SchemaKey): KeyParams => [k.vendor, k.name, k.format, k.version.model, k.version.revision, k.version.addition]

/** Schemas of the registry, in the `iglu_schemas` table of the sp micro database (publication order = id). */
export class SchemaStore {
  private readonly one: Statement<KeyParams, SchemaRow>
  private readonly all: Statement<[], SchemaRow>
  private readonly byVendorStmt: Statement<[string], SchemaRow>
  private readonly byNameStmt: Statement<[string, string], SchemaRow>
  private readonly byModelStmt: Statement<[string, string, number], SchemaRow>
  private readonly insertStmt: Statement<[...KeyParams, string, string | null, number, number, number]>
  private readonly updateStmt: Statement<[string, string | null, number, number, ...KeyParams]>
  private readonly deleteStmt: Statement<KeyParams>
  private readonly countStmt: Statement<[], {n: number}>

  constructor(db: Database) {
    const where = 'vendor = ? AND name = ? AND format = ? AND model = ? AND revision = ? AND addition = ?'
    this.one = db.prepare(`SELECT ${COLUMNS} FROM iglu_schemas WHERE ${where}`)
    this.all = db.prepare(`SELECT ${COLUMNS} FROM iglu_schemas ORDER BY id`)
    this.byVendorStmt = db.prepare(`SELECT ${COLUMNS} FROM iglu_schemas WHERE vendor = ? ORDER BY id`)
    this.byNameStmt = db.prepare(`SELECT ${COLUMNS} FROM iglu_schemas WHERE vendor = ? AND name = ? ORDER BY id`)
    this.byModelStmt = db.prepare(
      `SELECT ${COLUMNS} FROM iglu_schemas WHERE vendor = ? AND name = ? AND format = 'jsonschema' AND model = ? ORDER BY id`,
    )
    this.insertStmt = db.prepare(
      `INSERT INTO iglu_schemas (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.updateStmt = db.prepare(`UPDATE iglu_schemas SET body = ?, supersedes = ?, is_public = ?, updated_at = ? WHERE ${where}`)
    this.deleteStmt = db.prepare(`DELETE FROM iglu_schemas WHERE ${where}`)
    this.countStmt = db.prepare('SELECT count(*) AS n FROM iglu_schemas')
  }

  get(key: SchemaKey): StoredSchema | undefined {
    const row = this.one.get(...keyParams(key))
    return row ? fromRow(row) : undefined
  }

  list(): StoredSchema[] {
    return this.all.all().map(fromRow)
  }

  byVendor(vendor: string): StoredSchema[] {
    return this.byVendorStmt.all(vendor).map(fromRow)
  }

  byName(vendor: string, name: string): StoredSchema[] {
    return this.byNameStmt.all(vendor, name).map(fromRow)
  }

  byModel(vendor: string, name: string, model: number): StoredSchema[] {
    return this.byModelStmt.all(vendor, name, model).map(fromRow)
  }

  /** Inserts or (patch) replaces; returns true when the version existed. */
  save(key: SchemaKey, body: Record<string, unknown>, supersedes: string[] | null, isPublic: boolean, now = Date.now()): boolean {
    const sup = supersedes === null ? null : JSON.stringify(supersedes)
    const updated = this.updateStmt.run(JSON.stringify(body), sup, isPublic ? 1 : 0, now, ...keyParams(key)).changes > 0
    if (!updated) this.insertStmt.run(...keyParams(key), JSON.stringify(body), sup, isPublic ? 1 : 0, now, now)
    return updated
  }

  delete(key: SchemaKey): boolean {
    return this.deleteStmt.run(...keyParams(key)).changes > 0
  }

  count(): number {
    return this.countStmt.get()!.n
  }

  /**
   * `$supersededBy` as Iglu Server serves it: the latest version of the group declaring this one in
   * `$supersedes`, followed to the end of the chain.
   */
  supersededBy(key: SchemaKey, group: StoredSchema[] = this.byName(key.vendor, key.name)): string | undefined {
    const sameFormat = group.filter((s) => s.key.format === key.format)
    let current = schemaVerToString(key.version)
    let result: string | undefined
    const seen = new Set<string>([current])
    for (;;) {
      const by = sameFormat
        .filter((s) => s.supersedes?.includes(current))
        .map((s) => s.key.version)
        .sort((a, b) => b.model - a.model || b.revision - a.revision || b.addition - a.addition)[0]
      if (!by) return result
      current = schemaVerToString(by)
      if (seen.has(current)) return result
      seen.add(current)
      result = current
    }
  }
}
