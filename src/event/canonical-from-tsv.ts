import {FIELD_COUNT} from './fields.js'
import {parseTsv} from './tsv.js'
import {toCanonicalJson} from './canonical-json.js'

/**
 * An enriched event is kept as its TSV line alone: the canonical JSON Micro returns is read back
 * from it when asked for (the analytics SDK's own direction, exact for every line enrich writes).
 * Only a line that would not split into the 131 columns carries its JSON as well.
 */
export function isWholeTsvLine(tsv: string): boolean {
  let tabs = 0
  for (let at = tsv.indexOf('\t'); at >= 0; at = tsv.indexOf('\t', at + 1)) tabs++
  return tabs === FIELD_COUNT - 1
}

/** The canonical JSON of a stored TSV line; null when the line cannot be read. */
export function canonicalJsonFromTsv(tsv: string): string | null {
  try {
    return toCanonicalJson(parseTsv(tsv))
  } catch {
    return null
  }
}
