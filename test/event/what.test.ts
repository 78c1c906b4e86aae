import {test} from 'node:test'
import assert from 'node:assert/strict'
import {buildPageView, buildSelfDescribingEvent, buildStructEvent} from '@snowplow/node-tracker'
import {eventWhat} from '../../src/event/what.js'
import {MicroClient} from '../../src/client/micro-client.js'
import {followStream} from '../../src/client/stream.js'
import type {StreamEvent} from '../../src/client/types.js'
import {formatEventLine, formatEventsTable} from '../../src/tui/line-format.js'
import {startAcmeMicro, BUTTON_CLICK, CHECKOUT} from '../helpers/acme-micro.js'
import {LINK_CLICK, tracker} from '../client/tracking.js'

const ue = (schema: string, data: unknown) => JSON.stringify({schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0', data: {schema, data}})

test('what happened, in a few words, for each kind of event', () => {
  const of = (fields: Record<string, unknown>) => eventWhat((name) => fields[name])
  assert.equal(of({event: 'struct', se_category: 'shop', se_action: 'add-to-basket'}), 'shop / add-to-basket')
  assert.equal(of({event: 'struct', se_category: 'shop', se_action: 'add', se_label: 'sku-1'}), 'shop / add / sku-1')
  assert.equal(of({event: 'page_view', page_urlpath: '/cart', page_urlquery: 'a=1'}), '/cart?a=1')
  assert.equal(of({event: 'page_view', page_url: 'https://shop.example/p/1?x=2'}), '/p/1?x=2')
  assert.equal(of({event: 'unstruct', unstruct_event: ue(LINK_CLICK, {targetUrl: 'https://shop.example/cart', elementId: 'x'})}), '→ https://shop.example/cart')
  assert.equal(of({event: 'unstruct', unstruct_event: JSON.parse(ue(BUTTON_CLICK, {label: 'pay', n: 2}))}), 'label=pay n=2')
  assert.equal(of({event: 'transaction', tr_orderid: 'o-1'}), 'order o-1')
  assert.equal(of({event: 'unstruct', unstruct_event: null}), null)
  assert.ok(of({event: 'unstruct', unstruct_event: ue(BUTTON_CLICK, {label: 'x'.repeat(200)})})!.length <= 48)
})

test('the stream, sp events and the line mode show it; a custom event with an entity shows its own schema', async (t) => {
  const {micro} = await startAcmeMicro(t)
  const tr = tracker(micro.port)
  tr.track(buildPageView({pageUrl: 'https://shop.example/cart'}))
  tr.track(buildStructEvent({category: 'shop', action: 'add-to-basket'}))
  tr.track(buildSelfDescribingEvent({event: {schema: BUTTON_CLICK, data: {label: 'pay'}}}), [{schema: CHECKOUT, data: {step: 2}}])
  const client = new MicroClient(micro.url)
  await client.wait({}, {count: 3, timeout: 10_000})

  const streamed: StreamEvent[] = []
  const controller = new AbortController()
  await followStream(client, {last: 3, signal: controller.signal, onEvent: (e) => {
    streamed.push(e)
    if (streamed.length === 3) controller.abort()
  }}).catch(() => {})
  assert.deepEqual(streamed.map((e) => e.what), ['/cart', 'shop / add-to-basket', 'label=pay'])
  assert.equal(streamed[2]!.schema, BUTTON_CLICK)
  assert.match(formatEventLine(streamed[2]!, {color: false}), /unstruct +com\.acme\/button_click\/1-0-0 label=pay app=shop/)

  const captured = await client.captured({})
  assert.deepEqual(captured.map((e) => e.what).sort(), ['/cart', 'label=pay', 'shop / add-to-basket'])
  const table = formatEventsTable(captured, {color: false})
  assert.match(table, /^TIME +STATUS +EVENT +SCHEMA +WHAT +APP_ID/)
  assert.match(table, /page_view +page_view\/1-0-0 +\/cart +shop/)
})
