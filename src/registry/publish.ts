import type {SchemaVer} from '../iglu/types.js'
import type {StoredSchema} from './schema-store.js'

const eq = (a: SchemaVer, b: SchemaVer): boolean => a.model === b.model && a.revision === b.revision && a.addition === b.addition
const gt = (a: SchemaVer, b: SchemaVer): boolean =>
  a.model - b.model > 0 || (a.model === b.model && (a.revision - b.revision > 0 || (a.revision === b.revision && a.addition > b.addition)))

export const CONFLICT = {
  alreadyExists: 'Schema already exists',
  previousMissing: 'Preceding SchemaVer in the group is missing, check that schemas published in proper order',
  nextRevisionExists: 'Next revision in the group exists, check that schemas are published sequentially',
  supersededMissing: 'Superseded schema version(s) do not exist',
  supersededInvalid: 'Superseded schema version(s) must be below the superseding version',
} as const

export function availabilityConflict(isPublic: boolean, previousPublic: boolean): string {
  const word = (p: boolean): string => (p ? 'public' : 'private')
  return `Inconsistent schema availability. Cannot add ${word(isPublic)} schema, previous versions are ${word(previousPublic)}`
}

/** Iglu Server's VersionCursor: where a version sits and whether its predecessor is there. */
function versionConflict(version: SchemaVer, existing: SchemaVer[]): string | null {
  const {model, revision, addition} = version
  if (model === 1 && revision === 0 && addition === 0) return null
  const thisModel = existing.filter((v) => v.model === model)
  if (revision === 0 && addition === 0) return existing.some((v) => v.model === model - 1) ? null : CONFLICT.previousMissing
  if (addition === 0) return thisModel.some((v) => v.revision === revision - 1) ? null : CONFLICT.previousMissing
  if (thisModel.some((v) => v.revision === revision + 1)) return CONFLICT.nextRevisionExists
  return thisModel.some((v) => v.revision === revision && v.addition === addition - 1) ? null : CONFLICT.previousMissing
}

/**
 * The 409 rules of Iglu Server's publish, in its order: availability of the group, existing version
 * without patches, SchemaVer order, then `$supersedes`. `group` = every schema of vendor/name.
 */
export function publishConflict(
  version: SchemaVer,
  isPublic: boolean,
  group: StoredSchema[],
  patchesAllowed: boolean,
  supersedes: SchemaVer[],
): string | null {
  if (group.length > 0) {
    const previousPublic = group.every((s) => s.isPublic)
    if (previousPublic !== isPublic) return availabilityConflict(isPublic, previousPublic)
  }
  const existing = group.map((s) => s.key.version)
  if (existing.some((v) => eq(v, version)) && !patchesAllowed) return CONFLICT.alreadyExists
  const order = versionConflict(version, existing)
  if (order) return order
  if (supersedes.some((s) => !existing.some((v) => eq(v, s)))) return CONFLICT.supersededMissing
  if (supersedes.some((s) => gt(s, version))) return CONFLICT.supersededInvalid
  return null
}
