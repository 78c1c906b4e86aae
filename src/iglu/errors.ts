import {SpError} from '../errors/sp-error.js'

/**
 * Codes of src/iglu. The parse codes are iglu-core's ParseError names, so messages a user pastes
 * into a search engine find Snowplow's own documentation.
 */
export const IgluErrorCode = {
  InvalidIgluUri: 'INVALID_IGLUURI',
  InvalidSchemaVer: 'INVALID_SCHEMAVER',
  InvalidSchemaCriterion: 'INVALID_SCHEMA_CRITERION',
  InvalidResolverConfig: 'INVALID_RESOLVER_CONFIG',
  ResolverConfigUnreadable: 'RESOLVER_CONFIG_UNREADABLE',
  InvalidDataPayload: 'INVALID_DATA_PAYLOAD',
  SyncSourceUnreadable: 'SYNC_SOURCE_UNREADABLE',
} as const

export type IgluErrorCode = (typeof IgluErrorCode)[keyof typeof IgluErrorCode]

export function igluError(code: IgluErrorCode, message: string, details?: unknown): SpError {
  return new SpError(code, message, details)
}
