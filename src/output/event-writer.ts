import type {ProcessedEvent} from '../store/types.js'
import {parseTsv} from '../event/tsv.js'
import {toLossyJson, type SchemaVersionStyle} from '../event/lossy-json.js'
import {SpError} from '../errors/sp-error.js'

/** `sp micro -t` (enriched TSV) or `-j` (the SDK's lossy JSON), one line per event, as Micro does. */
export type OutputFormat = 'tsv' | 'json'

export const OUTPUT_ERROR_CODES = {BOTH_FORMATS: 'OUTPUT_BOTH_FORMATS'} as const

/** Micro's rule: at most one of --output-tsv and --output-json. */
export function resolveOutputFormat(flags: {outputTsv?: boolean; outputJson?: boolean}): OutputFormat | null {
  if (flags.outputTsv && flags.outputJson) {
    throw new SpError(OUTPUT_ERROR_CODES.BOTH_FORMATS, 'Cannot specify both --output-tsv and --output-json')
  }
  return flags.outputTsv ? 'tsv' : flags.outputJson ? 'json' : null
}

/**
 * The output line of one event, or null for failures that have no enriched event (Thrift, adapter
 * and tracker-protocol failures). Incomplete events are written too, as Micro does.
 */
export function formatEventLine(event: ProcessedEvent, format: OutputFormat, schemaVersion?: SchemaVersionStyle): string | null {
  if (event.tsv === null) return null
  return format === 'tsv' ? event.tsv : toLossyJson(parseTsv(event.tsv), {schemaVersion})
}

/** Writes the lines of a batch of committed events with one `write` call. */
export function createEventWriter(format: OutputFormat, write: (chunk: string) => void, schemaVersion?: SchemaVersionStyle) {
  return (events: readonly ProcessedEvent[]): void => {
    let chunk = ''
    for (const e of events) {
      const line = formatEventLine(e, format, schemaVersion)
      if (line !== null) chunk += line + '\n'
    }
    if (chunk !== '') write(chunk)
  }
}
