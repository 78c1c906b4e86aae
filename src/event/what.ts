import {FIELD_INDEX} from './fields.js'

/** A field of one enriched event, whatever form it is read from (TSV line or canonical JSON). */
export type FieldReader = (name: string) => unknown

const MAX = 48

function text(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null
  return typeof value === 'string' ? value : JSON.stringify(value)
}

function cut(s: string): string {
  return s.length > MAX ? `${s.slice(0, MAX - 1)}…` : s
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The self-describing event's data: `{schema: unstruct_event, data: {schema, data}}` → data. */
function unstructData(value: unknown): Record<string, unknown> | null {
  const outer = typeof value === 'string' ? safeParse(value) : value
  if (!isObject(outer) || !isObject(outer.data)) return null
  return isObject(outer.data.data) ? outer.data.data : null
}

function safeParse(s: string): unknown {
  try {
    return JSON.parse(s)
  } catch {
    return undefined
  }
}

/** The page path (and query) of a URL, or the text as it is. */
function pagePath(url: string): string {
  try {
    const u = new URL(url)
    return u.pathname + u.search
  } catch {
    return url
  }
}

/**
 * What happened, in a few words, for the row views: `shop / add-to-basket` for a struct event,
 * the page path for page views and pings, the target of a link click, the first fields of any other
 * self-describing event, the order id of a transaction. Null when there is nothing to say.
 */
export function eventWhat(get: FieldReader): string | null {
  switch (get('event')) {
    case 'struct':
      return cut([get('se_category'), get('se_action'), get('se_label')].map(text).filter((v) => v !== null).join(' / ')) || null
    case 'page_view':
    case 'page_ping': {
      const path = text(get('page_urlpath'))
      if (path !== null) return cut(path + (text(get('page_urlquery')) ? `?${text(get('page_urlquery'))}` : ''))
      const url = text(get('page_url'))
      return url === null ? null : cut(pagePath(url))
    }
    case 'transaction':
      return text(get('tr_orderid')) === null ? null : cut(`order ${text(get('tr_orderid'))}`)
    case 'transaction_item':
      return text(get('ti_sku')) === null ? null : cut(`${text(get('ti_sku'))} × ${text(get('ti_quantity')) ?? '?'}`)
    case 'unstruct': {
      const data = unstructData(get('unstruct_event'))
      if (data === null) return null
      if (typeof data.targetUrl === 'string') return cut(`→ ${data.targetUrl}`)
      const parts = Object.entries(data).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      return parts.length === 0 ? null : cut(parts.join(' '))
    }
    default:
      return null
  }
}

/** eventWhat of a stored event: its TSV line, or its canonical JSON text (older rows). */
export function whatOfStored(stored: string | null): string | null {
  if (stored === null) return null
  if (stored.startsWith('{')) {
    const json = safeParse(stored)
    return isObject(json) ? eventWhat((name) => json[name]) : null
  }
  const columns = stored.split('\t')
  return eventWhat((name) => {
    const i = FIELD_INDEX[name]
    return i === undefined ? undefined : columns[i]
  })
}
