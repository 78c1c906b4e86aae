/**
 * The view a user looks at (columns, filters, status, time) and its URL form, which is Snowplow
 * Micro 4.5's so links shared by Micro users open the same view here and ours open in Micro:
 *   ?app_id=web~mobile&event_name=&status=failed&time=last15m
 *   ?time=2026-03-14T00%3A00%3A00.000Z~2026-03-15T00%3A00%3A00.000Z
 * One parameter per selected column, in display order, its value the filter values joined by `~`
 * (empty = shown, unfiltered); `status=valid|failed`; `time=last<N>m` (sliding) or `start~end`
 * (ISO, either side may be empty). No DOM here: the Node tests import this file.
 */

export type Status = 'all' | 'valid' | 'failed'

export type TimeFilter = {kind: 'relative'; minutes: number} | {kind: 'absolute'; start?: string; end?: string}

export interface ViewState {
  columns: string[]
  /** column -> accepted values (OR); AND across columns */
  filters: Record<string, string[]>
  status: Status
  time: TimeFilter | null
}

/** Shown in every view, so never offered by the column picker nor written to a view URL. */
export const TIMESTAMP_COLUMN = 'collector_tstamp'
export const FAILURE_COLUMN = 'contexts_com_snowplowanalytics_snowplow_failure_1'
export const DEFAULT_COLUMNS = ['app_id', 'event_name']
export const TIME_PRESETS = [5, 15, 30]
/** The timeline spans a week, so a sliding window can be at most that. */
export const MAX_RELATIVE_MINUTES = 7 * 24 * 60

export function isFixedColumn(column: string): boolean {
  return [TIMESTAMP_COLUMN, FAILURE_COLUMN].some((fixed) => column === fixed || column.startsWith(`${fixed}.`))
}

export function emptyView(columns: string[] = DEFAULT_COLUMNS): ViewState {
  return {columns: [...columns], filters: {}, status: 'all', time: null}
}

// Micro writes `valid`/`failed`; `good`/`bad` are accepted as their obvious synonyms
const STATUS_WORDS: Record<string, Status> = {valid: 'valid', good: 'valid', failed: 'failed', bad: 'failed', invalid: 'failed'}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return text
  }
}

function isDate(text: string): boolean {
  return text !== '' && !Number.isNaN(new Date(text).getTime())
}

function parseTime(value: string): TimeFilter | null {
  const relative = /^last(\d+)m$/.exec(value)
  if (relative) {
    const minutes = Number(relative[1])
    return minutes > 0 && minutes <= MAX_RELATIVE_MINUTES ? {kind: 'relative', minutes} : null
  }
  const [rawStart = '', rawEnd = ''] = value.split('~')
  const start = decode(rawStart)
  const end = decode(rawEnd)
  if (!isDate(start) && !isDate(end)) return null
  const time: TimeFilter = {kind: 'absolute'}
  if (isDate(start)) time.start = start
  if (isDate(end)) time.end = end
  return time
}

/**
 * Reads a query string (`?a=b` or `a=b`). Values are split on `~` before they are decoded, so an
 * encoded `%7E` stays inside a value (Micro decodes first, so a value with `~` splits there).
 * Null when the URL carries no view at all.
 */
export function parseViewQuery(search: string): ViewState | null {
  const query = search.startsWith('?') ? search.slice(1) : search
  if (query === '') return null
  const view = emptyView([])
  let found = false
  for (const part of query.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    const name = decode(eq < 0 ? part : part.slice(0, eq))
    const raw = eq < 0 ? '' : part.slice(eq + 1)
    if (name === 'status') {
      const status = STATUS_WORDS[decode(raw).toLowerCase()]
      if (status) {
        view.status = status
        found = true
      }
    } else if (name === 'time') {
      const time = parseTime(raw)
      if (time) {
        view.time = time
        found = true
      }
    } else if (name !== '' && !isFixedColumn(name)) {
      if (!view.columns.includes(name)) view.columns.push(name)
      const values = raw === '' ? [] : raw.split('~').map(decode).filter((v) => v !== '')
      if (values.length > 0) view.filters[name] = values
      found = true
    }
  }
  return found ? view : null
}

const encodeValue = (value: string): string => encodeURIComponent(value).replace(/~/g, '%7E')

/** The query string (without `?`) of a view, in Micro's format. */
export function viewQuery(view: ViewState): string {
  const parts: string[] = []
  for (const column of view.columns) {
    const values = view.filters[column] ?? []
    parts.push(`${encodeURIComponent(column)}=${values.map(encodeValue).join('~')}`)
  }
  if (view.status !== 'all') parts.push(`status=${view.status}`)
  if (view.time?.kind === 'relative') parts.push(`time=last${view.time.minutes}m`)
  else if (view.time) parts.push(`time=${encodeURIComponent(view.time.start ?? '')}~${encodeURIComponent(view.time.end ?? '')}`)
  return parts.join('&')
}

/** The [start, end) the server filters on; a sliding window is anchored at `now`. */
export function timeRange(time: TimeFilter | null, now: number): {start?: string; end?: string} | null {
  if (time === null) return null
  if (time.kind === 'relative') return {start: new Date(now - time.minutes * 60_000).toISOString()}
  return {start: time.start, end: time.end}
}

export function describeTime(time: TimeFilter | null): string {
  if (time === null) return 'Any time'
  if (time.kind === 'relative') return `Last ${time.minutes} min`
  const fmt = (iso: string) => new Date(iso).toLocaleString('en-GB', {month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit'})
  if (time.start && time.end) return `${fmt(time.start)} – ${fmt(time.end)}`
  if (time.start) return `After ${fmt(time.start)}`
  if (time.end) return `Before ${fmt(time.end)}`
  return 'Any time'
}

/** Only the filters of columns still shown count (Micro drops a column's filter with it). */
export function activeFilters(view: ViewState): {column: string; values: string[]}[] {
  return view.columns.filter((c) => (view.filters[c] ?? []).length > 0).map((c) => ({column: c, values: view.filters[c]!}))
}

export function hasActiveFilters(view: ViewState): boolean {
  return activeFilters(view).length > 0 || view.status !== 'all' || view.time !== null
}
