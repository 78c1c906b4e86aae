import {isSpError} from '../errors/sp-error.js'
import {parseSchemaKey} from '../iglu/index.js'
import type {SchemaKey} from '../iglu/types.js'
import {lintConfigError, skipSchemasError} from './errors.js'
import {LINTERS_BY_NAME, SKIPPABLE_LINTERS} from './linters.js'

/**
 * `--skip-checks a,b` as igluctl validates it: unknown names first, then non-skippable ones
 * (the trailing space of the first message is igluctl's).
 */
export function parseSkipChecks(value: string | undefined): Set<string> {
  if (value === undefined || value.trim() === '') return new Set()
  const names = value.split(',')
  const unknown = names.filter((n) => !LINTERS_BY_NAME.has(n))
  if (unknown.length > 0) throw lintConfigError(`unknown linters [${unknown.join(',')}] `)
  const fixed = names.filter((n) => !SKIPPABLE_LINTERS.includes(n))
  if (fixed.length > 0) throw lintConfigError(`non-skippable linters [${fixed.join(', ')}]`)
  return new Set(names)
}

/** `--skip-schemas iglu:a/b/jsonschema/1-0-0,iglu:…` */
export function parseSkipSchemas(value: string | undefined): SchemaKey[] {
  if (value === undefined || value.trim() === '') return []
  return value.split(',').map((uri) => {
    try {
      return parseSchemaKey(uri.trim())
    } catch (error) {
      throw skipSchemasError(isSpError(error) ? error.code : 'INVALID_IGLUURI')
    }
  })
}
