import {createIgluClient, resolverConfigFor} from '../../src/iglu/index.js'
import type {IgluClient} from '../../src/iglu/types.js'
import type {RawEvent} from '../../src/adapters/raw-event.js'
import {enrichEvent, type EnrichOutcome} from '../../src/enrich/enrich-event.js'
import type {Enrichment} from '../../src/enrichments/types.js'
import {FIELDS} from '../../src/event/fields.js'
import type {AtomicValue} from '../../src/event/enriched-event.js'

/** sp's embedded schemas only (the enrichment config and context schemas among them): no network. */
export function offlineIglu(schemaDirs: string[] = []): IgluClient {
  return createIgluClient({config: resolverConfigFor({schemaDirs}), offline: true, cacheDir: false})
}

export const NOW = Date.UTC(2024, 0, 2, 3, 4, 5)

/** A tracker-protocol event as the collector hands it to enrich. */
export function rawEvent(parameters: Record<string, string>, context: Partial<RawEvent['context']> = {}): RawEvent {
  return {
    api: {vendor: 'com.snowplowanalytics.snowplow', version: 'tp2'},
    parameters: {e: 'pv', p: 'web', tv: 'js-3.0.0', ...parameters},
    contentType: 'application/json',
    source: {name: 'ssc-test', encoding: 'UTF-8', hostname: 'localhost'},
    context: {timestamp: NOW, ipAddress: null, useragent: null, refererUri: null, headers: [], userId: null, ...context},
  }
}

/** Enriches one raw event with `enrichments`; asserts it was not dropped. */
export async function enrichWith(raw: RawEvent, enrichments: Enrichment[], iglu: IgluClient = sharedIglu()): Promise<EnrichOutcome> {
  const outcome = await enrichEvent(raw, {iglu, enrichments, now: () => NOW})
  if (outcome === null) throw new Error('the event was dropped')
  return outcome
}

let shared: IgluClient | undefined
export function sharedIglu(): IgluClient {
  return (shared ??= offlineIglu())
}

/** The enriched event's fields by name. */
export function fields(outcome: EnrichOutcome): Record<string, AtomicValue> {
  const out: Record<string, AtomicValue> = {}
  FIELDS.forEach((f, i) => (out[f.name] = outcome.event[i]!))
  return out
}
