import type {ProcessedEvent} from '../store/types.js'
import {MICRO_ERRORS} from '../pipeline/enrich-pipeline.js'

/**
 * Snowplow Micro's event log (its `EventLog` logger, slf4j-simple with the level in brackets): one
 * stderr line per event, `[INFO] EventLog - GOOD id:<event_id> app_id:<app_id> type:<event>
 * (<iglu uri>)` for a good event, `[WARN] EventLog - BAD <messages>` for a failed one (incomplete
 * events get the BAD line only, as in Micro). The messages are the bad row's failure messages
 * printed as circe's `spaces2` prints them, one after the other; failures before enrich log their
 * first error line (`Can't deserialize Thrift bytes.`, `Error while extracting event(s) …`).
 */
export function createEventLog(log: (line: string) => void) {
  return (events: readonly ProcessedEvent[]): void => {
    const lines = events.map(eventLogLine)
    if (lines.length > 0) log(lines.join('\n'))
  }
}

export function eventLogLine(event: ProcessedEvent): string {
  if (event.status === 'good') {
    return `[INFO] EventLog - GOOD id:${event.eventId}` +
      (event.appId === null ? '' : ` app_id:${event.appId}`) +
      (event.eventType === null ? '' : ` type:${event.eventType}`) +
      (event.schema === null ? '' : ` (${event.schema})`)
  }
  return `[WARN] EventLog - BAD ${badRowMessages(event)}`
}

const VALIDATION_ERROR = MICRO_ERRORS.validation
const WITH_MESSAGES = /\/(tracker_protocol_violations|schema_violations|enrichment_failures)\/jsonschema\//

function badRowMessages(event: ProcessedEvent): string {
  // failures before enrich (Thrift, adapters) log their first error line, as Micro's sink does
  if (event.status === 'bad' && event.errors[0] !== VALIDATION_ERROR) return event.errors[0] ?? VALIDATION_ERROR
  let badRow: {schema?: string; data?: {failure?: {messages?: unknown[]}}} | undefined
  try {
    badRow = event.badRow === null ? undefined : JSON.parse(event.badRow)
  } catch {
    badRow = undefined
  }
  const kind = WITH_MESSAGES.exec(badRow?.schema ?? '')?.[1]
  const messages = badRow?.data?.failure?.messages
  if (kind !== undefined && Array.isArray(messages)) {
    // enrichment failures print each message's `message` part
    return messages.map((m) => circeSpaces2(kind === 'enrichment_failures' ? (m as {message?: unknown}).message ?? null : m)).join('')
  }
  return VALIDATION_ERROR
}

/** circe's `Printer.spaces2`: two-space indent, `"key" : value`, empty `{}` and `[]`. */
export function circeSpaces2(value: unknown, indent = ''): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null)
  const inner = indent + '  '
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    return `[\n${value.map((v) => inner + circeSpaces2(v, inner)).join(',\n')}\n${indent}]`
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined)
  if (entries.length === 0) return '{}'
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)} : ${circeSpaces2(v, inner)}`).join(',\n')}\n${indent}}`
}
