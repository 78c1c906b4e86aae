/** The collector's 1×1 transparent GIF (43 bytes). */
export const PIXEL = Buffer.from('R0lGODlhAQABAPAAAP///wAAACH5BAUAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64')

export const PIXEL_CACHE_CONTROL = 'no-cache, no-store, must-revalidate'

export const ROBOTS_TXT = `User-agent: *
Disallow: /

User-agent: Googlebot
Disallow: /

User-agent: AdsBot-Google
Disallow: /
`

export const CORS_ALLOW_HEADERS = 'Content-Type, SP-Anonymous'
export const CORS_MAX_AGE_SECONDS = 3600

/** Access-Control-Allow-Origin: the first origin of the Origin header (scheme://host[:port]), else `*`. */
export function allowOrigin(origin: string | undefined): string {
  if (!origin) return '*'
  const first = origin.split(' ')[0]
  const match = /^([a-z][a-z0-9+.-]*:\/\/[^/\s]+)/i.exec(first)
  return match ? match[1] : '*'
}
