/**
 * Tracker-protocol base64 (`cx`, `ue_px`). Trackers send the URL-safe alphabet without padding;
 * enrich (commons-codec) accepts both alphabets, optional padding, and skips anything else without
 * failing, so garbage decodes to (possibly empty) text and fails later as JSON.
 */
export function decodeBase64Lenient(text: string): string {
  return Buffer.from(text, 'base64').toString('utf8')
}

/** What the JS tracker sends: UTF-8 → base64, `=` stripped, `+`→`-`, `/`→`_`. */
export function encodeBase64UrlSafe(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url')
}

/**
 * What Enrich writes when it re-encodes a `cx` (commons-codec `new Base64(true)`, then trimmed):
 * URL-safe, unpadded, in MIME lines of 76 characters separated by CRLF.
 */
export function encodeBase64Mime(text: string): string {
  const flat = encodeBase64UrlSafe(text)
  if (flat.length <= 76) return flat
  const lines: string[] = []
  for (let i = 0; i < flat.length; i += 76) lines.push(flat.slice(i, i + 76))
  return lines.join('\r\n')
}
