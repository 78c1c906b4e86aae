import {registryUrlError} from './errors.js'

export interface RegistryRoot {
  /** server root without `/api` and without a trailing slash, e.g. http://127.0.0.1:9090 */
  root: string
  /** set when we fixed the URL for the user (e.g. a trailing `/api`), to tell them */
  note?: string
}

/**
 * igluctl's rules for the server URI (scheme added when missing, trailing `/` stripped, sub-path
 * kept), plus one of its classic traps defused: resolver configs need `/api` at the end, igluctl
 * (and sp) must not have it, so a trailing `/api` is removed and the user told why.
 */
export function parseRegistryUrl(value: string): RegistryRoot {
  const trimmed = value.trim()
  if (trimmed === '') throw registryUrlError(value, 'it is empty')
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    throw registryUrlError(value, 'it is not a URL (expected e.g. http://127.0.0.1:9090)')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw registryUrlError(value, 'use http:// or https://')
  let root = `${url.origin}${url.pathname}`.replace(/\/+$/, '')
  let note: string | undefined
  if (/\/api$/i.test(root)) {
    root = root.replace(/\/api$/i, '')
    note =
      `--registry ends in /api; sp adds /api itself (like igluctl), so it uses ${root}. ` +
      '(Resolver configs are the other way round: their Iglu Server URI must end in /api.)'
  }
  return note ? {root, note} : {root}
}
