import {SpError} from '../errors/sp-error.js'

export const CONFIG_ERROR_CODES = {
  /** a config file that cannot be read, parsed or decoded (the message names file, line and key) */
  invalid: 'CONFIG_INVALID',
  /** a Snowplow Micro flag sp does not carry out (the message says what to use instead) */
  unsupportedFlag: 'MICRO_FLAG_UNSUPPORTED',
} as const

export function configError(message: string, file?: string, line?: number, key?: string): SpError {
  return new SpError(CONFIG_ERROR_CODES.invalid, message, {file, line, key})
}

export function unsupportedFlag(message: string): SpError {
  return new SpError(CONFIG_ERROR_CODES.unsupportedFlag, message)
}
