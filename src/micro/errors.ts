import {SpError} from '../errors/sp-error.js'

export const MICRO_ERROR_CODES = {
  portInUse: 'PORT_IN_USE',
  listenFailed: 'LISTEN_FAILED',
  /** two flags that cannot work together (the message says which and why) */
  flagConflict: 'MICRO_FLAG_CONFLICT',
} as const

export function flagConflict(message: string): SpError {
  return new SpError(MICRO_ERROR_CODES.flagConflict, message)
}

export function listenError(error: unknown, host: string, port: number): SpError {
  const code = (error as {code?: unknown} | null)?.code
  if (code === 'EADDRINUSE') {
    return new SpError(
      MICRO_ERROR_CODES.portInUse,
      `Port ${port} on ${host} is already in use (is another sp micro running?). Stop it or choose another port with --port.`,
      {port, host},
    )
  }
  const reason = error instanceof Error ? error.message : String(error)
  return new SpError(MICRO_ERROR_CODES.listenFailed, `Cannot listen on ${host}:${port}: ${reason}`, {port, host})
}
