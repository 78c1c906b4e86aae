import type {ClientError, DataReport} from '../iglu/types.js'
import type {IgluParseError} from '../adapters/self-describing.js'
import {ATOMIC_SCHEMA_URI} from '../event/fields.js'
import {FAILURE_SCHEMA} from '../event/schemas.js'
import type {SelfDescribing} from '../event/enriched-event.js'
import type {Processor} from '../badrows/envelope.js'
import {scalaMapEntries} from '../adapters/scala-map.js'

/** schema_violations 2-0-1 messages (snowplow-badrows `FailureDetails.SchemaViolation`). */
export type SchemaViolationMessage =
  | {field: string; value: string | null; error: string} // NotJson
  | {json: unknown; error: IgluParseError} // NotIglu
  | {schemaKey: string; schemaCriterion: string} // CriterionMismatch
  | {schemaKey: string; error: ClientError} // IgluError

/** enrichment_failures 2-0-1 messages. */
export interface EnrichmentFailureMessage {
  enrichment: {schemaKey: string; identifier: string} | null
  message: {field: string; value: string | null; expectation: string} | {error: string}
}

/** One schema violation with what enrich needs for its failure entity. */
export interface SchemaViolation {
  message: SchemaViolationMessage
  /** `contexts`, `unstruct`, `derived_contexts` or `atomic_field` */
  source: string
  data: unknown
}

const NOT_IGLU_TEXT: Record<IgluParseError, string> = {
  INVALID_SCHEMAVER: 'Invalid schema version',
  INVALID_IGLUURI: 'Invalid Iglu URI',
  INVALID_DATA_PAYLOAD: 'Invalid data payload',
  INVALID_SCHEMA: 'Invalid schema',
}

/** The failure entity Enrich 6 prepends to derived_contexts (enrich `Failure.fromSchemaViolation`). */
export function schemaViolationEntity(v: SchemaViolation, timestamp: string, processor: Processor): SelfDescribing {
  const m = v.message as Record<string, unknown>
  let failureType: string
  let errors: Record<string, unknown>[]
  let schema: string | null = null
  let data: unknown = v.data
  if ('field' in m) {
    failureType = 'NotJSON'
    errors = [{message: m.error, source: v.source}]
    data = {[v.source]: v.data}
  } else if ('json' in m) {
    failureType = 'NotIglu'
    errors = [{message: NOT_IGLU_TEXT[m.error as IgluParseError], source: v.source}]
  } else if ('schemaCriterion' in m) {
    failureType = 'CriterionMismatch'
    schema = m.schemaKey as string
    errors = [{message: `Unexpected schema: ${schema} does not match the criterion`, source: v.source, criterion: m.schemaCriterion}]
  } else {
    schema = m.schemaKey as string
    const error = m.error as ClientError
    if (error.error === 'ResolutionError') {
      failureType = 'ResolutionError'
      errors = [{message: `Resolution error: schema ${schema} not found`, source: v.source, lookupHistory: error.lookupHistory}]
    } else {
      failureType = 'ValidationError'
      errors =
        'dataReports' in error
          ? error.dataReports.map((r) => ({message: r.message, source: v.source, path: r.path, keyword: r.keyword, targets: r.targets}))
          : error.schemaIssues.map((r) => ({message: `Invalid schema: ${schema} - ${r.message}`, source: v.source, path: r.path}))
    }
  }
  return {
    schema: FAILURE_SCHEMA,
    data: {failureType, errors, schema, data: data ?? null, timestamp, componentName: processor.artifact, componentVersion: processor.version},
  }
}

/** The failure entity of an enrichment failure (enrich `Failure.fromEnrichmentFailure`). */
export function enrichmentFailureEntity(f: EnrichmentFailureMessage, timestamp: string, processor: Processor): SelfDescribing {
  const msg = f.message
  const errors = 'field' in msg ? [{message: `${msg.field} - ${msg.expectation}`, source: msg.field}] : [{message: msg.error}]
  return {
    schema: FAILURE_SCHEMA,
    data: {
      failureType: `EnrichmentError: ${f.enrichment?.identifier ?? ''}`,
      errors,
      schema: f.enrichment?.schemaKey ?? null,
      data: 'field' in msg ? {[msg.field]: msg.value} : null,
      timestamp,
      componentName: processor.artifact,
      componentVersion: processor.version,
    },
  }
}

/** An atomic field problem folded into enrich's single IgluError against the atomic schema. */
export interface AtomicProblem {
  field: string
  value: string | null
  message: string
  keyword: 'atomic_field_parse_error' | 'atomic_field_length_exceeded'
}

export function atomicViolation(problems: AtomicProblem[]): SchemaViolation {
  const dataReports: DataReport[] = problems.map((p) => ({message: p.message, path: p.field, keyword: p.keyword, targets: []}))
  // Enrich folds the fields into a Scala Map: its order, not the problems' order
  const data: Record<string, string | null> = {}
  for (const [field, value] of scalaMapEntries(problems.map((p) => [p.field, p.value] as const))) data[field] = value
  return {
    message: {schemaKey: ATOMIC_SCHEMA_URI, error: {error: 'ValidationError', dataReports}},
    source: 'atomic_field',
    data,
  }
}
