import {errorMessages, failingSchema, formatErrorMessage} from '../client/error-messages.js'
import type {EventLookup, StreamEvent} from '../client/types.js'
import {highlightJson, type Line} from './highlight.js'
import {STATUS_COLOR, STATUS_MARK} from './status.js'

/** The canonical event without its null fields: 131 keys are mostly null and hide what matters. */
function withoutNulls(event: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(event)) {
    if (v === null) continue
    if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0) continue
    out[k] = v
  }
  return out
}

function heading(text: string): Line {
  return [{text, bold: true}]
}

/**
 * The detail pane: summary, every error message readably (schema, JSON path, validator message),
 * then the canonical event (decoded contexts and self-describing event, null fields hidden) or, for
 * a payload that never became an event, the collector payload.
 */
export function detailLines(event: StreamEvent, lookup: EventLookup | null | undefined): Line[] {
  const lines: Line[] = [
    [
      {text: `${STATUS_MARK[event.status]} ${event.status}`, color: STATUS_COLOR[event.status], bold: true},
      {text: `  ${event.eventType ?? '-'}  ${event.schema ?? failingSchema(event.errors) ?? ''}`},
    ],
    [{text: `event_id ${event.eventId ?? '-'}  app_id ${event.appId ?? '-'}  collector_tstamp ${event.collectorTstamp}`, dim: true}],
  ]
  if (event.contexts.length > 0) lines.push([{text: `contexts: ${event.contexts.join(', ')}`, dim: true}])
  const errors = lookup?.bad?.errors ?? event.errors
  if (errors.length > 0) {
    lines.push([], heading('Errors'))
    for (const m of errorMessages(errors)) {
      if (m.kind === 'stage') lines.push([{text: `  ${m.message}`, color: STATUS_COLOR[event.status]}])
      else lines.push([{text: '  • ', color: 'red'}, {text: formatErrorMessage(m)}])
    }
  }
  if (lookup === undefined) {
    if (event.eventId !== null) lines.push([], [{text: 'loading the event…', dim: true}])
    return lines
  }
  const good = lookup?.good ?? null
  if (good !== null) {
    lines.push([], heading(`Event${good.incomplete ? ' (incomplete: enriched with a failure entity)' : ''}, null fields hidden`))
    lines.push(...highlightJson(withoutNulls(good.event as unknown as Record<string, unknown>)))
  } else if (lookup?.bad?.collectorPayload) {
    lines.push([], heading('Collector payload'), ...highlightJson(lookup.bad.collectorPayload))
  } else if (lookup === null && event.eventId !== null) {
    lines.push([], [{text: 'the event is no longer stored (reset?)', dim: true}])
  }
  return lines
}
