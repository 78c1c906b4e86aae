import {test} from 'node:test'
import assert from 'node:assert/strict'
import {buildSelfDescribingEvent} from '@snowplow/node-tracker'
import {MicroClient} from '../../src/client/micro-client.js'
import {detailLines} from '../../src/tui/detail-lines.js'
import {reportedValue, valueAtPath} from '../../src/client/sent-values.js'
import {startAcmeMicro, BUTTON_CLICK, CHECKOUT} from '../helpers/acme-micro.js'
import {tracker} from '../client/tracking.js'

const text = (lines: ReturnType<typeof detailLines>) => lines.map((l) => l.map((s) => s.text).join('')).join('\n')

test('a bad request shows the request and a --path-map hint; a validation error shows the value sent next to the message', async (t) => {
  const {micro} = await startAcmeMicro(t)
  const client = new MicroClient(micro.url)
  const posted = await fetch(`${micro.url}/com.acme/track`, {
    method: 'POST', headers: {'content-type': 'application/json; charset=UTF-8', origin: 'https://shop.example'}, body: JSON.stringify({e: 'pv', url: 'https://shop.example/'}),
  })
  await posted.arrayBuffer()
  const tr = tracker(micro.port)
  tr.track(buildSelfDescribingEvent({event: {schema: BUTTON_CLICK, data: {label: 'x'.repeat(25)}}}), [{schema: CHECKOUT, data: {step: 'two', extra: true}}])
  await client.wait({}, {count: 2, timeout: 10_000})
  const [bad] = await client.captured({status: 'bad'})
  const badDetail = text(detailLines({...bad!, id: 1, collectorTstamp: bad!.collectorTstamp!}, await client.bad({status: 'bad'}).then((b) => ({status: 'bad' as const, good: null, bad: b[0]!}))))
  assert.match(badDetail, /Request\n {2}POST \/com\.acme\/track\n {2}content type: application\/json; charset=utf-8\n/i)
  assert.match(badDetail, /origin: https:\/\/shop\.example/i)
  assert.match(badDetail, / {2}body: \{"e":"pv","url":"https:\/\/shop\.example\/"\}/)
  assert.match(badDetail, /Hint: no adapter serves \/com\.acme\/track\. If it is your tracker's custom path, map it: sp micro --path-map \/com\.acme\/track=\/com\.snowplowanalytics\.snowplow\/tp2/)

  const [incomplete] = await client.captured({status: 'incomplete'})
  const detail = text(detailLines({...incomplete!, id: 2, collectorTstamp: incomplete!.collectorTstamp!}, await client.event(incomplete!.eventId!)))
  // Snowplow's message unchanged, the value sent after it
  assert.match(detail, /iglu:com\.acme\/button_click\/jsonschema\/1-0-0: \$\.label: may only be 20 characters long \(sent: "x{25}"\)/)
  assert.match(detail, /iglu:com\.acme\/checkout\/jsonschema\/1-0-0: \$\.step: string found, integer expected \(sent: "two"\)/)
  assert.match(detail, /\$\.extra: is not defined in the schema and the schema does not allow additional properties \(sent: true\)/)
})

test('values at JSON paths; nothing for a missing property', () => {
  assert.equal(valueAtPath({a: [{b: 1}, {'c d': 2}]}, "$.a[1]['c d']"), 2)
  assert.equal(valueAtPath({a: 1}, '$.b'), undefined)
  assert.deepEqual(reportedValue([{a: {}}, {a: {b: 0}}], {path: '$.a.b', keyword: 'type'}), {value: 0})
  assert.equal(reportedValue([{}], {path: '$', keyword: 'required', targets: ['a']}), undefined)
})
