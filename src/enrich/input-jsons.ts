import type {SchemaKey} from '../iglu/types.js'
import type {Validating} from '../iglu/validating.js'
import type {SelfDescribing} from '../event/enriched-event.js'
import {
  criterionUri,
  matchesCriterion,
  parseSelfDescribing,
  type ParsedSelfDescribing,
  type SimpleCriterion,
} from '../adapters/self-describing.js'
import type {SchemaViolation} from './failures.js'
import {parseJsonText} from '../adapters/json-text.js'

const CONTEXTS: SimpleCriterion = {vendor: 'com.snowplowanalytics.snowplow', name: 'contexts', format: 'jsonschema', model: 1, revision: 0}
const UNSTRUCT: SimpleCriterion = {vendor: 'com.snowplowanalytics.snowplow', name: 'unstruct_event', format: 'jsonschema', model: 1, revision: 0}

export interface ValidContexts {
  entities: SelfDescribing[]
  violations: SchemaViolation[]
  /** validation_info entities for superseded schemas (they go to derived_contexts) */
  derived: SelfDescribing[]
}

export interface ValidUnstruct {
  event: SelfDescribing | null
  key: SchemaKey | null
  violations: SchemaViolation[]
  derived: SelfDescribing[]
}

const VALIDATION_INFO = 'iglu:com.snowplowanalytics.iglu/validation_info/jsonschema/1-0-0'

/**
 * Parse + wrapper checks shared by contexts and unstruct_event; returns the wrapper's data, as
 * validated (`data`) and as it will be printed (`exact`, long numbers kept as written).
 */
function* unwrap(text: string, source: string, criterion: SimpleCriterion, violations: SchemaViolation[]): Validating<{data: unknown; exact: unknown} | null> {
  const parsed = parseJsonText(text)
  if (!parsed.ok) {
    violations.push({message: {field: source, value: text, error: parsed.error}, source, data: text})
    return null
  }
  const sdj = parseSelfDescribing(parsed.json)
  if (typeof sdj === 'string') {
    violations.push({message: {json: parsed.exact, error: sdj}, source, data: parsed.exact})
    return null
  }
  const exact = parsed.exact === parsed.json ? sdj.data : (parsed.exact as {data: unknown}).data
  if (!matchesCriterion(criterion, sdj.key)) {
    violations.push({message: {schemaKey: sdj.uri, schemaCriterion: criterionUri(criterion)}, source, data: exact})
    return null
  }
  const report = yield {key: sdj.key, data: sdj.data}
  if (!report.ok) {
    violations.push({message: {schemaKey: sdj.uri, error: report.error}, source, data: exact})
    return null
  }
  return {data: sdj.data, exact}
}

/**
 * Validates one entity against its own schema; pushes the violation and returns null when invalid.
 * An entity validated with a superseding schema is rewritten to that version, and a validation_info
 * entity records the original (Enrich's superseding behaviour). `exactItem` is the entity as it
 * will be printed (the same object unless it holds long numbers).
 */
function* validateEntity(item: unknown, exactItem: unknown, source: string, violations: SchemaViolation[], derived: SelfDescribing[]): Validating<ParsedSelfDescribing | null> {
  const sdj = parseSelfDescribing(item)
  if (typeof sdj === 'string') {
    violations.push({message: {json: exactItem, error: sdj}, source, data: exactItem})
    return null
  }
  const data = exactItem === item ? sdj.data : (exactItem as {data: unknown}).data
  const report = yield {key: sdj.key, data: sdj.data}
  if (!report.ok) {
    violations.push({message: {schemaKey: sdj.uri, error: report.error}, source, data})
    return null
  }
  const by = report.supersededBy
  if (by === undefined) return data === sdj.data ? sdj : {key: sdj.key, uri: sdj.uri, data}
  const version = `${by.model}-${by.revision}-${by.addition}`
  const key = {...sdj.key, version: by}
  const uri = `iglu:${key.vendor}/${key.name}/${key.format}/${version}`
  derived.push({schema: VALIDATION_INFO, data: {originalSchema: sdj.uri, validatedWith: version}})
  return {key, uri, data}
}

/**
 * `co` / decoded `cx`: parse, check the contexts 1-0-* wrapper, validate it and every entity.
 * Invalid entities are dropped (and reported), valid ones kept in order, as Enrich 6 does.
 */
export function* extractContexts(text: string): Validating<ValidContexts> {
  const violations: SchemaViolation[] = []
  const derived: SelfDescribing[] = []
  const wrapper = yield* unwrap(text, 'contexts', CONTEXTS, violations)
  const entities: SelfDescribing[] = []
  if (wrapper && Array.isArray(wrapper.data)) {
    const exact = wrapper.exact as unknown[]
    for (let i = 0; i < wrapper.data.length; i++) {
      const sdj = yield* validateEntity(wrapper.data[i], exact[i], 'contexts', violations, derived)
      if (sdj) entities.push({schema: sdj.uri, data: sdj.data})
    }
  }
  return {entities, violations, derived}
}

/** `ue_pr` / decoded `ue_px`: the unstruct_event 1-0-* wrapper and the event inside it. */
export function* extractUnstruct(text: string): Validating<ValidUnstruct> {
  const violations: SchemaViolation[] = []
  const derived: SelfDescribing[] = []
  const wrapper = yield* unwrap(text, 'unstruct', UNSTRUCT, violations)
  if (!wrapper) return {event: null, key: null, violations, derived}
  const sdj = yield* validateEntity(wrapper.data, wrapper.exact, 'unstruct', violations, derived)
  return sdj ? {event: {schema: sdj.uri, data: sdj.data}, key: sdj.key, violations, derived} : {event: null, key: null, violations, derived}
}

/** Each entity once, first occurrence kept (Enrich's `.distinct` on validation_info: one per superseded schema). */
export function distinctEntities(entities: SelfDescribing[]): SelfDescribing[] {
  if (entities.length < 2) return entities
  const seen = new Set<string>()
  return entities.filter((e) => {
    const key = JSON.stringify(e)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
