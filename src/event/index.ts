export {FIELDS, FIELD_COUNT, FIELD_INDEX, F, ATOMIC_SCHEMA_URI, type FieldKind, type FieldSpec} from './fields.js'
export {
  createEnrichedEvent,
  fieldIndex,
  getField,
  setField,
  type AtomicValue,
  type EnrichedEvent,
  type SelfDescribing,
} from './enriched-event.js'
export {toTsv, tsvReadsBack, parseTsv, parseTsvValue, tsvValue} from './tsv.js'
export {toCanonicalJson, canonicalValueJson} from './canonical-json.js'
export {isWholeTsvLine, canonicalJsonFromTsv} from './canonical-from-tsv.js'
export {toLossyJson, toLossyObject, shreddedSuffix, type LossyJsonOptions, type SchemaVersionStyle} from './lossy-json.js'
export {toPartiallyEnrichedEvent} from './partial.js'
export {formatTsvTimestamp, formatIsoTimestamp, formatIsoMillis, parseTimestamp, isRedshiftCompatible} from './timestamps.js'
export {CONTEXTS_SCHEMA_1_0_0, CONTEXTS_SCHEMA_1_0_1, UNSTRUCT_EVENT_SCHEMA, FAILURE_SCHEMA} from './schemas.js'
export {EVENT_ERROR_CODES} from './errors.js'
