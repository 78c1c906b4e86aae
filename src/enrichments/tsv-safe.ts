import {toCleanString} from '../enrich/converters.js'

/** Enrich's `makeTsvSafe`: tab → 4 spaces, control characters removed, "" → null. */
export function tsvSafe(value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : toCleanString(value)
}
