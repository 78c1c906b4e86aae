/** Wrapper schemas enrich and the SDK use around entities and unstructured events. */
export const CONTEXTS_SCHEMA_1_0_0 = 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0'
/** enrich writes contexts and derived_contexts in TSV with this wrapper */
export const CONTEXTS_SCHEMA_1_0_1 = 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1'
export const UNSTRUCT_EVENT_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0'
export const FAILURE_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/failure/jsonschema/1-0-0'
