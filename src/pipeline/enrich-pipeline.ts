import {stringifyExact} from '../event/exact-json.js'
import type {IgluClient} from '../iglu/types.js'
import type {Pipeline} from './types.js'
import type {CollectorPayload} from '../thrift/collector-payload.js'
import type {ProcessedEvent} from '../store/types.js'
import {decodeCollectorPayload} from '../thrift/codec.js'
import {loadCollectorPayload, type FormatViolationMessage} from '../adapters/loader.js'
import {toRawEvents} from '../adapters/registry.js'
import type {AdapterResult} from '../adapters/types.js'
import {collectorPayloadToMicroJson, type LoadedPayload, type RawEvent} from '../adapters/raw-event.js'
import {enrichEvent, DEFAULT_ETL_VERSION, type EnrichOutcome} from '../enrich/enrich-event.js'
import {adapterBadRow, collectorPayloadFormatViolation, enrichmentFailuresBadRow, schemaViolationsBadRow} from '../badrows/builders.js'
import {SP_PROCESSOR, type Processor} from '../badrows/envelope.js'
import {F} from '../event/fields.js'
import type {SelfDescribing} from '../event/enriched-event.js'
import {toTsv, tsvReadsBack} from '../event/tsv.js'
import {toCanonicalJson} from '../event/canonical-json.js'
import {AdaptedEvent} from './adapted-event.js'
import {failedPayloadEvent} from './failed-payload-event.js'

/** Micro's fixed first line of BadEvent.errors, per stage (Micro `EventSink`). */
export const MICRO_ERRORS = {
  thrift: "Can't deserialize Thrift bytes.",
  adapter: 'Error while extracting event(s) from collector payload and validating it/them.',
  validation: 'Error while validating the event.',
} as const

export interface EnrichPipelineOptions {
  iglu: IgluClient
  /** bad-row `processor` and failure-entity component (default `{artifact:"sp", version}`) */
  processor?: Processor
  /** v_etl (default `sp-<version>`) */
  etlVersion?: string
  /** clock for etl_tstamp and bad-row timestamps */
  now?: () => number
}

export interface EnrichPipeline extends Pipeline {
  /** Decodes Thrift bytes first (re-enriching stored payloads): unreadable bytes become a format-violation row. */
  processThrift(thrift: Buffer): Promise<ProcessedEvent[]>
}

/**
 * The enrich stage of `sp micro`: CollectorPayload → adapters → enrich → ProcessedEvent, exactly
 * one result per event (or one per payload that yields no event). Never throws for bad input.
 */
export function createEnrichPipeline(options: EnrichPipelineOptions): EnrichPipeline {
  const processor = options.processor ?? SP_PROCESSOR
  const now = options.now ?? Date.now
  const enrichOptions = {iglu: options.iglu, processor, etlVersion: options.etlVersion ?? DEFAULT_ETL_VERSION, now}

  function formatViolation(message: FormatViolationMessage, thrift: Buffer, collectorTstamp: number): ProcessedEvent {
    const row = JSON.stringify(collectorPayloadFormatViolation(message, thrift, now(), processor))
    return failedPayloadEvent(collectorTstamp, null, null, [MICRO_ERRORS.thrift, row], row)
  }

  function toProcessed(outcome: EnrichOutcome, raw: RawEvent, position: number, loaded: LoadedPayload, collectorPayload: () => string): ProcessedEvent {
    const ev = outcome.event
    const vendor = ev[F.event_vendor]
    const contexts = ev[F.contexts] as SelfDescribing[] | null
    const tsv = toTsv(ev)
    // The store keeps the TSV line alone, and it reads back as exactly this JSON: most events never
    // need the text, so it is made on first read (a line that would not split stays eager).
    const eventJson = tsvReadsBack(ev) ? undefined : toCanonicalJson(ev)
    const facts = {
      eventId: ev[F.event_id] as string,
      eventType: ev[F.event] as string | null,
      schema: vendor === null ? null : `iglu:${vendor}/${ev[F.event_name]}/${ev[F.event_format]}/${ev[F.event_version]}`,
      contexts: contexts === null ? [] : contexts.map((c) => c.schema),
      appId: ev[F.app_id] as string | null,
      collectorTstamp: loaded.context.timestamp,
      api: loaded.api,
    }
    const base = new AdaptedEvent(facts, tsv, eventJson, raw, position)
    const failure = outcome.failure
    if (failure === null) return base
    const row =
      failure.type === 'schema_violations'
        ? schemaViolationsBadRow(failure.messages, outcome.partial!, raw, outcome.etlTstamp, processor)
        : enrichmentFailuresBadRow(failure.messages, outcome.partial!, raw, outcome.etlTstamp, processor)
    const badRow = stringifyExact(row)
    base.status = 'incomplete'
    base.collectorPayload = collectorPayload()
    base.errors = [MICRO_ERRORS.validation, badRow]
    base.badRow = badRow
    return base
  }

  /**
   * Synchronous while every schema is cached (the steady state): no promise or microtask per
   * event, one resolved promise per payload.
   */
  function process(thrift: Buffer, payload: CollectorPayload): Promise<ProcessedEvent[]> {
    try {
      const loaded = loadCollectorPayload(payload)
      if (!loaded.ok) return Promise.resolve(loaded.messages.map((m) => formatViolation(m, thrift, payload.timestamp)))
      const lp = loaded.payload
      const extracted = toRawEvents(lp, {iglu: options.iglu})
      const processed = extracted instanceof Promise ? extracted.then((e) => processExtracted(lp, e)) : processExtracted(lp, extracted)
      return processed instanceof Promise ? processed : Promise.resolve(processed)
    } catch (e) {
      return Promise.reject(e)
    }
  }

  function processExtracted(lp: LoadedPayload, extracted: AdapterResult): ProcessedEvent[] | Promise<ProcessedEvent[]> {
    let cpJson: string | null = null
    const collectorPayload = () => (cpJson ??= collectorPayloadToMicroJson(lp))
    if (!extracted.ok) {
      const row = stringifyExact(adapterBadRow(extracted.badRowType, lp, extracted.messages, now(), processor))
      return [failedPayloadEvent(lp.context.timestamp, lp.api, collectorPayload(), [MICRO_ERRORS.adapter, row], row)]
    }
    const events = extracted.events
    const out: ProcessedEvent[] = new Array(events.length)
    for (let i = 0; i < events.length; i++) {
      const outcome = enrichEvent(events[i]!, enrichOptions)
      if (outcome instanceof Promise) return finishAsync(i, outcome)
      out[i] = toProcessed(outcome, events[i]!, i, lp, collectorPayload)
    }
    return out

    // a schema had to be looked up: the rest of the payload goes on asynchronously, in order
    async function finishAsync(from: number, pending: Promise<EnrichOutcome>): Promise<ProcessedEvent[]> {
      out[from] = toProcessed(await pending, events[from]!, from, lp, collectorPayload)
      for (let i = from + 1; i < events.length; i++) {
        const outcome = enrichEvent(events[i]!, enrichOptions)
        out[i] = toProcessed(outcome instanceof Promise ? await outcome : outcome, events[i]!, i, lp, collectorPayload)
      }
      return out
    }
  }

  async function processThrift(thrift: Buffer): Promise<ProcessedEvent[]> {
    let payload: CollectorPayload
    try {
      payload = decodeCollectorPayload(thrift)
    } catch (e) {
      return [formatViolation({error: (e as Error).message}, thrift, now())]
    }
    return process(thrift, payload)
  }

  return {process, processThrift}
}
