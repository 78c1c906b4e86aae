import {encodeBase64UrlSafe} from '../src/adapters/base64.js'
import {trackerEvent} from './tracker-event.js'

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
