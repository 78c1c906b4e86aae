import {SpError} from '../errors/sp-error.js'

export const SCHEMA_CLIENT_ERROR_CODES = {
  /** --registry is not a usable URL */
  registryUrl: 'REGISTRY_URL',
  /** the API key is not a UUID (Iglu Server would answer 400 "Invalid UUID for ApiKey") */
  apiKey: 'INVALID_API_KEY',
  /** no API key where one is required */
  apiKeyMissing: 'API_KEY_MISSING',
  /** connection refused, DNS, TLS… */
  unreachable: 'REGISTRY_UNREACHABLE',
  /** the registry answered with an unexpected status */
  response: 'REGISTRY_RESPONSE',
  /** lint errors stop a push */
  lintFailed: 'PUSH_LINT_FAILED',
  /** --vendor-prefix is not `*` or a vendor */
  vendorPrefix: 'INVALID_VENDOR_PREFIX',
  /** `sp schema validate`'s input file cannot be read */
  instancesUnreadable: 'INSTANCES_UNREADABLE',
} as const

export function instancesUnreadableError(file: string, cause: unknown): SpError {
  const reason = (cause as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (cause as Error).message
  return new SpError(SCHEMA_CLIENT_ERROR_CODES.instancesUnreadable, `Cannot read instances from ${file}: ${reason}`, {file})
}

export function registryUrlError(value: string, reason: string): SpError {
  return new SpError(SCHEMA_CLIENT_ERROR_CODES.registryUrl, `Invalid --url ${JSON.stringify(value)}: ${reason}`)
}

export function apiKeyError(): SpError {
  return new SpError(
    SCHEMA_CLIENT_ERROR_CODES.apiKey,
    'The API key is not a UUID (Iglu Server keys look like 48b267d7-cd2b-4f22-bae4-0f002008b5ad). Pass it with --api-key or SP_IGLU_API_KEY.',
  )
}

export function apiKeyMissingError(purpose: string): SpError {
  return new SpError(SCHEMA_CLIENT_ERROR_CODES.apiKeyMissing, `An API key is needed to ${purpose}: pass --api-key or set SP_IGLU_API_KEY.`)
}

export function unreachableError(url: string, cause: unknown): SpError {
  const reason = (cause as {cause?: {code?: string; message?: string}})?.cause
  const detail = reason?.code ?? reason?.message ?? (cause as Error)?.message ?? String(cause)
  return new SpError(
    SCHEMA_CLIENT_ERROR_CODES.unreachable,
    `Cannot reach the registry at ${url} (${detail}). Is it running? For a local one: sp micro (it serves the registry under /api).`,
  )
}

export function timeoutError(url: string, timeoutMs: number): SpError {
  return new SpError(SCHEMA_CLIENT_ERROR_CODES.unreachable, `The registry at ${url} did not answer within ${timeoutMs / 1000} s.`)
}

export function responseError(message: string, details?: unknown): SpError {
  return new SpError(SCHEMA_CLIENT_ERROR_CODES.response, message, details)
}
