import {errorMessages, eventSchema, formatErrorMessage, type ErrorMessage} from '../client/error-messages.js'
import type {EventLookup, MicroCollectorPayload, StreamEvent} from '../client/types.js'
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

/** Headers worth seeing when a request failed: where it came from and what it said it was. */
const KEY_HEADERS = ['content-type', 'origin', 'referer', 'user-agent', 'content-encoding', 'sp-anonymous', 'x-forwarded-for']

/**
 * The request as the collector received it: method (a body means POST), path, content type, the
 * key headers and the start of the body. What a tracker misconfiguration shows first.
 */
function requestLines(payload: MicroCollectorPayload): Line[] {
  const query = payload.querystring.length > 0 ? `?${payload.querystring.join('&')}` : ''
  const method = payload.body === null ? 'GET' : 'POST'
  const lines: Line[] = [[{text: `  ${method} /${payload.api.vendor}/${payload.api.version}${query.length > 120 ? `${query.slice(0, 119)}…` : query}`}]]
  if (payload.contentType !== null) lines.push([{text: `  content type: ${payload.contentType}`, dim: true}])
  for (const header of payload.context.headers) {
    const name = header.slice(0, header.indexOf(':')).trim().toLowerCase()
    if (KEY_HEADERS.includes(name) && name !== 'content-type') lines.push([{text: `  ${header}`, dim: true}])
  }
  if (payload.body !== null) {
    const body = payload.body.length > 300 ? `${payload.body.slice(0, 299)}… (${payload.body.length} characters)` : payload.body
    lines.push([{text: `  body: ${body}`}])
  }
  return lines
}

/** What to do about a failure, when it is a known one. */
export function failureHint(messages: ErrorMessage[], payload: MicroCollectorPayload | null): string | undefined {
  if (messages.some((m) => m.kind === 'adapter_failures' && /vendor\/version combination is not supported/.test(m.message))) {
    const path = payload === null ? '/com.acme/track' : `/${payload.api.vendor}/${payload.api.version}`
    return `no adapter serves ${path}. If it is your tracker's custom path, map it: sp micro --path-map ${path}=/com.snowplowanalytics.snowplow/tp2`
  }
  if (messages.some((m) => /schema not found/.test(m.message))) {
    return 'publish the schema (sp schema push) or add its folder with sp micro --schemas DIR; sp schema resolve URI --trace shows where it was looked for'
  }
  return undefined
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
      {text: `  ${event.eventType ?? '-'}  ${eventSchema(event) ?? ''}`},
    ],
    [{text: `event_id ${event.eventId ?? '-'}  app_id ${event.appId ?? '-'}  collector_tstamp ${event.collectorTstamp}`, dim: true}],
  ]
  if (event.contexts.length > 0) lines.push([{text: `contexts: ${event.contexts.join(', ')}`, dim: true}])
  const errors = lookup?.bad?.errors ?? event.errors
  if (errors.length > 0) {
    lines.push([], heading('Errors'))
    const messages = errorMessages(errors)
    for (const m of messages) {
      if (m.kind === 'stage') lines.push([{text: `  ${m.message}`, color: STATUS_COLOR[event.status]}])
      else lines.push([{text: '  • ', color: 'red'}, {text: formatErrorMessage(m)}])
    }
    const hint = failureHint(messages, lookup?.bad?.collectorPayload ?? null)
    if (hint !== undefined) lines.push([{text: '  Hint: ', color: 'cyan', bold: true}, {text: hint}])
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
    lines.push([], heading('Request'), ...requestLines(lookup.bad.collectorPayload))
    lines.push([], heading('Collector payload'), ...highlightJson(lookup.bad.collectorPayload))
  } else if (lookup === null && event.eventId !== null) {
    lines.push([], [{text: 'the event is no longer stored (reset?)', dim: true}])
  }
  return lines
}
