import {stringifyExact} from './exact-json.js'

/**
 * JSON text of a contexts array or an unstruct event, computed once per value: the TSV and the
 * canonical JSON of the same event wrap the same data (profiling: this was the largest single cost
 * of canonical JSON). Both are written back to back, so remembering the last few values suffices;
 * a WeakMap keyed by every event's values made the young-generation GC several times slower.
 */
const SLOTS = 4
const values: (object | null)[] = new Array(SLOTS).fill(null)
const texts: string[] = new Array(SLOTS).fill('')
let next = 0

export function sdjJson(value: object): string {
  for (let i = 0; i < SLOTS; i++) if (values[i] === value) return texts[i]!
  const text = stringifyExact(value)
  values[next] = value
  texts[next] = text
  next = (next + 1) % SLOTS
  return text
}
