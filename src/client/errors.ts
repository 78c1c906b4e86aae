import {SpError} from '../errors/sp-error.js'

/** Failures talking to a running `sp micro` (mapped to exit code 2 by src/cli/exit-codes.ts). */
export const CLIENT_ERROR_CODES = {
  /** nothing answers at the URL (refused, DNS, reset) */
  unreachable: 'CLIENT_UNREACHABLE',
  /** the server answered with an unexpected status */
  http: 'CLIENT_HTTP_ERROR',
  /** the server answered something that is not the documented shape */
  malformed: 'CLIENT_MALFORMED_RESPONSE',
  /** a URL, duration or filter given by the user is unusable */
  invalidInput: 'CLIENT_INVALID_INPUT',
} as const

export function unreachable(url: string, cause: unknown): SpError {
  const reason = causeText(cause)
  return new SpError(
    CLIENT_ERROR_CODES.unreachable,
    `Cannot reach sp micro at ${url} (${reason}). Is \`sp micro\` running? Set --url or SP_URL to where it listens.`,
    {url, cause: reason},
  )
}

export function httpError(method: string, url: string, status: number, body: string): SpError {
  const detail = body.trim() === '' ? '' : `: ${body.trim().slice(0, 500)}`
  const hint = status === 404 ? ' (is this an sp micro with its /micro API enabled?)' : ''
  return new SpError(CLIENT_ERROR_CODES.http, `${method} ${url} answered ${status}${hint}${detail}`, {status, body})
}

export function malformedResponse(url: string, what: string): SpError {
  return new SpError(CLIENT_ERROR_CODES.malformed, `${url} answered something that is not ${what}; is this an sp micro?`, {url})
}

export function invalidInput(message: string): SpError {
  return new SpError(CLIENT_ERROR_CODES.invalidInput, message)
}

/** The innermost reason of a fetch failure (`ECONNREFUSED 127.0.0.1:9090`, not `fetch failed`). */
function causeText(cause: unknown): string {
  let e: unknown = cause
  for (let i = 0; i < 5 && e instanceof Error && e.cause !== undefined; i++) e = e.cause
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code
    return code !== undefined && !e.message.includes(code) ? `${code}: ${e.message}` : e.message
  }
  return String(e)
}
