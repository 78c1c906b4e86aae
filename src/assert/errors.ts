import {SpError} from '../errors/sp-error.js'

/** Usage errors of `sp assert` (exit 2); a failed expectation is a result, not an error. */
export const ASSERT_ERROR_CODES = {
  invalidExpectation: 'ASSERT_INVALID_EXPECTATION',
  invalidSpec: 'ASSERT_INVALID_SPEC',
  specUnreadable: 'ASSERT_SPEC_UNREADABLE',
} as const

export function invalidExpectation(text: string, reason: string): SpError {
  return new SpError(
    ASSERT_ERROR_CODES.invalidExpectation,
    `Invalid expectation ${JSON.stringify(text)}: ${reason}. Expected SELECTOR[:MATCHER,...][OP COUNT], e.g. page_view>=1, iglu:com.acme/checkout/jsonschema/1-*-*=3, se:se_category=shop>=2`,
    {text},
  )
}

export function invalidSpec(file: string, where: string, reason: string): SpError {
  return new SpError(ASSERT_ERROR_CODES.invalidSpec, `${file}: ${where}: ${reason}`, {file, where})
}

export function specUnreadable(file: string, reason: string): SpError {
  return new SpError(ASSERT_ERROR_CODES.specUnreadable, `Cannot read spec file ${file}: ${reason}`, {file})
}
