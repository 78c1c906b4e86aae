/**
 * JSON text of a contexts array or an unstruct event, computed once per value: the TSV and the
 * canonical JSON of the same event wrap the same data (profiling: this was the largest single cost
 * of canonical JSON).
 */
const cache = new WeakMap<object, string>()

export function sdjJson(value: object): string {
  let text = cache.get(value)
  if (text === undefined) {
    text = JSON.stringify(value)
    cache.set(value, text)
  }
  return text
}
