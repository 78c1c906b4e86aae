import {igluAdapter} from './iglu-adapter.js'
import type {LoadedPayload} from './raw-event.js'
import {redirectAdapter} from './redirect.js'
import {tp1Adapter} from './tp1.js'
import {tp2Adapter} from './tp2.js'
import {failure, type Adapter, type AdapterContext, type AdapterResult} from './types.js'

/**
 * vendor/version → adapter (enrich `AdapterRegistry`). A new adapter (a webhook) is one file beside
 * these and one line here.
 */
const ADAPTERS = new Map<string, Adapter>([
  ['com.snowplowanalytics.snowplow/tp1', tp1Adapter],
  ['com.snowplowanalytics.snowplow/tp2', tp2Adapter],
  ['r/tp2', redirectAdapter],
  ['com.snowplowanalytics.iglu/v1', igluAdapter],
])


/** Extracts the raw events of one loaded payload, or the adapter's failure messages. */
export function toRawEvents(payload: LoadedPayload, ctx: AdapterContext): AdapterResult | Promise<AdapterResult> {
  const key = `${payload.api.vendor}/${payload.api.version}`
  const adapter = ADAPTERS.get(key)
  if (!adapter) {
    return failure(payload, [{field: 'vendor/version', value: key, expectation: 'vendor/version combination is not supported'}])
  }
  return adapter(payload, ctx)
}
