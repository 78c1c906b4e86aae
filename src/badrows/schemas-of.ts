/**
 * Which schemas a failed event is about, read back from its bad row. An event whose own data fails
 * validation is stored as incomplete without `event_vendor` (enrich drops the invalid event), so
 * its schema survives only in the bad row: in the raw `ue_pr` / `ue_px` parameter and in the
 * failure messages' `schemaKey`s. Schema filters (SQL and live) and the row views read it here.
 * Pure and dependency-free: the store and the HTTP client both use it.
 */

export interface FailureSchemas {
  /** the self-describing event's own schema, as the tracker sent it (null: not an unstruct event, or unreadable) */
  event: string | null
  /** every schema the failure messages name (the event's and failing entities'), atomic checks excluded */
  failing: string[]
}

const NONE: FailureSchemas = {event: null, failing: []}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** The inner schema of an `unstruct_event` envelope (`{"schema": "…/unstruct_event/…", "data": {"schema": X}}`). */
function innerSchema(text: string): string | null {
  const outer = parseJson(text)
  if (!isObject(outer) || !isObject(outer.data)) return null
  return typeof outer.data.schema === 'string' && outer.data.schema.startsWith('iglu:') ? outer.data.schema : null
}

/** `ue_pr` (JSON) or `ue_px` (base64, either alphabet) among a raw event's parameters. */
function rawEventSchema(parameters: unknown): string | null {
  const pairs: [string, unknown][] = Array.isArray(parameters)
    ? parameters.filter(isObject).map((p) => [String(p.name), p.value])
    : isObject(parameters)
      ? Object.entries(parameters)
      : []
  for (const [name, value] of pairs) {
    if (typeof value !== 'string') continue
    if (name === 'ue_pr') return innerSchema(value)
    if (name === 'ue_px') return innerSchema(Buffer.from(value, 'base64').toString('utf8'))
  }
  return null
}

/** The schemas of one bad-row JSON (text or parsed). Never throws. */
export function failureSchemas(badRow: unknown): FailureSchemas {
  const row = typeof badRow === 'string' ? parseJson(badRow) : badRow
  if (!isObject(row) || !isObject(row.data)) return NONE
  const failure = isObject(row.data.failure) ? row.data.failure : {}
  const messages = Array.isArray(failure.messages) ? failure.messages.filter(isObject) : []
  const failing: string[] = []
  for (const m of messages) {
    if (typeof m.schemaKey === 'string' && m.schemaKey.startsWith('iglu:') && !m.schemaKey.includes('/atomic/') && !failing.includes(m.schemaKey)) {
      failing.push(m.schemaKey)
    }
  }
  const payload = isObject(row.data.payload) ? row.data.payload : {}
  const raw = isObject(payload.raw) ? payload.raw : {}
  return {event: rawEventSchema(raw.parameters), failing}
}

/** The event's schema and the failing ones, without duplicates: what a schema filter matches against. */
export function schemasOfFailure(badRow: unknown): string[] {
  const {event, failing} = failureSchemas(badRow)
  return event === null || failing.includes(event) ? failing : [event, ...failing]
}
