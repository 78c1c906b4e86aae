import {FIELDS, FIELD_COUNT} from './fields.js'
import type {EnrichedEvent} from './enriched-event.js'
import {tsvValue} from './tsv.js'

/**
 * Snowplow-badrows' PartiallyEnrichedEvent: the 131 names with null for missing values; strings,
 * TSV-format timestamps, ints and booleans as numbers, BigDecimals (se_value, tr_*, ti_price*) and
 * txn_id as strings, JSON columns as their TSV text.
 */
export function toPartiallyEnrichedEvent(event: EnrichedEvent): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {}
  for (let i = 0; i < FIELD_COUNT; i++) {
    const spec = FIELDS[i]!
    const v = event[i]!
    if (v === null) {
      out[spec.name] = null
    } else if (spec.kind === 'int' || spec.kind === 'bool' || spec.kind === 'float') {
      out[spec.name] = spec.name === 'txn_id' ? String(v) : (v as number)
    } else {
      const text = tsvValue(spec.kind, v)
      out[spec.name] = text === '' ? null : text
    }
  }
  return out
}
