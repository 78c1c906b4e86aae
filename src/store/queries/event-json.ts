import type {Database} from 'better-sqlite3'
import {canonicalJsonFromTsv, canonicalValueJson, FIELD_INDEX, FIELDS, parseTsvValue} from '../../event/index.js'

/**
 * The canonical JSON of `e`: from `events.event` where a row has it (sp 0.1 stored it for every
 * event; now only a TSV line that does not split into 131 columns carries it), else read back
 * from the TSV (src/event/canonical-from-tsv.ts).
 */
export const EVENT_JSON_SQL = 'coalesce(e.event, sp_event(e.tsv))'

/**
 * SQL for one canonical field of `e`, as JSON text (`"shop"`, `443`, `true`, `null`); SQL NULL for
 * a name that is no canonical field, or an event without enriched fields (bad rows).
 */
export function eventFieldJsonSql(field: string): string {
  if (!Object.hasOwn(FIELD_INDEX, field)) return 'NULL'
  const index = FIELD_INDEX[field]!
  return `coalesce(e.event -> ${sqlText('$.' + JSON.stringify(field))}, sp_event_field(e.tsv, ${index}))`
}

function sqlText(text: string): string {
  return "'" + text.replaceAll("'", "''") + "'"
}

/** `sp_event(tsv)` and `sp_event_field(tsv, index)` on `db`; NULL for NULL or unreadable input. */
export function registerEventFunctions(db: Database): void {
  db.function('sp_event', {deterministic: true}, (tsv: unknown) => {
    return typeof tsv === 'string' ? canonicalJsonFromTsv(tsv) : null
  })
  // a column expression names the same field twice per row (json_type, then json_extract)
  let last: {tsv: string; index: number; json: string | null} | null = null
  db.function('sp_event_field', {deterministic: true}, (tsv: unknown, index: unknown) => {
    if (typeof tsv !== 'string' || typeof index !== 'number') return null
    if (last !== null && last.index === index && last.tsv === tsv) return last.json
    last = {tsv, index, json: fieldJson(tsv, index)}
    return last.json
  })
}

/** One field's canonical JSON without splitting the whole line: a filter reads one column per row. */
function fieldJson(tsv: string, index: number): string | null {
  const field = FIELDS[index]
  if (field === undefined) return null
  let start = 0
  for (let i = 0; i < index; i++) {
    start = tsv.indexOf('\t', start) + 1
    if (start === 0) return null
  }
  const end = tsv.indexOf('\t', start)
  const text = end < 0 ? tsv.slice(start) : tsv.slice(start, end)
  try {
    return canonicalValueJson(field.kind, text === '' ? null : parseTsvValue(field.name, field.kind, text))
  } catch {
    return null
  }
}
