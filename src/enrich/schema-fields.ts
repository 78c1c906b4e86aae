import type {SchemaKey} from '../iglu/types.js'

export interface EventSchemaFields {
  vendor: string
  name: string
  format: string
  version: string
}

const SNOWPLOW = 'com.snowplowanalytics.snowplow'
const FIXED = new Map<string, EventSchemaFields>([
  ['page_view', {vendor: SNOWPLOW, name: 'page_view', format: 'jsonschema', version: '1-0-0'}],
  ['page_ping', {vendor: SNOWPLOW, name: 'page_ping', format: 'jsonschema', version: '1-0-0'}],
  ['transaction', {vendor: SNOWPLOW, name: 'transaction', format: 'jsonschema', version: '1-0-0'}],
  ['transaction_item', {vendor: SNOWPLOW, name: 'transaction_item', format: 'jsonschema', version: '1-0-0'}],
  ['struct', {vendor: 'com.google.analytics', name: 'event', format: 'jsonschema', version: '1-0-0'}],
])

/** Enrich's message, line breaks and indentation included (a Scala multi-line string). */
export function schemaFieldsMismatch(eventType: string | null): string {
  return (
    `trying to extract the schema of the enriched event but event type [${eventType}] doesn't match\n` +
    '          any of page_view, page_ping, struct, transaction, transaction_item and unstruct\n' +
    '          '
  )
}

/**
 * event_vendor/name/format/version (enrich `SchemaEnrichment`): fixed schemas for the standard
 * events, the inner schema for unstruct (null when it was invalid), an error string otherwise.
 */
export function extractSchemaFields(eventType: string | null, unstruct: SchemaKey | null): EventSchemaFields | null | string {
  const fixed = eventType === null ? undefined : FIXED.get(eventType)
  if (fixed) return fixed
  if (eventType === 'unstruct') {
    if (unstruct === null) return null
    const v = unstruct.version
    return {vendor: unstruct.vendor, name: unstruct.name, format: unstruct.format, version: `${v.model}-${v.revision}-${v.addition}`}
  }
  return schemaFieldsMismatch(eventType)
}

/** `collector − (sent − created)` when the device clock looks usable, else collector (or true) time. */
export function derivedTstamp(trueTstamp: number | null, collector: number | null, sent: number | null, created: number | null): number | null {
  if (trueTstamp !== null) return trueTstamp
  if (collector !== null && sent !== null && created !== null && created < sent) return collector - (sent - created)
  return collector
}
