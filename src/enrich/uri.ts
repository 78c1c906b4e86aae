/** The parts of a page or referrer URL enrich stores (`ConversionUtils.explodeUri`). */
export interface UriParts {
  /** the URI as re-stringified (spaces → %20, as enrich's `stringToUri`) */
  uri: string
  scheme: string | null
  host: string | null
  port: number
  path: string | null
  query: string | null
  fragment: string | null
}

// RFC 3986 appendix B, the same split java.net.URI makes for the hierarchical URIs trackers send.
const SPLIT = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/s

const orNull = (s: string | undefined): string | null => (s === undefined || s === '' ? null : s)

/**
 * Splits a URL into scheme, host, port (80/443 when absent), raw path, query and fragment, with ""
 * → null (`http://x.com` has a null path). Returns null when the text is not a URI at all.
 */
export function explodeUri(text: string): UriParts | null {
  const uri = text.includes(' ') ? text.replace(/ /g, '%20') : text
  const m = SPLIT.exec(uri)
  if (!m) return null
  const scheme = orNull(m[1])
  let host: string | null = null
  let port = -1
  const authority = m[2]
  if (authority !== undefined) {
    const at = authority.lastIndexOf('@')
    let hostPort = at >= 0 ? authority.slice(at + 1) : authority
    if (hostPort.startsWith('[')) {
      const end = hostPort.indexOf(']')
      host = hostPort.slice(0, end + 1)
      hostPort = hostPort.slice(end + 1)
      if (hostPort.startsWith(':') && /^\d+$/.test(hostPort.slice(1))) port = Number(hostPort.slice(1))
    } else {
      const colon = hostPort.lastIndexOf(':')
      if (colon >= 0 && /^\d+$/.test(hostPort.slice(colon + 1))) {
        port = Number(hostPort.slice(colon + 1))
        hostPort = hostPort.slice(0, colon)
      } else if (colon >= 0 && colon === hostPort.length - 1) {
        hostPort = hostPort.slice(0, colon)
      }
      host = orNull(hostPort)
    }
  }
  if (port === -1) port = scheme === 'https' ? 443 : 80
  return {uri, scheme, host, port, path: orNull(m[3]), query: orNull(m[4]), fragment: orNull(m[5])}
}
