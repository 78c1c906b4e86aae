import {keyDigest} from '../registry/key-store.js'
import type {Database} from 'better-sqlite3'

/**
 * Versioned schema migrations, applied in order on open inside one transaction each and tracked
 * with `PRAGMA user_version`. Append new migrations; never edit a released one.
 */
export interface Migration {
  version: number
  name: string
  up(db: Database): void
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'payloads, events and event contexts',
    up(db) {
      db.exec(`
CREATE TABLE payloads (
  id INTEGER PRIMARY KEY,
  received_at INTEGER NOT NULL,
  ip TEXT NOT NULL,
  path TEXT NOT NULL,
  thrift BLOB NOT NULL
);
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  payload_id INTEGER NOT NULL REFERENCES payloads(id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('good','bad','incomplete')),
  event_id TEXT, event_type TEXT, schema_uri TEXT, app_id TEXT,
  collector_tstamp INTEGER NOT NULL,
  api_vendor TEXT, api_version TEXT,
  raw_event TEXT, event TEXT, tsv TEXT, collector_payload TEXT,
  errors TEXT NOT NULL DEFAULT '[]',
  bad_row TEXT
);
CREATE TABLE event_contexts (
  event_rowid INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  uri TEXT NOT NULL,
  PRIMARY KEY (event_rowid, position)
) WITHOUT ROWID;
CREATE INDEX events_status_id ON events(status, id);
CREATE INDEX events_event_id ON events(event_id);
CREATE INDEX events_schema ON events(schema_uri, id);
CREATE INDEX events_type ON events(event_type, id);
CREATE INDEX events_app ON events(app_id, id);
CREATE INDEX events_tstamp ON events(collector_tstamp);
CREATE INDEX event_contexts_uri ON event_contexts(uri, event_rowid);
`)
    },
  },
  {
    // owner: src/registry (Iglu Server API inside sp micro)
    version: 2,
    name: 'iglu registry: schemas and api keys',
    up(db) {
      db.exec(`
CREATE TABLE iglu_schemas (
  id INTEGER PRIMARY KEY,                -- publication order
  vendor TEXT NOT NULL,
  name TEXT NOT NULL,
  format TEXT NOT NULL,
  model INTEGER NOT NULL,
  revision INTEGER NOT NULL,
  addition INTEGER NOT NULL,
  body TEXT NOT NULL,                    -- JSON Schema without self, $schema, $supersedes, $supersededBy
  supersedes TEXT,                       -- JSON array of SchemaVer strings, or NULL
  is_public INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,           -- epoch ms
  updated_at INTEGER NOT NULL,
  UNIQUE (vendor, name, format, model, revision, addition)
);
CREATE TABLE iglu_api_keys (
  uuid TEXT PRIMARY KEY,
  vendor_prefix TEXT NOT NULL,
  schema_action TEXT CHECK (schema_action IN ('READ','BUMP','CREATE','CREATE_VENDOR')),
  key_actions TEXT NOT NULL DEFAULT '[]', -- JSON array of 'CREATE' | 'DELETE'
  created_at INTEGER NOT NULL
);
`)
    },
  },
  {
    // owner: src/api + src/store/queries (Micro API reads)
    version: 3,
    name: 'micro api: status counters, case-insensitive app_id and type+status indexes',
    up(db) {
      db.exec(`
-- /micro/all and /micro/wait read counters kept exact by triggers (cascaded deletes fire them
-- too), instead of COUNT(*) over every row on each call
CREATE TABLE event_counts (status TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO event_counts (status, n)
  SELECT s.status, (SELECT count(*) FROM events WHERE events.status = s.status)
  FROM (SELECT 'good' AS status UNION ALL SELECT 'bad' UNION ALL SELECT 'incomplete') s;
CREATE TRIGGER events_count_insert AFTER INSERT ON events
  BEGIN UPDATE event_counts SET n = n + 1 WHERE status = NEW.status; END;
CREATE TRIGGER events_count_delete AFTER DELETE ON events
  BEGIN UPDATE event_counts SET n = n - 1 WHERE status = OLD.status; END;
CREATE TRIGGER events_count_update AFTER UPDATE OF status ON events
  BEGIN
    UPDATE event_counts SET n = n - 1 WHERE status = OLD.status;
    UPDATE event_counts SET n = n + 1 WHERE status = NEW.status;
  END;
-- app_id filters are case-insensitive (Micro's /micro/events) and counted per status: these two
-- indexes replace events_app and events_type and answer those counts from the index alone
DROP INDEX events_app;
DROP INDEX events_type;
CREATE INDEX events_app_status ON events(app_id COLLATE NOCASE, status, id);
CREATE INDEX events_type_status ON events(event_type, status, id);
`)
    },
  },
  {
    // owner: src/store (sqlite-store.ts)
    version: 4,
    name: 'store meta: id high-water marks that survive a reset',
    up(db) {
      // /micro/reset empties the tables; without these marks SQLite would hand out ids from 1 again
      // after a restart, and a live-stream cursor (Last-Event-ID) would skip the new events
      db.exec(`CREATE TABLE store_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;`)
    },
  },
  {
    // owner: src/store (row-writer.ts)
    version: 5,
    name: 'event counts: inserts counted once per transaction by the writer',
    up(db) {
      // the per-row trigger cost about a tenth of an event's insert; the writer, the only code
      // that inserts events, adds each transaction's counts with one UPDATE per status instead.
      // Deletes still go through the trigger (a cascade from payloads must be counted too).
      db.exec('DROP TRIGGER events_count_insert;')
    },
  },
  {
    // owner: src/store (row-writer.ts, queries/raw-event-replay.ts)
    version: 6,
    name: 'events: raw event position instead of its text',
    up(db) {
      // an event an adapter made keeps its position among the payload's raw events; its rawEvent
      // text (a third of the row) is replayed from the payload's Thrift bytes when read. Rows
      // written before keep their text and a NULL position.
      db.exec('ALTER TABLE events ADD COLUMN raw_position INTEGER;')
    },
  },
  {
    // owner: src/postgres (cursor.ts)
    version: 7,
    name: 'postgres loader: one cursor per target database',
    up(db) {
      // the last event row id committed to each Postgres target (host:port/database/schema)
      db.exec(`CREATE TABLE postgres_cursors (target TEXT PRIMARY KEY, last_id INTEGER NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID;`)
    },
  },
  {
    // owner: src/store/queries (timeline.ts)
    version: 8,
    name: 'events: collector_tstamp + status index for the timeline',
    up(db) {
      // /micro/timeline counts good and incomplete events per time bucket: with status in the
      // index each bucket is a range count over the index alone (SQLite picked events_status_id
      // and read every row of a status per bucket, ~128 ms a bucket at 220k events)
      db.exec(`
CREATE INDEX events_tstamp_status ON events(collector_tstamp, status);
DROP INDEX events_tstamp;
`)
    },
  },
  {
    // owner: src/registry (key-store.ts)
    version: 9,
    name: 'iglu api keys: stored as SHA-256 digests',
    up(db) {
      // the file no longer gives its keys away; keys are looked up and deleted by value only
      const rows = db.prepare('SELECT uuid FROM iglu_api_keys').pluck().all() as string[]
      const update = db.prepare('UPDATE iglu_api_keys SET uuid = ? WHERE uuid = ?')
      for (const uuid of rows) update.run(keyDigest(uuid), uuid)
    },
  },
]

export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1].version

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', {simple: true}) as number
}

/**
 * Brings `db` to the latest version. Each step runs in an IMMEDIATE transaction and re-reads the
 * version inside it, so two processes opening the same new file cannot both migrate.
 * Returns the version found before migrating; throws `tooNew` when the file is from a newer sp.
 */
export function migrate(db: Database, tooNew: (found: number) => Error): number {
  const found = schemaVersion(db)
  if (found > LATEST_SCHEMA_VERSION) throw tooNew(found)
  for (const migration of migrations) {
    db.transaction(() => {
      if (schemaVersion(db) >= migration.version) return
      migration.up(db)
      db.pragma(`user_version = ${migration.version}`)
    }).immediate()
  }
  return found
}
