import {F} from '../event/fields.js'
import type {EnrichedEvent, SelfDescribing} from '../event/enriched-event.js'
import type {RawEvent} from '../adapters/raw-event.js'
import type {EnrichmentFailureMessage, SchemaViolation} from '../enrich/failures.js'
import type {Validating} from '../iglu/validating.js'
import {parseSelfDescribing} from '../adapters/self-describing.js'
import {STEP, type Enrichment, type EnrichmentState} from './types.js'

/** What the configured enrichments leave for enrich's phase 3. */
export interface EnrichmentsOutcome {
  /** a script called `drop()`: the event vanishes (no good, failed or bad output) */
  dropped: boolean
  /** derived contexts, contexts or unstruct_event a script or lookup made invalid (phase 3) */
  violations: SchemaViolation[]
}

/**
 * Runs the configured enrichments on one event, in Enrich's order, after the core steps of
 * phase 2. Their failures join `failures` in Enrich's order (see orderLikeEnrich). Their contexts
 * are prepended to derived_contexts; contexts sp did not make itself are validated with Iglu
 * (phase 3).
 */
export function* runConfiguredEnrichments(
  enrichments: readonly Enrichment[],
  event: EnrichedEvent,
  raw: RawEvent,
  failures: EnrichmentFailureMessage[],
): Validating<EnrichmentsOutcome> {
  const state = createEnrichmentState(event, raw, failures)
  const mine: Array<{step: number; failure: EnrichmentFailureMessage}> = []
  for (const enrichment of enrichments) {
    const before = state.failures.length
    const steps = enrichment.run(state)
    if (steps) yield* steps
    if (state.dropped) return {dropped: true, violations: []}
    for (let i = before; i < state.failures.length; i++) mine.push({step: enrichment.step, failure: state.failures[i]!})
  }
  if (mine.length > 0) orderLikeEnrich(failures, mine)
  const violations: SchemaViolation[] = []
  if (state.revalidate.contexts) {
    const contexts = event[F.contexts] as SelfDescribing[] | null
    if (contexts !== null) {
      const valid = yield* validated(contexts, 'contexts', violations)
      event[F.contexts] = valid.length > 0 ? valid : null
    }
  }
  if (state.revalidate.unstruct && event[F.unstruct_event] !== null) {
    const valid = yield* validated([event[F.unstruct_event] as SelfDescribing], 'unstruct', violations)
    event[F.unstruct_event] = valid[0] ?? null
  }
  let derived = state.derived
  if (state.unchecked.size > 0) {
    const checked: SelfDescribing[] = []
    for (const c of derived) {
      if (!state.unchecked.has(c)) checked.push(c)
      else checked.push(...(yield* validated([c], 'derived_contexts', violations)))
    }
    derived = checked
  }
  if (derived.length > 0) {
    const existing = event[F.derived_contexts] as SelfDescribing[] | null
    event[F.derived_contexts] = existing === null ? derived : [...derived, ...existing]
  }
  return {dropped: false, violations}
}

/**
 * Enrich accumulates failures by prepending each step's list: the latest step's failures come
 * first, each step's own in order. Ours join enrich's core failures (v_collector, URIs, query
 * string, `_sp`, event type) in that order; a list with none of ours is left as the core made it.
 */
function orderLikeEnrich(failures: EnrichmentFailureMessage[], mine: Array<{step: number; failure: EnrichmentFailureMessage}>): void {
  const all = [...failures.map((failure) => ({step: coreStep(failure), failure})), ...mine]
  all.sort((a, b) => b.step - a.step) // stable: a step's failures keep their order
  failures.length = 0
  for (const {failure} of all) failures.push(failure)
}

/** The step of enrich's own failures, from what they are about. */
function coreStep(f: EnrichmentFailureMessage): number {
  const m = f.message
  if ('field' in m) {
    if (m.field === 'event') return STEP.eventSchema
    if (m.field === 'sp_dtm') return STEP.crossNavigation
    if (m.field === 'uri') return 9 // the page URL's query string
    return 1 // v_collector, collector_tstamp
  }
  if (m.error.startsWith('Could not base64 decode')) return STEP.crossNavigation
  return 2 // an unparseable page or referrer URL
}

/** A fresh state for one event (tests build one to run a single enrichment). */
export function createEnrichmentState(event: EnrichedEvent, raw: RawEvent, coreFailures: EnrichmentFailureMessage[] = []): EnrichmentState {
  return {event, raw, derived: [], unchecked: new Set(), revalidate: {contexts: false, unstruct: false}, failures: [], coreFailures, dropped: false}
}

/** The entities valid against their schemas; each invalid one becomes a violation from `source`. */
function* validated(entities: SelfDescribing[], source: string, violations: SchemaViolation[]): Validating<SelfDescribing[]> {
  const valid: SelfDescribing[] = []
  for (const entity of entities) {
    const sdj = parseSelfDescribing(entity)
    if (typeof sdj === 'string') {
      violations.push({message: {json: entity, error: sdj}, source, data: entity})
      continue
    }
    const report = yield {key: sdj.key, data: sdj.data}
    if (report.ok) valid.push(entity)
    else violations.push({message: {schemaKey: sdj.uri, error: report.error}, source, data: sdj.data})
  }
  return valid
}
