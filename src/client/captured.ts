import {failingSchema} from './error-messages.js'
import {eventWhat} from '../event/what.js'
import type {BadEvent, CapturedEvent, GoodEvent, StreamEvent} from './types.js'

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function capturedFromGood(good: GoodEvent): CapturedEvent {
  const e = good.event
  return {
    status: good.incomplete ? 'incomplete' : 'good',
    eventId: e?.event_id ?? null,
    eventType: good.eventType,
    schema: good.schema,
    contexts: good.contexts,
    appId: e?.app_id ?? null,
    collectorTstamp: e?.collector_tstamp ?? good.rawEvent?.context.timestamp ?? null,
    errors: [],
    what: e === undefined || e === null ? null : eventWhat((name) => e[name]),
    good,
    bad: null,
  }
}

/** `2026-11-27 19:38:52.754` (bad-row / TSV form) → ISO. */
function isoFromTsv(value: unknown): string | null {
  if (typeof value !== 'string') return null
  const iso = value.includes('T') ? value : `${value.replace(' ', 'T')}Z`
  return Number.isNaN(Date.parse(iso)) ? null : new Date(iso).toISOString()
}

/** The partially enriched event a schema_violations / enrichment_failures bad row carries. */
function enrichedOfBadRow(errors: readonly string[]): Record<string, unknown> | null {
  for (const text of errors) {
    if (!text.trimStart().startsWith('{')) continue
    try {
      const row = JSON.parse(text) as unknown
      if (isObject(row) && isObject(row.data) && isObject(row.data.payload) && isObject(row.data.payload.enriched)) return row.data.payload.enriched
    } catch {
      // not JSON: a plain message
    }
  }
  return null
}

export function capturedFromBad(bad: BadEvent, status: 'bad' | 'incomplete'): CapturedEvent {
  const enriched = enrichedOfBadRow(bad.errors)
  const s = (key: string): string | null => (enriched !== null && typeof enriched[key] === 'string' ? (enriched[key] as string) : null)
  const vendor = s('event_vendor')
  const schema = vendor !== null ? `iglu:${vendor}/${s('event_name')}/${s('event_format')}/${s('event_version')}` : failingSchema(bad.errors)
  return {
    status,
    eventId: s('event_id') ?? bad.rawEvent?.parameters.eid ?? null,
    eventType: s('event'),
    schema,
    contexts: [],
    appId: s('app_id') ?? bad.rawEvent?.parameters.aid ?? null,
    collectorTstamp: isoFromTsv(s('collector_tstamp')) ?? bad.collectorPayload?.context.timestamp ?? bad.rawEvent?.context.timestamp ?? null,
    errors: bad.errors,
    what: null,
    good: null,
    bad,
  }
}

export function capturedFromStream(event: StreamEvent): CapturedEvent {
  const {id: _id, what, ...summary} = event
  return {...summary, what: what ?? null, good: null, bad: null}
}

/** Newest first by collector timestamp (stable: the server's newest-first order breaks ties). */
export function newestFirst(events: CapturedEvent[]): CapturedEvent[] {
  const time = (e: CapturedEvent) => (e.collectorTstamp === null ? 0 : Date.parse(e.collectorTstamp))
  return events.map((e, i) => ({e, i})).sort((a, b) => time(b.e) - time(a.e) || a.i - b.i).map(({e}) => e)
}
