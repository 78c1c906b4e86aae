import type {Database} from 'better-sqlite3'

/**
 * The loader's position in the SQLite store: the last event row id it has committed to a Postgres
 * target, one row per target (store migration 7). SQLite stays the source of truth; the cursor
 * only moves after Postgres has committed, and a replay of the rows after it inserts nothing twice
 * (the unique key on event_id + collector_tstamp).
 */
export function readCursor(db: Database, target: string): number {
  const row = db.prepare('SELECT last_id FROM postgres_cursors WHERE target = ?').get(target) as {last_id: number} | undefined
  return row?.last_id ?? 0
}

export function advanceCursor(db: Database, target: string, lastId: number): void {
  db.prepare(
    `INSERT INTO postgres_cursors (target, last_id, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (target) DO UPDATE SET last_id = max(last_id, excluded.last_id), updated_at = excluded.updated_at`,
  ).run(target, lastId, Date.now())
}

export interface StoredEvent {
  /** the store's row id */
  id: number
  tsv: string
}

/** Good events after `afterId`, in row order (enriched TSV: what the loader reads, as Snowplow's did). */
export function readGoodEvents(db: Database, afterId: number, limit: number, sinceMs?: number): StoredEvent[] {
  if (sinceMs === undefined) {
    return db.prepare(`SELECT id, tsv FROM events WHERE status = 'good' AND id > ? AND tsv IS NOT NULL ORDER BY id LIMIT ?`).all(afterId, limit) as StoredEvent[]
  }
  return db
    .prepare(`SELECT id, tsv FROM events WHERE status = 'good' AND id > ? AND tsv IS NOT NULL AND collector_tstamp >= ? ORDER BY id LIMIT ?`)
    .all(afterId, sinceMs, limit) as StoredEvent[]
}

export function countGoodEvents(db: Database, afterId: number, sinceMs?: number): number {
  const row =
    sinceMs === undefined
      ? db.prepare(`SELECT count(*) AS n FROM events WHERE status = 'good' AND id > ?`).get(afterId)
      : db.prepare(`SELECT count(*) AS n FROM events WHERE status = 'good' AND id > ? AND collector_tstamp >= ?`).get(afterId, sinceMs)
  return (row as {n: number}).n
}
