import {enrichEvent, type EnrichOutcome} from '../../src/enrich/enrich-event.js'
import {toPartiallyEnrichedEvent} from '../../src/event/index.js'
import type {RawEvent} from '../../src/adapters/raw-event.js'
import {specIgluClient} from '../adapters/spec-iglu.js'
import {SPEC_CONTEXT, SPEC_SOURCE} from '../adapters/spec-payloads.js'

const iglu = specIgluClient()

/** Enrich specs' raw event: tp2 from clj-tomcat, 2013-08-29T00:18:48Z, 37.157.33.123. */
export function specRawEvent(parameters: Record<string, string | null>, context: Partial<RawEvent['context']> = {}): RawEvent {
  return {
    api: {vendor: 'com.snowplowanalytics.snowplow', version: 'tp2'},
    parameters,
    contentType: null,
    source: SPEC_SOURCE,
    context: {...SPEC_CONTEXT, ...context},
  }
}

export interface Enriched extends EnrichOutcome {
  /** the event's fields as Enrich's PartiallyEnrichedEvent prints them */
  fields: Record<string, string | number | null>
}

export async function enrich(parameters: Record<string, string | null>, context: Partial<RawEvent['context']> = {}): Promise<Enriched> {
  const outcome = await enrichEvent(specRawEvent(parameters, context), {iglu})
  return {...outcome, fields: toPartiallyEnrichedEvent(outcome.event)}
}
