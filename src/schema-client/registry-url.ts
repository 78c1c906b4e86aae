import {registryUrlError} from './errors.js'
import {parseServerUrl} from '../client/server-url.js'

export interface RegistryRoot {
  /** server root without `/api` and without a trailing slash, e.g. http://127.0.0.1:9090 */
  root: string
  /** set when we fixed the URL for the user (e.g. a trailing `/api`), to tell them */
  note?: string
}

/**
 * igluctl's rules for the server URI (scheme added when missing, trailing `/` stripped, sub-path
 * kept), plus one of its classic traps defused: resolver configs need `/api` at the end, igluctl
 * (and sp) must not have it, so a trailing `/api` is removed and the user told why. The same
 * reading as `--url` of sp events / tail / assert (src/client/server-url.ts).
 */
export function parseRegistryUrl(value: string, flag = '--url'): RegistryRoot {
  return parseServerUrl(value, flag, (reason) => registryUrlError(value, reason))
}
