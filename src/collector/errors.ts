import {SpError} from '../errors/sp-error.js'

export const COLLECTOR_ERROR_CODES = {
  /** A collector setting (flag or config value) that cannot be used. */
  invalidOption: 'INVALID_OPTION',
} as const

export function invalidOption(message: string): SpError {
  return new SpError(COLLECTOR_ERROR_CODES.invalidOption, message)
}
