import {FIELDS, createEnrichedEvent, parseTimestamp, toTsv, type AtomicValue, type SelfDescribing} from '../event/index.js'
import type {CanonicalEvent} from './types.js'

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * The canonical event JSON that /micro/good returns → the 131-column enriched TSV line (the same
 * field table as the server's TSV output). Decimal columns (`tr_total`, `se_value`) come back from
 * JSON numbers, so `80.50` prints as `80.5`, a difference a warehouse loader does not see.
 */
export function canonicalEventToTsv(event: CanonicalEvent): string {
  const out = createEnrichedEvent()
  FIELDS.forEach((field, i) => {
    const v = event[field.name]
    if (v === null || v === undefined) return
    let value: AtomicValue = null
    switch (field.kind) {
      case 'ts':
        value = typeof v === 'string' ? parseTimestamp(v) : typeof v === 'number' ? v : null
        if (typeof value === 'number' && Number.isNaN(value)) value = null
        break
      case 'num':
        value = String(v)
        break
      case 'int':
      case 'float':
        value = typeof v === 'number' ? v : Number(v)
        break
      case 'bool':
        value = v === true || v === 1 ? 1 : 0
        break
      case 'contexts':
        value = isObject(v) && Array.isArray(v.data) && v.data.length > 0 ? (v.data as SelfDescribing[]) : null
        break
      case 'unstruct':
        value = isObject(v) && isObject(v.data) ? (v.data as unknown as SelfDescribing) : null
        break
      default:
        value = String(v)
    }
    out[i] = value
  })
  return toTsv(out)
}
