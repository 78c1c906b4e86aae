import {isSpError} from '../errors/sp-error.js'
import {printable} from './printable.js'

/**
 * The one map from SpError codes to process exit codes, shared by every command. Codes not listed
 * exit 1. Add a concern's codes here when its commands need a distinct exit status.
 */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  unavailable: 3,
  storage: 4,
} as const

const EXIT_BY_CODE: Record<string, number> = {
  INVALID_OPTION: EXIT.usage,
  PORT_IN_USE: EXIT.unavailable,
  LISTEN_FAILED: EXIT.unavailable,
  STORE_LOCKED: EXIT.storage,
  STORE_CORRUPT: EXIT.storage,
  STORE_TOO_NEW: EXIT.storage,
  STORE_OPEN_FAILED: EXIT.storage,
  STORE_WRITE_FAILED: EXIT.storage,
  // sp tail / events / assert / reset: a usage or connection problem is 2, distinct from a failed assertion (1)
  CLIENT_UNREACHABLE: EXIT.usage,
  CLIENT_HTTP_ERROR: EXIT.usage,
  CLIENT_MALFORMED_RESPONSE: EXIT.usage,
  CLIENT_INVALID_INPUT: EXIT.usage,
  ASSERT_INVALID_EXPECTATION: EXIT.usage,
  ASSERT_INVALID_SPEC: EXIT.usage,
  ASSERT_SPEC_UNREADABLE: EXIT.usage,
  INSTANCES_UNREADABLE: EXIT.usage,
  // a flag's value is wrong: --api-key not a UUID, --url not a URL, an --iglu file that is not a resolver config
  INVALID_API_KEY: EXIT.usage,
  REGISTRY_URL: EXIT.usage,
  INVALID_RESOLVER_CONFIG: EXIT.usage,
  RESOLVER_CONFIG_UNREADABLE: EXIT.usage,
  // sp micro --postgres, sp load postgres, sp schema ddl
  POSTGRES_INVALID_URL: EXIT.usage,
  POSTGRES_DDL_INPUT: EXIT.usage,
  POSTGRES_NO_URL: EXIT.usage,
  POSTGRES_NO_STORE: EXIT.storage,
  POSTGRES_UNREACHABLE: EXIT.unavailable,
  // sp micro: a bad config file, or a Micro flag sp refuses
  CONFIG_INVALID: EXIT.usage,
  MICRO_FLAG_UNSUPPORTED: EXIT.usage,
  MICRO_FLAG_CONFLICT: EXIT.usage,
  TLS_INVALID_CERTIFICATE: EXIT.usage,
}

export function exitCodeFor(error: unknown): number {
  if (isSpError(error)) return EXIT_BY_CODE[error.code] ?? EXIT.failure
  return EXIT.failure
}

/**
 * Prints `Error: <message>` to stderr (no stack trace: SpError messages say what to do; set
 * SP_DEBUG=1 to see the stack of an unexpected error) and exits with the mapped code.
 */
export function exitWithError(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error)
  // messages can quote a server's answer or a file: no control characters reach the terminal
  process.stderr.write(`Error: ${printable(message)}\n`)
  if (process.env.SP_DEBUG && error instanceof Error && error.stack && !isSpError(error)) {
    process.stderr.write(`${error.stack}\n`)
  }
  process.exit(exitCodeFor(error))
}
