import {newTracker, buildPageView, buildSelfDescribingEvent, buildStructEvent, type Tracker} from '@snowplow/node-tracker'

export const LINK_CLICK = 'iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1'

/** The real node tracker, sending every event at once (bufferSize 1) to a micro on `port`. */
export function tracker(port: number, appId = 'shop'): Tracker {
  return newTracker({namespace: 'sp-test', appId, encodeBase64: true}, {endpoint: '127.0.0.1', port, protocol: 'http', eventMethod: 'post', bufferSize: 1})
}

/** A page view, a struct event, a valid link click and an invalid one (incomplete). */
export function trackMix(t: Tracker): void {
  t.track(buildPageView({pageUrl: 'https://shop.example/', pageTitle: 'Home'}))
  t.track(buildStructEvent({category: 'shop', action: 'add-to-basket', label: 'sku-1'}))
  t.track(buildSelfDescribingEvent({event: {schema: LINK_CLICK, data: {targetUrl: 'https://shop.example/cart'}}}))
  t.track(buildSelfDescribingEvent({event: {schema: LINK_CLICK, data: {elementId: 'buy'}}}))
}

/** An adapter failure: a vendor nobody knows (a bad event with no event id). */
export async function sendUnknownVendor(url: string): Promise<void> {
  const response = await fetch(`${url}/com.unknown/v1`, {method: 'POST', body: 'x'})
  await response.arrayBuffer()
}
