import {readdirSync} from 'node:fs'
import path from 'node:path'
import type {Database} from 'better-sqlite3'
import {LAYOUTS} from '../iglu/repositories/local.js'
import {FORMAT_PATTERN, NAME_PATTERN, VENDOR_PATTERN, compareSchemaVer, isValidSchemaVer, schemaKeyToUri, tryParseSchemaKey} from '../iglu/schema-key.js'
import type {SchemaKey} from '../iglu/types.js'
import {SchemaStore} from '../registry/schema-store.js'
import {statement} from '../store/queries/sql-functions.js'
import type {SchemaCatalogEntry} from './schema-entry.js'

export type {SchemaCatalogEntry}

interface Entry extends SchemaCatalogEntry {
  key: SchemaKey
}

function entryOf(uri: string, catalog: Map<string, Entry>): Entry | null {
  let entry = catalog.get(uri)
  if (entry !== undefined) return entry
  const key = tryParseSchemaKey(uri)
  if (key === undefined) return null
  const version = uri.slice(uri.lastIndexOf('/') + 1)
  entry = {uri, vendor: key.vendor, name: key.name, format: key.format, version, sources: [], events: {valid: 0, failed: 0}, key}
  catalog.set(uri, entry)
  return entry
}

const subdirs = (dir: string, pattern: RegExp): string[] => {
  try {
    return readdirSync(dir, {withFileTypes: true})
      .filter((d) => d.isDirectory() && pattern.test(d.name))
      .map((d) => d.name)
  } catch {
    return []
  }
}

/** `vendor/name/format/version` files under a `--schemas` folder, in each layout sp micro reads. */
export function localSchemaUris(dir: string): string[] {
  const uris = new Set<string>()
  for (const layout of LAYOUTS) {
    const root = path.join(dir, layout)
    for (const vendor of subdirs(root, VENDOR_PATTERN)) {
      for (const name of subdirs(path.join(root, vendor), NAME_PATTERN)) {
        for (const format of subdirs(path.join(root, vendor, name), FORMAT_PATTERN)) {
          let files: string[] = []
          try {
            files = readdirSync(path.join(root, vendor, name, format))
          } catch {
            continue
          }
          for (const file of files) {
            const version = file.replace(/\.json$/, '')
            if (isValidSchemaVer(version)) uris.add(`iglu:${vendor}/${name}/${format}/${version}`)
          }
        }
      }
    }
  }
  return [...uris]
}

interface UsageRow {
  uri: string
  n: number
}

const FAILED = "e.status IN ('bad', 'incomplete')"
// A failed event names a schema as its own, as a context, or in its bad row's messages (enrich
// clears a failed event's unstruct fields, so for an unknown schema the bad row's schemaKey is the
// only trace); the union counts each failed event once per schema. Valid events are counted per
// source without it: a union over every stored event cost three times as much.
const BAD_ROW_KEYS = `json_each(CASE WHEN json_valid(er.value) THEN er.value ELSE '{}' END, '$.data.failure.messages')`
const VALID_USAGE_SQL = [
  "SELECT e.schema_uri AS uri, count(*) AS n FROM events e WHERE e.status = 'good' AND e.schema_uri IS NOT NULL GROUP BY e.schema_uri",
  "SELECT c.uri AS uri, count(DISTINCT c.event_rowid) AS n FROM event_contexts c JOIN events e ON e.id = c.event_rowid WHERE e.status = 'good' GROUP BY c.uri",
]
const FAILED_USAGE_SQL = `
  WITH uses(id, uri) AS (
    SELECT e.id, e.schema_uri FROM events e WHERE ${FAILED} AND e.schema_uri IS NOT NULL
    UNION SELECT c.event_rowid, c.uri FROM events e JOIN event_contexts c ON c.event_rowid = e.id WHERE ${FAILED}
    UNION SELECT e.id, json_extract(m.value, '$.schemaKey') FROM events e, json_each(e.errors) er, ${BAD_ROW_KEYS} m WHERE ${FAILED}
  )
  SELECT uri, count(*) AS n FROM uses WHERE uri IS NOT NULL GROUP BY uri`

/**
 * Every schema the registry and the `--schemas` folders hold, plus every schema stored events
 * named (held or not), with per-status event counts. Sorted by vendor/name/format, then SchemaVer.
 */
export function schemaCatalog(db: Database, schemaDirs: string[], canRead: (key: SchemaKey) => boolean = () => true): SchemaCatalogEntry[] {
  const catalog = new Map<string, Entry>()
  // the registry's private schemas are listed only to a key that may read them, as /api does
  for (const stored of new SchemaStore(db).list()) if (canRead(stored.key)) entryOf(schemaKeyToUri(stored.key), catalog)?.sources.push('registry')
  for (const dir of schemaDirs) {
    for (const uri of localSchemaUris(dir)) entryOf(uri, catalog)?.sources.push(dir)
  }
  for (const sql of VALID_USAGE_SQL) {
    for (const row of statement(db, sql).all() as UsageRow[]) {
      const entry = entryOf(row.uri, catalog)
      if (entry !== null) entry.events.valid += row.n
    }
  }
  for (const row of statement(db, FAILED_USAGE_SQL).all() as UsageRow[]) {
    const entry = entryOf(row.uri, catalog)
    if (entry !== null) entry.events.failed += row.n
  }
  const family = (e: Entry) => `${e.vendor}/${e.name}/${e.format}`
  return [...catalog.values()]
    .sort((a, b) => family(a).localeCompare(family(b)) || compareSchemaVer(a.key.version, b.key.version))
    .map(({key: _key, ...entry}) => entry)
}
