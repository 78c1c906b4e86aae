import {parseTsv, toLossyJson} from '../event/index.js'
import type {EventRow} from '../store/queries/index.js'

/**
 * The lossy JSON of a stored event (what `/micro/events` and `--output-json` show), rebuilt from
 * the enriched TSV the pipeline stored. A row whose TSV cannot be read falls back to the canonical
 * JSON stored beside it (or null), so a listing never fails because of one row.
 */
export function lossyEventJson(row: EventRow): string {
  if (row.tsv !== null) {
    try {
      return toLossyJson(parseTsv(row.tsv))
    } catch {
      // fall through
    }
  }
  return row.event ?? 'null'
}
