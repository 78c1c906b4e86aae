import type {StreamEvent} from '../../src/client/types.js'

/** A stream event as /micro/stream sends it; each call gets the next row id. */
let nextId = 1
export function streamEvent(over: Partial<StreamEvent> = {}): StreamEvent {
  return {
    id: nextId++,
    status: 'good',
    eventId: `00000000-0000-4000-8000-${String(nextId).padStart(12, '0')}`,
    eventType: 'page_view',
    schema: 'iglu:com.snowplowanalytics.snowplow/page_view/jsonschema/1-0-0',
    contexts: [],
    appId: 'shop',
    collectorTstamp: '2026-11-27T19:38:52.754Z',
    errors: [],
    ...over,
  }
}

