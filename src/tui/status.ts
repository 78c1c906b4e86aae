import type {EventStatus} from '../client/types.js'

/** Each status has a symbol as well as a colour, so output reads the same without colour. */
export const STATUS_MARK: Readonly<Record<EventStatus, string>> = {good: '✓', bad: '✗', incomplete: '◐'}
export const STATUS_COLOR: Readonly<Record<EventStatus, 'green' | 'red' | 'yellow'>> = {good: 'green', bad: 'red', incomplete: 'yellow'}
