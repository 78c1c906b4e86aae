/**
 * The one error type every concern of `sp` returns or throws. Each concern defines its own codes
 * (in its own `errors.ts`); the CLI maps codes to exit codes in one place (`src/cli/exit-codes.ts`).
 * Failures that are data (bad rows, validation reports) are values, not SpErrors.
 */
export class SpError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'SpError'
  }
}

export function isSpError(value: unknown): value is SpError {
  return value instanceof SpError
}
