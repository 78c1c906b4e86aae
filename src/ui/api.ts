/** The /micro endpoints the UI reads (same origin: the page is served by the sp micro it shows). */
import type {Json, LossyEvent} from './event-data.js'
import type {SchemaCatalogEntry} from '../api/schema-entry.js'

export interface EventsRequest {
  filters: {column: string; values: string[]}[]
  validEvents: boolean | null
  timeRange: {start?: string; end?: string} | null
  sorting: {column: string; desc: boolean} | null
  page: number
  pageSize: number
  /** sp's own filter object, AND-ed with Micro's filters (`q`: text anywhere in the event or its errors) */
  filter?: {q?: string}
}

export interface EventsPage {
  events: LossyEvent[]
  totalPages: number
  totalItems: number
}

export interface ColumnStats {
  sortable: boolean
  filterable: boolean
  values?: string[]
}

export interface TimelinePoint {
  validEvents: number
  failedEvents: number
  bucket: {start: number | string; end: number | string}
}

export interface BadEvent {
  collectorPayload: {
    api: {vendor: string; version: string}
    querystring: string[]
    contentType: string | null
    body: string | null
    source?: Json
    context?: {timestamp?: string; ipAddress?: string; useragent?: string | null; refererUri?: string | null; headers?: string[]}
  } | null
  rawEvent: Json
  errors: string[]
}

/** A row of /micro/schemas (the server's own type: that file has no imports). */
export type {SchemaCatalogEntry as SchemaEntry} from '../api/schema-entry.js'

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : {'content-type': 'application/json'},
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
  const type = response.headers.get('content-type') ?? ''
  return (type.includes('json') ? await response.json() : await response.text()) as T
}

export const api = {
  events: (request: EventsRequest) => call<EventsPage>('POST', '/micro/events', request),
  columns: () => call<string[]>('GET', '/micro/columns'),
  columnStats: (columns: string[]) => call<Record<string, ColumnStats>>('POST', '/micro/columnStats', {columns}),
  timeline: (buckets: {start: number; end: number}[]) => call<{points: TimelinePoint[]}>('POST', '/micro/timeline', {buckets}),
  badRequests: (limit: number) => call<BadEvent[]>('GET', `/micro/bad?status=bad&limit=${limit}`),
  schemas: () => call<{schemas: SchemaCatalogEntry[]}>('GET', '/micro/schemas'),
  /** the newest events naming a schema: as event, context, or in a failure (a failed event keeps only that trace) */
  eventsUsing: (uri: string, pageSize: number) =>
    call<EventsPage>('POST', '/micro/events', {filters: [], validEvents: null, sorting: null, page: 1, pageSize, filter: {q: uri}}),
  /** The schema through sp micro's resolver, or the repositories that were tried (Micro's 404 body). */
  schema: async (uri: string): Promise<{schema: Json} | {tried: string[]}> => {
    const response = await fetch(`/micro/iglu/${uri.replace(/^iglu:/, '')}`)
    if (response.ok) return {schema: (await response.json()) as Json}
    try {
      return {tried: Object.keys(((await response.json()) as {value: Record<string, unknown>}).value)}
    } catch {
      return {tried: []}
    }
  },
  reset: () => call<string>('POST', '/micro/reset'),
}
