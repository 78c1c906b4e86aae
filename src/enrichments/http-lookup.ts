import {LruCache} from '../iglu/lru-cache.js'

/** What a lookup gave: a body, or the error message Enrich would report. */
export type LookupResult = {ok: true; value: unknown} | {ok: false; error: string}

/**
 * A TTL + LRU cache of lookups by key, as Enrich's `CachingEvaluator`: successes are kept for
 * `ttlSeconds`, failures for a tenth of it; concurrent events asking for one key share one request.
 */
export class LookupCache {
  private readonly entries: LruCache<string, {result: Promise<LookupResult>; expires: number}> | null

  constructor(
    size: number,
    private readonly ttlSeconds: number,
  ) {
    this.entries = size > 0 ? new LruCache(size) : null
  }

  get(key: string, load: () => Promise<LookupResult>): Promise<LookupResult> {
    if (this.entries === null) return load()
    const now = Date.now()
    const hit = this.entries.get(key)
    if (hit !== undefined && hit.expires > now) return hit.result
    const entry = {result: load(), expires: now + this.ttlSeconds * 1000}
    this.entries.set(key, entry)
    void entry.result.then((r) => {
      if (!r.ok) entry.expires = now + (this.ttlSeconds * 1000) / 10
    })
    return entry.result
  }
}

/** Java's `URLEncoder.encode(s, "UTF-8")`: letters, digits and `.-*_` kept, space → `+`, the rest %XX. */
export function javaUrlEncode(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, '+')
}
