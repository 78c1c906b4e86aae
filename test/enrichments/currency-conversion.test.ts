import {test} from 'node:test'
import assert from 'node:assert/strict'
import {createServer} from 'node:http'
import type {AddressInfo} from 'node:net'
import {CurrencyConversionEnrichment, roundHalfEven} from '../../src/enrichments/currency-conversion.js'
import {createEnrichmentState} from '../../src/enrichments/run.js'
import {createEnrichedEvent, fieldIndex} from '../../src/event/enriched-event.js'
import {F} from '../../src/event/fields.js'
import {runValidating} from '../../src/iglu/validating.js'
import {rawEvent, sharedIglu} from './helpers.js'

const SCHEMA = 'iglu:com.snowplowanalytics.snowplow/currency_conversion_config/jsonschema/1-0-0'
const KEY = 'sp-test-key'

/** An Open Exchange Rates stand-in on loopback: historical USD rates for one day, and OER's error for a bad key. */
async function oer(t: {after: (fn: () => Promise<void>) => void}) {
  const requests: string[] = []
  const server = createServer((req, res) => {
    requests.push(req.url!)
    const url = new URL(req.url!, 'http://x')
    if (url.searchParams.get('app_id') !== KEY) {
      res.writeHead(401, {'content-type': 'application/json'}).end(JSON.stringify({error: true, status: 401, message: 'invalid_app_id', description: 'Invalid App ID provided.'}))
      return
    }
    if (url.pathname !== '/api/historical/2011-03-12.json') return void res.writeHead(404).end('{}')
    res.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({base: 'USD', rates: {USD: 1, GBP: 0.625, EUR: 0.72425}}))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return {url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`, requests}
}

const make = (url: string, apiKey = KEY) =>
  CurrencyConversionEnrichment.fromConfig(
    {file: 'cc.json', schema: SCHEMA, vendor: '', name: 'currency_conversion_config', model: 1, revision: 0, addition: 0, data: {parameters: {accountType: 'DEVELOPER', apiKey, baseCurrency: 'EUR', rateAt: 'EOD_PRIOR'}}},
    {cacheDir: '', baseDir: '', log: () => {}, currencyApiUrl: url},
  )

type Amounts = [string | null, number | null, number | null, number | null, string | null, number | null]
const BASES = ['tr_total_base', 'tr_tax_base', 'tr_shipping_base', 'ti_price_base'].map(fieldIndex)

/** The spec's Input(trCurrency, trTotal, trTax, trShipping, tiCurrency, tiPrice) at 2011-03-13 00:00. */
async function convert(e: CurrencyConversionEnrichment, [trCurrency, trTotal, trTax, trShipping, tiCurrency, tiPrice]: Amounts) {
  const ev = createEnrichedEvent()
  ev[F.collector_tstamp] = Date.UTC(2011, 2, 13)
  const set = (name: string, v: string | number | null) => (ev[fieldIndex(name)] = v === null ? null : typeof v === 'number' ? v.toFixed(2) : v)
  set('tr_currency', trCurrency)
  set('tr_total', trTotal)
  set('tr_tax', trTax)
  set('tr_shipping', trShipping)
  set('ti_currency', tiCurrency)
  set('ti_price', tiPrice)
  const state = createEnrichmentState(ev, rawEvent({}))
  await runValidating(e.run(state)!, sharedIglu())
  return {bases: BASES.map((i) => ev[i]), failures: state.failures, base: ev[fieldIndex('base_currency')]}
}

const unknown = (field: string, code: string) => ({enrichment: {schemaKey: SCHEMA, identifier: 'currency-conversion'}, message: {field, value: code, expectation: `Unknown currency '${code}'`}})

test('CurrencyConversionEnrichmentSpec e1: an invalid transaction currency fails once per amount', async (t) => {
  const r = await convert(make((await oer(t)).url), ['RUP', 11.0, 1.17, 0.0, null, 17.99])
  assert.deepEqual(r.failures, [unknown('tr_currency', 'RUP'), unknown('tr_currency', 'RUP'), unknown('tr_currency', 'RUP')])
  assert.deepEqual(r.bases, [null, null, null, null])
})

test('CurrencyConversionEnrichmentSpec e2: an invalid transaction item currency', async (t) => {
  const r = await convert(make((await oer(t)).url), [null, 12.0, 0.7, 0.0, 'HUL', 1.99])
  assert.deepEqual(r.failures, [unknown('ti_currency', 'HUL')])
})

test('CurrencyConversionEnrichmentSpec e3: an invalid OER API key', async (t) => {
  const r = await convert(make((await oer(t)).url, '8A8A8A8A8A8A8A8A8A8A8A8AA8A8A8A8'), [null, 13.0, 3.67, 0.0, 'GBP', 2.99])
  assert.deepEqual(r.failures, [{enrichment: {schemaKey: SCHEMA, identifier: 'currency-conversion'}, message: {error: 'Open Exchange Rates error, type: [OtherErrors], message: [invalid_app_id]'}}])
})

const CASES: Array<[string, Amounts, Array<string | null>]> = [
  ['e4: all fields absent', [null, null, null, null, null, null], [null, null, null, null]],
  ['e5: all fields absent except currency', ['GBP', null, null, null, 'GBP', null], [null, null, null, null]],
  ['e6: no transaction tax or shipping', ['GBP', 11.0, null, null, null, null], ['12.75', null, null, null]],
  ['e7: no transaction total', ['GBP', null, 2.67, 0.0, null, null], [null, '3.09', '0.00', null]],
  ['e8: no transaction currency', [null, null, null, null, 'GBP', 12.99], [null, null, null, '15.05']],
  ['e9: transaction item null', ['GBP', 11.0, 2.67, 0.0, null, null], ['12.75', '3.09', '0.00', null]],
  ['e10: amounts without their currency are left', [null, 14.0, 4.67, 0.0, 'GBP', 10.99], [null, null, null, '12.74']],
  ['e11: both currencies null', [null, 11.0, 2.67, 0.0, null, 12.99], [null, null, null, null]],
  ['e12: converting to the same currency', ['EUR', 11.0, 2.67, 0.0, 'EUR', 12.99], ['11.00', '2.67', '0.00', '12.99']],
  ['e13: valid conversion', ['GBP', 16.0, 2.67, 0.0, null, 10.0], ['18.54', '3.09', '0.00', null]],
]

for (const [name, input, expected] of CASES) {
  test(`CurrencyConversionEnrichmentSpec ${name}`, async (t) => {
    const r = await convert(make((await oer(t)).url), input)
    assert.deepEqual(r.failures, [])
    assert.deepEqual(r.bases, expected)
    assert.equal(r.base, 'EUR', 'base_currency is set on every event')
  })
}

test('currency_conversion: one request per day, then the cached rates; HALF_EVEN rounding', async (t) => {
  const server = await oer(t)
  const e = make(server.url)
  await convert(e, ['GBP', 11.0, 2.67, 0.0, 'GBP', 1.0])
  await convert(e, ['GBP', 12.0, null, null, null, null])
  assert.deepEqual(server.requests, [`/api/historical/2011-03-12.json?app_id=${KEY}`])
  assert.deepEqual([roundHalfEven(0.125, 2), roundHalfEven(0.135, 2), roundHalfEven(12.745, 2), roundHalfEven(1, 0)], ['0.12', '0.14', '12.74', '1'])
})

test('an unknown base currency is a startup error naming the file and field', () => {
  assert.throws(
    () =>
      CurrencyConversionEnrichment.fromConfig(
        {file: 'cc.json', schema: SCHEMA, vendor: '', name: 'currency_conversion_config', model: 1, revision: 0, addition: 0, data: {parameters: {accountType: 'DEVELOPER', apiKey: 'k', baseCurrency: 'XYZ', rateAt: 'EOD_PRIOR'}}},
        {cacheDir: '', baseDir: '', log: () => {}},
      ),
    /cc\.json \(field parameters\.baseCurrency\): Unknown currency 'XYZ'/,
  )
})
