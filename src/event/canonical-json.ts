import {FIELDS, FIELD_COUNT, type FieldKind} from './fields.js'
import type {AtomicValue, EnrichedEvent, SelfDescribing} from './enriched-event.js'
import {formatIsoTimestampJson} from './timestamps.js'
import {sdjJson} from './sdj-json.js'
import {CONTEXTS_SCHEMA_1_0_0, UNSTRUCT_EVENT_SCHEMA} from './schemas.js'

const KINDS: readonly FieldKind[] = FIELDS.map((f) => f.kind)
const KEYS: readonly string[] = FIELDS.map((f, i) => (i === 0 ? '{' : ',') + JSON.stringify(f.name) + ':')
const KEYS_OPEN_QUOTE: readonly string[] = KEYS.map((key) => key + '"')
const CONTEXTS_PREFIX = `{"schema":"${CONTEXTS_SCHEMA_1_0_0}","data":`
const UNSTRUCT_PREFIX = `{"schema":"${UNSTRUCT_EVENT_SCHEMA}","data":`

/** A BigDecimal text as a JSON double (the SDK decodes se_value, tr_* and ti_price* as Double). */
function decimalJson(text: string): string {
  const n = Number(text)
  return Number.isFinite(n) ? JSON.stringify(n) : 'null'
}

// Most atomic strings need no escaping; testing for that is about twice as fast as JSON.stringify.
// Surrogates go the slow way so lone ones are escaped exactly as JSON.stringify does.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/

export function jsonString(v: string): string {
  return NEEDS_ESCAPE.test(v) ? JSON.stringify(v) : '"' + v + '"'
}

export function canonicalValueJson(kind: FieldKind, v: AtomicValue): string {
  if (v === null) return kind === 'contexts' ? '{}' : 'null'
  switch (kind) {
    case 'string':
    case 'uuid':
      return jsonString(v as string)
    case 'int':
    case 'float':
      return Number.isFinite(v) ? String(v) : 'null'
    case 'num':
      return decimalJson(v as string)
    case 'bool':
      return v ? 'true' : 'false'
    case 'ts':
      return formatIsoTimestampJson(v as number)
    case 'contexts':
      return (v as SelfDescribing[]).length === 0 ? '{}' : CONTEXTS_PREFIX + sdjJson(v as object) + '}'
    case 'unstruct':
      return UNSTRUCT_PREFIX + sdjJson(v as object) + '}'
  }
}

const NULL_JSON: readonly string[] = KINDS.map((kind) => canonicalValueJson(kind, null))

// `"key":null` text of the unset fields from..to-1, made on first use. Most of the 131 fields are
// unset in blocks (geo, marketing, browser and OS parsing, currency conversion...), and appending
// one precomputed block instead of two strings per field cut this serializer's time by ~40%.
const nullRuns: (string | undefined)[] = new Array(FIELD_COUNT * (FIELD_COUNT + 1))

function nullRun(from: number, to: number): string {
  const slot = from * (FIELD_COUNT + 1) + to
  let text = nullRuns[slot]
  if (text === undefined) {
    const parts: string[] = []
    for (let i = from; i < to; i++) parts.push(KEYS[i]!, NULL_JSON[i]!)
    text = nullRuns[slot] = parts.join('')
  }
  return text
}

/**
 * The canonical (non-lossy) SDK event as Snowplow Micro returns it in GoodEvent.event: every field
 * present in TSV order, null when unset, ISO timestamps without zero fractions, typed numbers and
 * booleans, `contexts`/`derived_contexts` `{}` when empty (wrapper contexts 1-0-0), unstruct_event
 * null when absent.
 */
export function toCanonicalJson(event: EnrichedEvent): string {
  let out = ''
  let i = 0
  while (i < FIELD_COUNT) {
    const v = event[i]!
    if (v === null) {
      let end = i + 1
      while (end < FIELD_COUNT && event[end] === null) end++
      out += nullRun(i, end)
      i = end
    } else {
      const kind = KINDS[i]!
      // a plain string goes in between its quoted key and a quote: one concatenation fewer
      if ((kind === 'string' || kind === 'uuid') && !NEEDS_ESCAPE.test(v as string)) out += KEYS_OPEN_QUOTE[i]! + (v as string) + '"'
      else out += KEYS[i]! + canonicalValueJson(kind, v)
      i++
    }
  }
  return out + '}'
}
