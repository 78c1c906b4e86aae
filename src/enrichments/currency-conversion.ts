import {fieldIndex} from '../event/enriched-event.js'
import {F} from '../event/fields.js'
import {awaitWork, type Validating} from '../iglu/validating.js'
import type {EnrichmentFailureMessage} from '../enrich/failures.js'
import {configError} from './errors.js'
import {LookupCache, type LookupResult} from './http-lookup.js'
import {STEP, type BuildContext, type Enrichment, type EnrichmentConfig, type EnrichmentRef, type EnrichmentState} from './types.js'

/** Open Exchange Rates' API root; `SP_OPEN_EXCHANGE_RATES_URL` (or the build context) points elsewhere, e.g. a local stub. */
export const DEFAULT_OER_URL = 'https://openexchangerates.org/api'

const BASE_CURRENCY = fieldIndex('base_currency')
const TR_CURRENCY = fieldIndex('tr_currency')
const TI_CURRENCY = fieldIndex('ti_currency')
/** [amount field, its currency field, the base field] in Enrich's order */
const CONVERSIONS: ReadonlyArray<[number, number, number, string]> = [
  [fieldIndex('tr_total'), TR_CURRENCY, fieldIndex('tr_total_base'), 'tr_currency'],
  [fieldIndex('tr_tax'), TR_CURRENCY, fieldIndex('tr_tax_base'), 'tr_currency'],
  [fieldIndex('tr_shipping'), TR_CURRENCY, fieldIndex('tr_shipping_base'), 'tr_currency'],
  [fieldIndex('ti_price'), TI_CURRENCY, fieldIndex('ti_price_base'), 'ti_currency'],
]

let known: Set<string> | undefined
/** ISO 4217 codes as joda-money knows them (Node's ICU list). */
function isCurrency(code: string): boolean {
  known ??= new Set(Intl.supportedValuesOf('currency'))
  return known.has(code)
}

function minorDigits(code: string): number {
  return new Intl.NumberFormat('en', {style: 'currency', currency: code}).resolvedOptions().maximumFractionDigits ?? 2
}

/**
 * currency_conversion (Enrich `CurrencyConversionEnrichment`, scala-forex): sets base_currency on
 * every event and converts tr_total/tax/shipping and ti_price into the base currency at Open
 * Exchange Rates' end-of-day rate of the day before the collector date (historical rates, cached
 * per day). Unknown codes and API errors are `currency-conversion` failures; then no amount is set.
 */
export class CurrencyConversionEnrichment implements Enrichment {
  readonly className = 'CurrencyConversionEnrichment'
  readonly step = STEP.currency
  private readonly rates = new LookupCache(100, 86400)
  private readonly digits: number

  constructor(
    private readonly base: string,
    private readonly apiKey: string,
    private readonly apiUrl: string,
    private readonly ref: EnrichmentRef,
  ) {
    this.digits = minorDigits(base)
  }

  static fromConfig(config: EnrichmentConfig, ctx: BuildContext): CurrencyConversionEnrichment {
    const p = config.data.parameters as {apiKey: string; baseCurrency: string}
    if (!isCurrency(p.baseCurrency)) throw configError(config.file, `Unknown currency '${p.baseCurrency}'`, 'parameters.baseCurrency')
    const url = ctx.currencyApiUrl ?? process.env.SP_OPEN_EXCHANGE_RATES_URL ?? DEFAULT_OER_URL
    return new CurrencyConversionEnrichment(p.baseCurrency, p.apiKey, url.replace(/\/$/, ''), {schemaKey: config.schema, identifier: 'currency-conversion'})
  }

  *run(state: EnrichmentState): Validating<void> {
    const ev = state.event
    ev[BASE_CURRENCY] = this.base
    const failures: EnrichmentFailureMessage[] = []
    const converted: Array<[number, string]> = []
    const collector = ev[F.collector_tstamp] as number | null
    for (const [amountField, currencyField, baseField, currencyName] of CONVERSIONS) {
      const amount = ev[amountField] as string | null
      const currency = ev[currencyField] as string | null
      if (amount === null || currency === null) continue
      if (!isCurrency(currency)) {
        failures.push({enrichment: this.ref, message: {field: currencyName, value: currency, expectation: `Unknown currency '${currency}'`}})
        continue
      }
      if (collector === null) continue
      const day = new Date(collector - 86400000).toISOString().slice(0, 10)
      const rates = this.rates.settled(day) ?? (yield* awaitWork(this.rates.get(day, () => this.fetchRates(day))))
      if (!rates.ok) {
        failures.push({enrichment: this.ref, message: {error: rates.error}})
        continue
      }
      const table = rates.value as Record<string, number>
      if (table[currency] === undefined || table[this.base] === undefined) {
        failures.push({enrichment: this.ref, message: {error: `an error happened while converting the currency: no rate for ${table[currency] === undefined ? currency : this.base} on ${day}`.slice(0, 511)}})
        continue
      }
      converted.push([baseField, roundHalfEven((Number(amount) * table[this.base]!) / table[currency]!, this.digits)])
    }
    if (failures.length > 0) {
      state.failures.push(...failures)
      return
    }
    for (const [field, value] of converted) ev[field] = value
  }

  private async fetchRates(day: string): Promise<LookupResult> {
    try {
      const response = await fetch(`${this.apiUrl}/historical/${day}.json?app_id=${encodeURIComponent(this.apiKey)}`, {signal: AbortSignal.timeout(10000)})
      const body = (await response.json().catch(() => null)) as {rates?: Record<string, number>; error?: boolean; message?: string} | null
      if (body === null || body.error === true || !response.ok || body.rates === undefined) {
        return {ok: false, error: `Open Exchange Rates error, type: [OtherErrors], message: [${body?.message ?? `HTTP ${response.status}`}]`}
      }
      return {ok: true, value: body.rates}
    } catch (e) {
      const err = e as Error & {cause?: Error}
      return {ok: false, error: `an error happened while converting the currency: ${err.cause?.message ?? err.message}`.slice(0, 511)}
    }
  }
}

/** BigDecimal text of `value` at `digits` places, HALF_EVEN as joda-money rounds (`12.74`, `13.00`). */
export function roundHalfEven(value: number, digits: number): string {
  const factor = 10 ** digits
  const scaled = value * factor
  const floor = Math.floor(scaled)
  const diff = scaled - floor
  const epsilon = 1e-9 * Math.max(1, Math.abs(scaled))
  let rounded: number
  if (Math.abs(diff - 0.5) <= epsilon) rounded = floor % 2 === 0 ? floor : floor + 1
  else rounded = Math.round(scaled)
  return (rounded / factor).toFixed(digits)
}
