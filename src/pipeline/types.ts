import type {CollectorPayload} from '../thrift/collector-payload.js'
import type {ProcessedEvent} from '../store/types.js'

/**
 * Turns one collector payload into events. Implemented by the enrich issue
 * (`src/pipeline/enrich-pipeline.ts`); never throws for bad input: failures are ProcessedEvents
 * with status `bad` or `incomplete`.
 */
export interface Pipeline {
  process(thrift: Buffer, payload: CollectorPayload): Promise<ProcessedEvent[]>
}
