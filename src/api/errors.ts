import {SpError} from '../errors/sp-error.js'

export const API_ERROR_CODES = {
  malformedBody: 'API_MALFORMED_BODY',
  invalidBody: 'API_INVALID_BODY',
} as const

/** A filter, query parameter or body field the API cannot use; `field` names it for the user. */
export function invalidField(field: string, expected: string, got: unknown): SpError {
  const shown = JSON.stringify(got) ?? String(got)
  return new SpError(API_ERROR_CODES.invalidBody, `${field} must be ${expected}, got ${shown}`, {field})
}

export function malformedBody(reason: string): SpError {
  return new SpError(API_ERROR_CODES.malformedBody, `The request body was malformed: ${reason}`)
}

export function unknownFields(where: string, unknown: string[], known: string[]): SpError {
  const names = unknown.map((k) => JSON.stringify(k)).join(', ')
  return new SpError(API_ERROR_CODES.invalidBody, `unknown ${where}${unknown.length > 1 ? 's' : ''} ${names} (known: ${known.join(', ')})`, {unknown})
}
