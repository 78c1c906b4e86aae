import type {EventStatus, ProcessedEvent} from '../store/types.js'
import {rawEventToMicroJson, type RawEvent} from '../adapters/raw-event.js'
import {canonicalJsonFromTsv} from '../event/canonical-from-tsv.js'

/** The indexed facts of an enriched event, as toProcessed reads them off the 131 fields. */
export interface AdaptedEventFacts {
  eventId: string
  eventType: string | null
  schema: string | null
  contexts: string[]
  appId: string | null
  collectorTstamp: number
  api: {vendor: string; version: string}
}

/**
 * The ProcessedEvent of an event an adapter made (good or incomplete). `event` (from the TSV line)
 * and `rawEvent` (from the raw event) are made on first read, as the store keeps neither text.
 * A class, not an object literal with accessors: a literal makes a closure pair per accessor per
 * event (≈ 0.9 µs an event, measured), a class keeps them on its prototype.
 */
export class AdaptedEvent implements ProcessedEvent {
  status: EventStatus = 'good'
  collectorPayload: string | null = null
  errors: string[] = []
  badRow: string | null = null
  readonly eventId: string
  readonly eventType: string | null
  readonly schema: string | null
  readonly contexts: string[]
  readonly appId: string | null
  readonly collectorTstamp: number
  readonly api: {vendor: string; version: string}
  readonly eventFromTsv: boolean
  #eventJson: string | null | undefined
  #rawJson: string | undefined

  constructor(
    facts: AdaptedEventFacts,
    readonly tsv: string,
    /** undefined: `tsv` splits into the 131 columns, and the JSON is made from it on first read */
    eventJson: string | null | undefined,
    private readonly raw: RawEvent,
    readonly rawPosition: number,
  ) {
    this.eventId = facts.eventId
    this.eventType = facts.eventType
    this.schema = facts.schema
    this.contexts = facts.contexts
    this.appId = facts.appId
    this.collectorTstamp = facts.collectorTstamp
    this.api = facts.api
    this.#eventJson = eventJson
    this.eventFromTsv = eventJson === undefined
  }

  get event(): string | null {
    if (this.#eventJson === undefined) this.#eventJson = canonicalJsonFromTsv(this.tsv)
    return this.#eventJson
  }

  get rawEvent(): string {
    return (this.#rawJson ??= rawEventToMicroJson(this.raw))
  }

  /** The ProcessedEvent fields as plain data (logs, test comparisons), texts included. */
  toJSON(): ProcessedEvent {
    return {
      status: this.status,
      eventId: this.eventId,
      eventType: this.eventType,
      schema: this.schema,
      contexts: this.contexts,
      appId: this.appId,
      collectorTstamp: this.collectorTstamp,
      api: this.api,
      rawEvent: this.rawEvent,
      rawPosition: this.rawPosition,
      event: this.event,
      tsv: this.tsv,
      eventFromTsv: this.eventFromTsv,
      collectorPayload: this.collectorPayload,
      errors: this.errors,
      badRow: this.badRow,
    }
  }
}
