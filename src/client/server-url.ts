/**
 * One reading of "the server a command talks to" for every command: `127.0.0.1:9090` gets
 * `http://`, trailing slashes go, and a path that names one of the server's own route prefixes
 * (`/micro`, `/api`) is the server root plus a mistake, fixed and explained in `note`.
 */
export interface ServerUrl {
  /** e.g. http://127.0.0.1:9090 (a sub-path kept, no trailing slash) */
  root: string
  note?: string
}

export function parseServerUrl(value: string, flag: string, fail: (reason: string) => Error): ServerUrl {
  const trimmed = value.trim()
  if (trimmed === '') throw fail('it is empty')
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    throw fail('it is not a URL (expected e.g. http://127.0.0.1:9090)')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fail('use http:// or https://')
  const root = `${url.origin}${url.pathname}`.replace(/\/+$/, '')
  const suffix = /\/(micro|api)$/i.exec(root)
  if (suffix === null) return {root}
  const fixed = root.slice(0, -suffix[0].length)
  const why =
    suffix[1]!.toLowerCase() === 'api'
      ? 'sp adds /api itself (like igluctl). (Resolver configs are the other way round: their Iglu Server URI must end in /api.)'
      : 'sp adds /micro/... itself.'
  return {root: fixed, note: `${flag} ends in ${suffix[0]}; ${why} Using ${fixed}.`}
}
