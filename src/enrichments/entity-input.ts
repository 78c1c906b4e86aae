import {F} from '../event/fields.js'
import type {SelfDescribing} from '../event/enriched-event.js'
import {criterionMatches, parseSchemaCriterion, type SchemaCriterion} from '../iglu/schema-key.js'
import {parseIgluUri} from '../adapters/self-describing.js'
import {compileJsonPath, evaluateJsonPath, type PathStep} from './json-path.js'
import type {EnrichmentState} from './types.js'

/** An api_request / sql_query input read from an entity: `{field, schemaCriterion, jsonPath}`. */
export interface EntityInput {
  field: 'contexts' | 'derived_contexts' | 'unstruct_event'
  criterion: SchemaCriterion
  path: PathStep[]
}

/** Compiles the config's `json` input; throws with the criterion's or the path's problem. */
export function compileEntityInput(json: {field: string; schemaCriterion: string; jsonPath: string}): EntityInput {
  return {field: json.field as EntityInput['field'], criterion: parseSchemaCriterion(json.schemaCriterion), path: compileJsonPath(json.jsonPath)}
}

/**
 * What the path finds in the first entity of the field that matches the criterion (derived
 * contexts: those made so far), as Enrich's Gatling query gives it: one value alone, several (or
 * none) as an array. Undefined when no entity matches.
 */
export function pullEntityInput(input: EntityInput, state: EnrichmentState): unknown {
  const ev = state.event
  const entities: SelfDescribing[] =
    input.field === 'derived_contexts'
      ? state.derived
      : input.field === 'contexts'
        ? ((ev[F.contexts] as SelfDescribing[] | null) ?? [])
        : ev[F.unstruct_event] === null
          ? []
          : [ev[F.unstruct_event] as SelfDescribing]
  const entity = entities.find((e) => {
    const key = parseIgluUri(e.schema)
    return typeof key !== 'string' && criterionMatches(input.criterion, key)
  })
  if (entity === undefined) return undefined
  const found = evaluateJsonPath(input.path, entity.data).map((m) => m.value)
  return found.length === 1 ? found[0] : found
}
