import {SpError} from '../errors/sp-error.js'

export const EVENT_ERROR_CODES = {
  UNKNOWN_FIELD: 'EVENT_UNKNOWN_FIELD',
  TSV_FIELD_COUNT: 'EVENT_TSV_FIELD_COUNT',
  TSV_VALUE: 'EVENT_TSV_VALUE',
} as const

export type EventErrorCode = keyof typeof EVENT_ERROR_CODES

export function eventError(code: EventErrorCode, message: string, details?: unknown): SpError {
  return new SpError(EVENT_ERROR_CODES[code], message, details)
}
