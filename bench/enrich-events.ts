import {encodeBase64UrlSafe} from '../src/adapters/base64.js'
import {trackerEvent} from './tracker-event.js'
import {COLLECTOR_PAYLOAD_SCHEMA, type CollectorPayload} from '../src/thrift/collector-payload.js'

/**
 * Events as the JS tracker sends them, with what makes enrich work: a base64 `cx` with two
 * entities (web_page and mobile_context, validated against Iglu Central) and, every fifth event, a
 * self-describing link_click.
 */
const CONTEXTS = encodeBase64UrlSafe(
  JSON.stringify({
    schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0',
    data: [
      {schema: 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0', data: {id: '5cea9899-10df-4ccf-bf66-8c36f4a4bba2'}},
      {
        schema: 'iglu:com.snowplowanalytics.snowplow/mobile_context/jsonschema/1-0-1',
        data: {osType: 'ios', osVersion: '17.1', deviceManufacturer: 'Apple', deviceModel: 'iPhone15,2'},
      },
    ],
  }),
)

const LINK_CLICK = encodeBase64UrlSafe(
  JSON.stringify({
    schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0',
    data: {schema: 'iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1', data: {targetUrl: 'https://shop.example/cart', elementId: 'buy'}},
  }),
)

export function enrichEvent(i: number): Record<string, string> {
  const base: Record<string, string> = {
    ...trackerEvent(i),
    cx: CONTEXTS,
  }
  if (i % 5 === 4) {
    base.e = 'ue'
    base.ue_px = LINK_CLICK
  }
  return base
}

export function enrichBody(events: number): string {
  return JSON.stringify({
    schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4',
    data: Array.from({length: events}, (_, i) => enrichEvent(i)),
  })
}

/** A tp2 POST as the collector stores it, around `body`. */
export function tp2Payload(body: string): CollectorPayload {
  return {
    schema: COLLECTOR_PAYLOAD_SCHEMA,
    ipAddress: '127.0.0.1',
    timestamp: Date.now(),
    encoding: 'UTF-8',
    collector: 'ssc-sp-bench-stdout',
    path: '/com.snowplowanalytics.snowplow/tp2',
    contentType: 'application/json; charset=UTF-8',
    body,
    headers: ['Host: 127.0.0.1', 'Content-Type: application/json; charset=UTF-8'],
    userAgent: 'bench',
    networkUserId: '3734601f-5c3d-47c5-b367-0883e1ed74e6',
  }
}
