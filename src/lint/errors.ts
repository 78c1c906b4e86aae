import {SpError} from '../errors/sp-error.js'

export const LINT_ERROR_CODES = {
  /** --skip-checks / --skip-schemas could not be understood (igluctl: "Configuration is invalid") */
  config: 'LINT_CONFIG',
} as const

export function lintConfigError(reason: string): SpError {
  return new SpError(LINT_ERROR_CODES.config, `Configuration is invalid: ${reason}`)
}

/** --skip-schemas keeps igluctl's wording, which starts with the parse error code. */
export function skipSchemasError(code: string): SpError {
  return new SpError(LINT_ERROR_CODES.config, `${code} - check schema are comma separated in iglu:<URI1>,iglu:<URI2> format`)
}
