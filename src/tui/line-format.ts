import {printable} from '../cli/printable.js'
import {Chalk} from 'chalk'
import {eventSchema, shortError} from '../client/error-messages.js'
import {canonicalEventToTsv} from '../client/enriched-tsv.js'
import type {CapturedEvent, StreamEvent} from '../client/types.js'
import {STATUS_COLOR, STATUS_MARK} from './status.js'

type Summary = Pick<StreamEvent, 'status' | 'eventId' | 'eventType' | 'schema' | 'appId' | 'errors'> & {collectorTstamp: string | null; what?: string | null}

/** `HH:MM:SS.mmm` of an ISO time: UTC (what the collector stamps), or the local time for the TUI. */
export function clockTime(iso: string | null, local = false): string {
  if (iso === null) return '--:--:--.---'
  const t = new Date(iso)
  if (Number.isNaN(t.getTime())) return iso
  if (!local) return t.toISOString().slice(11, 23)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${two(t.getHours())}:${two(t.getMinutes())}:${two(t.getSeconds())}.${String(t.getMilliseconds()).padStart(3, '0')}`
}

/** `UTC+01:00` for the local time zone at `at`: the key to the TUI's local times. */
export function utcOffset(at: Date = new Date()): string {
  const minutes = -at.getTimezoneOffset()
  const sign = minutes < 0 ? '-' : '+'
  const abs = Math.abs(minutes)
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}

const SNOWPLOW_VENDOR = 'com.snowplowanalytics.snowplow/'

/**
 * `com.acme/checkout/1-0-0` from `iglu:com.acme/checkout/jsonschema/1-0-0`: enough to recognise
 * it; Snowplow's own events (`com.snowplowanalytics.snowplow/…`) lose the vendor (`link_click/1-0-1`).
 */
export function shortSchema(uri: string | null): string {
  if (uri === null) return '-'
  const parts = uri.replace(/^iglu:/, '').split('/')
  if (parts.length !== 4) return uri
  const short = `${parts[0]}/${parts[1]}/${parts[3]}`
  return short.startsWith(SNOWPLOW_VENDOR) ? short.slice(SNOWPLOW_VENDOR.length) : short
}

export interface LineOptions {
  color: boolean
}

/**
 * One event, one line, tab-free and grep-friendly: time (UTC), status (symbol and word), event
 * type, schema, what happened, app_id, event_id, and the first error for failures.
 *   19:38:52.754 ✓ good       page_view  page_view/1-0-0 /cart app=shop id=2e8b…
 */
export function formatEventLine(e: Summary, options: LineOptions): string {
  const c = new Chalk({level: options.color ? 1 : 0})
  const status = c[STATUS_COLOR[e.status]](`${STATUS_MARK[e.status]} ${e.status.padEnd(10)}`)
  const parts = [c.dim(clockTime(e.collectorTstamp)), status, (e.eventType ?? '-').padEnd(16), shortSchema(eventSchema(e))]
  if (e.what) parts.push(c.bold(e.what))
  if (e.appId !== null) parts.push(`app=${e.appId}`)
  if (e.eventId !== null) parts.push(c.dim(`id=${e.eventId}`))
  if (e.status !== 'good' && e.errors.length > 0) parts.push(c[STATUS_COLOR[e.status]](`— ${shortError(e.errors)}`))
  return parts.join(' ')
}

/** One NDJSON line: the stream event as the API sent it. */
export function formatEventJsonLine(e: StreamEvent | CapturedEvent): string {
  return JSON.stringify(e)
}

const COLUMNS = ['TIME', 'STATUS', 'EVENT', 'SCHEMA', 'WHAT', 'APP_ID', 'EVENT_ID', 'ERROR'] as const

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`
}

/** `sp events --format table`: aligned columns, newest first; errors shortened to fit. */
export function formatEventsTable(events: readonly CapturedEvent[], options: LineOptions & {width?: number}): string {
  const c = new Chalk({level: options.color ? 1 : 0})
  // every cell comes from the server: no control characters reach the terminal
  const rows = events.map((e) =>
    [
      e.collectorTstamp ?? '-',
      `${STATUS_MARK[e.status]} ${e.status}`,
      e.eventType ?? '-',
      shortSchema(e.schema),
      truncate(e.what ?? '-', 40),
      e.appId ?? '-',
      e.eventId ?? '-',
      e.status === 'good' ? '' : shortError(e.errors),
    ].map((cell) => printable(cell, true)),
  )
  const widths = COLUMNS.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const fixed = widths.slice(0, -1).reduce((a, b) => a + b + 2, 0)
  widths[widths.length - 1] = options.width === undefined ? Number.POSITIVE_INFINITY : Math.max(20, options.width - fixed)
  const line = (cells: string[]) => cells.map((cell, i) => (i === cells.length - 1 ? truncate(cell, widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd()
  const out = [c.bold(line([...COLUMNS]))]
  events.forEach((e, i) => out.push(colourStatus(line(rows[i]!), rows[i]!, widths, e, c)))
  return out.join('\n') + '\n'
}

function colourStatus(text: string, row: string[], widths: number[], e: CapturedEvent, c: InstanceType<typeof Chalk>): string {
  const start = widths[0]! + 2
  const status = row[1]!.padEnd(widths[1]!)
  return c.dim(text.slice(0, start)) + c[STATUS_COLOR[e.status]](status) + text.slice(start + status.length)
}

/**
 * `sp events --format tsv`: the 131-column enriched TSV of good and incomplete events (bad ones
 * never reached enrich, so they have none): returns the lines and how many events were skipped.
 */
export function formatEventsTsv(events: readonly CapturedEvent[]): {text: string; skipped: number} {
  const lines: string[] = []
  let skipped = 0
  for (const e of events) {
    if (e.good === null) skipped++
    else lines.push(canonicalEventToTsv(e.good.event))
  }
  return {text: lines.length === 0 ? '' : lines.join('\n') + '\n', skipped}
}
