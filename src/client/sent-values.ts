/**
 * The data a tracker sent, read back from a bad row's raw parameters (`ue_pr`/`ue_px` for the
 * self-describing event, `co`/`cx` for entities), so a validation message can show the value next
 * to Snowplow's unchanged text: `$.step: string found, integer expected` — sent `"two"`.
 */

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Instances sent per schema URI. */
export type SentInstances = Map<string, unknown[]>

/** The self-describing data in one bad row's raw event, by schema. */
export function sentInstances(row: unknown): SentInstances {
  const out: SentInstances = new Map()
  const payload = isObject(row) && isObject(row.data) && isObject(row.data.payload) ? row.data.payload : {}
  const raw = isObject(payload.raw) ? payload.raw : {}
  const parameters = Array.isArray(raw.parameters) ? raw.parameters.filter(isObject) : []
  const add = (entity: unknown) => {
    if (!isObject(entity) || typeof entity.schema !== 'string') return
    out.set(entity.schema, [...(out.get(entity.schema) ?? []), entity.data])
  }
  for (const p of parameters) {
    if (typeof p.value !== 'string') continue
    const text = p.name === 'ue_px' || p.name === 'cx' ? Buffer.from(p.value, 'base64').toString('utf8') : p.name === 'ue_pr' || p.name === 'co' ? p.value : undefined
    if (text === undefined) continue
    const json = parse(text)
    if (!isObject(json)) continue
    if (p.name === 'ue_pr' || p.name === 'ue_px') add(json.data)
    else if (Array.isArray(json.data)) json.data.forEach(add)
  }
  return out
}

/** `$.a.b[2]['c d']` → the value there, or `undefined` when absent. */
export function valueAtPath(data: unknown, path: string): unknown {
  if (!path.startsWith('$')) return undefined
  const steps = [...path.slice(1).matchAll(/\.([^.[\]]+)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]/g)]
  let current: unknown = data
  for (const [, key, index, quoted] of steps) {
    if (index !== undefined) current = Array.isArray(current) ? current[Number(index)] : undefined
    else current = isObject(current) ? current[(key ?? quoted)!] : undefined
    if (current === undefined) return undefined
  }
  return current
}

/**
 * The value a validation report is about: at its path, or, for a property the schema does not
 * allow (`additionalProperties`), that property. Nothing for a missing one (`required`).
 */
export function reportedValue(instances: unknown[] | undefined, report: {path?: unknown; keyword?: unknown; targets?: unknown}): {value: unknown} | undefined {
  if (instances === undefined || typeof report.path !== 'string' || report.keyword === 'required') return undefined
  let path = report.path
  if (report.keyword === 'additionalProperties' && Array.isArray(report.targets) && typeof report.targets[0] === 'string') path += `.${report.targets[0]}`
  for (const data of instances) {
    const value = valueAtPath(data, path)
    if (value !== undefined) return {value}
  }
  return undefined
}
