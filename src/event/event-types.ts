import {closestMatch} from '../errors/suggest.js'

/** The enriched `event` values enrich produces (EventEnrichments.extractEventType). */
export const EVENT_TYPES = ['page_view', 'page_ping', 'struct', 'unstruct', 'transaction', 'transaction_item', 'ad_impression'] as const

/** Tracker `e` codes and the enriched name each becomes. */
export const TRACKER_CODES: Readonly<Record<string, string>> = {
  pv: 'page_view',
  pp: 'page_ping',
  se: 'struct',
  ev: 'struct',
  ue: 'unstruct',
  tr: 'transaction',
  ti: 'transaction_item',
  ad: 'ad_impression',
}

export function isEventType(word: string): boolean {
  return (EVENT_TYPES as readonly string[]).includes(word) || word in TRACKER_CODES
}

/** Why `word` is no event type, with a suggestion; undefined when it is one. */
export function unknownEventType(word: string): string | undefined {
  if (isEventType(word)) return undefined
  const suggestion = suggestEventType(word)
  return `unknown event type ${JSON.stringify(word)}${suggestion ? ` (did you mean ${suggestion}?)` : ''}; event types: ${EVENT_TYPES.join(', ')} or a tracker code (${Object.keys(TRACKER_CODES).join(', ')})`
}

/** The known event type a misspelt word was probably meant to be (`pageview` → `page_view`). */
export function suggestEventType(word: string): string | undefined {
  if (isEventType(word)) return undefined
  return closestMatch(word, EVENT_TYPES)
}

/**
 * A schema as people name it, as a full Iglu URI pattern (`*` = any): `link_click` (any vendor, any
 * version), `com.acme/button_click` (any version), `com.acme/button_click/jsonschema`, or a URI with
 * `*` in the version parts (`iglu:` optional). Returns null for text that is none of these.
 */
export function schemaPattern(input: string): string | null {
  const text = input.trim().replace(/^iglu:/, '')
  const parts = text.split('/')
  if (parts.some((p) => p === '' || /\s/.test(p))) return null
  const [vendor, name, format, version] = parts.length === 1 ? ['*', parts[0]!] : parts
  if (parts.length > 4 || name === undefined) return null
  if (version !== undefined && !/^[0-9*]+-[0-9*]+-[0-9*]+$/.test(version)) return null
  return `iglu:${vendor}/${name}/${format ?? 'jsonschema'}/${version ?? '*-*-*'}`
}
