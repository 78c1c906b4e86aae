import {FIELDS, FIELD_COUNT, type FieldKind} from './fields.js'
import {createEnrichedEvent, type AtomicValue, type EnrichedEvent, type SelfDescribing} from './enriched-event.js'
import {formatTsvTimestamp, parseTimestamp} from './timestamps.js'
import {sdjJson} from './sdj-json.js'
import {parseExactOnly} from './exact-json.js'
import {CONTEXTS_SCHEMA_1_0_1, UNSTRUCT_EVENT_SCHEMA} from './schemas.js'
import {eventError} from './errors.js'

const KINDS: readonly FieldKind[] = FIELDS.map((f) => f.kind)
const CONTEXTS_PREFIX = `{"schema":"${CONTEXTS_SCHEMA_1_0_1}","data":`
const UNSTRUCT_PREFIX = `{"schema":"${UNSTRUCT_EVENT_SCHEMA}","data":`
const TABS: readonly string[] = Array.from({length: FIELD_COUNT}, (_, n) => '\t'.repeat(n))

/** One column as enrich writes it into TSV; `''` for null. */
export function tsvValue(kind: FieldKind, v: AtomicValue): string {
  if (v === null) return ''
  switch (kind) {
    case 'string':
    case 'uuid':
    case 'num':
      return v as string
    case 'int':
    case 'float':
      return String(v)
    case 'bool':
      return v ? '1' : '0'
    case 'ts':
      return formatTsvTimestamp(v as number)
    case 'contexts':
      return (v as SelfDescribing[]).length === 0 ? '' : CONTEXTS_PREFIX + sdjJson(v as object) + '}'
    case 'unstruct':
      return UNSTRUCT_PREFIX + sdjJson(v as object) + '}'
  }
}

/**
 * The enriched TSV line: 131 tab-separated columns, nulls empty, contexts in the 1-0-1 wrapper,
 * compact JSON with key order preserved (enrich `tabSeparatedEnrichedEvent`).
 */
export function toTsv(event: EnrichedEvent): string {
  let out = tsvValue(KINDS[0]!, event[0]!)
  let i = 1
  while (i < FIELD_COUNT) {
    const v = event[i]!
    if (v === null) {
      // unset fields come in blocks: one append per block
      let end = i + 1
      while (end < FIELD_COUNT && event[end] === null) end++
      out += TABS[end - i]!
      i = end
    } else {
      out += '\t' + tsvValue(KINDS[i]!, v)
      i++
    }
  }
  return out
}

/**
 * Whether toTsv(event) splits back into its 131 columns: no text value holds a tab (JSON values are
 * escaped; numbers, booleans and timestamps cannot). Same answer as isWholeTsvLine on the line, at
 * a fraction of the cost: the contexts' JSON, often half the line, is not scanned.
 */
export function tsvReadsBack(event: EnrichedEvent): boolean {
  for (let i = 0; i < FIELD_COUNT; i++) {
    const v = event[i]
    if (typeof v === 'string' && v.indexOf('\t') !== -1) return false
  }
  return true
}

/**
 * Reads an enriched TSV line back, as the analytics SDK does: exactly 131 fields, typed values,
 * wrappers removed. Throws SpError EVENT_TSV_FIELD_COUNT / EVENT_TSV_VALUE on bad input.
 */
export function parseTsv(line: string): EnrichedEvent {
  const cols = line.split('\t')
  if (cols.length !== FIELD_COUNT) {
    throw eventError('TSV_FIELD_COUNT', `Expected ${FIELD_COUNT} fields, received ${cols.length} fields.`)
  }
  const event = createEnrichedEvent()
  for (let i = 0; i < FIELD_COUNT; i++) {
    const text = cols[i]!
    if (text === '') continue
    event[i] = parseTsvValue(FIELDS[i]!.name, KINDS[i]!, text)
  }
  return event
}

export function parseTsvValue(name: string, kind: FieldKind, text: string): AtomicValue {
  const fail = (expectation: string) =>
    eventError('TSV_VALUE', `Cannot parse key ${name} with value ${text} into ${expectation}`, {field: name, value: text})
  switch (kind) {
    case 'string':
      return text
    case 'uuid':
      if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(text)) throw fail('UUID')
      return text
    case 'int': {
      if (!/^-?\d+$/.test(text)) throw fail('integer')
      return Number(text)
    }
    case 'float':
    case 'num': {
      const n = Number(text)
      if (!Number.isFinite(n) || text.trim() === '') throw fail('double')
      return kind === 'num' ? text : n
    }
    case 'bool':
      if (text === '1') return 1
      if (text === '0') return 0
      throw fail('boolean')
    case 'ts': {
      const ms = parseTimestamp(text)
      if (Number.isNaN(ms)) throw fail('timestamp')
      return ms
    }
    case 'contexts': {
      const json = parseJson(text, fail)
      if (!isObject(json) || !Array.isArray(json.data)) throw fail('contexts')
      return json.data as SelfDescribing[]
    }
    case 'unstruct': {
      const json = parseJson(text, fail)
      if (!isObject(json) || !isObject(json.data)) throw fail('unstruct_event')
      return json.data as unknown as SelfDescribing
    }
  }
}

function parseJson(text: string, fail: (e: string) => Error): unknown {
  try {
    // long numbers stay as written (event/exact-json.ts): they are read back for output only
    return parseExactOnly(text)
  } catch {
    throw fail('JSON')
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
