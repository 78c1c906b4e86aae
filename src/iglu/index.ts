/** src/iglu public API: URIs and SchemaVer, resolver configs, repositories, client, validator. */
export type * from './types.js'
export {IgluErrorCode, igluError} from './errors.js'
export {
  parseSchemaKey, tryParseSchemaKey, schemaKeyToUri, schemaKeyToPath, parseSchemaVer, isValidSchemaVer, schemaVerToString,
  compareSchemaVer, parseSchemaCriterion, criterionMatches, schemaCriterionToString, parseSchemaKeyFromPath, isSafeSchemaKey, isSafeVendor,
  VENDOR_PATTERN, NAME_PATTERN, FORMAT_PATTERN,
  type SchemaCriterion,
} from './schema-key.js'
export {
  parseResolverConfig, loadResolverConfig, defaultResolverConfig, resolverConfigFor, envRepositories, withEnvRepositories, RESOLVER_CONFIG_CRITERION, IGLU_CENTRAL_URI, IGLU_CENTRAL_MIRROR_URI,
  type ResolverConfig, type RepositoryConfig, type HttpConnection, type EmbeddedConnection, type DefaultResolverOptions,
} from './resolver-config.js'
export {
  createIgluClient, backoff, isOfflineNote,
  type IgluClientOptions, type FullIgluClient, type HttpOptions, type TraceStep, type ListResult, type ListSchemasResult, type SelfDescribingParseError,
} from './client.js'
export {LocalRepository, CLASS_PRIORITY, parseSchemaFile, type LocalRepositoryOptions} from './repositories/local.js'
export {HttpRepository, missingApiWarning, type HttpRepositoryOptions} from './repositories/http.js'
export {embeddedRepository, bundledSchemasDir, EMBEDDED_REPOSITORY_NAME} from './repositories/embedded.js'
export {prioritize} from './repositories/ordering.js'
export {watchLocalRepositories} from './watch-local.js'
export {DiskCache, defaultCacheDir, DISK_CACHE_REPOSITORY_NAME} from './disk-cache.js'
export {LookupHistories} from './resolution-error.js'
export {createSchemaValidator, IGLU_META_SCHEMA_URI, type SchemaValidator, type CompiledSchema} from './validator.js'
export {toDataReports, pointerToPath, jsonType} from './data-report.js'
export {selfDescribingProblem, SELF_DESC_SCHEMA_URI} from './self-describing.js'
