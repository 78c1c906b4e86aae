import {LruCache} from '../iglu/lru-cache.js'

/** What a lookup gave: a body, or the error message Enrich would report. */
export type LookupResult = {ok: true; value: unknown} | {ok: false; error: string}

/**
 * A TTL + LRU cache of lookups by key, as Enrich's `CachingEvaluator`: successes are kept for
 * `ttlSeconds`, failures for a tenth of it; concurrent events asking for one key share one request,
 * and an answer in hand is given synchronously (no promise per event once cached).
 */
export class LookupCache {
  private readonly entries: LruCache<string, {result: Promise<LookupResult>; settled?: LookupResult; expires: number}> | null

  constructor(
    size: number,
    private readonly ttlSeconds: number,
  ) {
    this.entries = size > 0 ? new LruCache(size) : null
  }

  /** A fresh answer already in hand: the caller can go on synchronously, without awaiting. */
  settled(key: string): LookupResult | undefined {
    const hit = this.entries?.get(key)
    return hit !== undefined && hit.expires > Date.now() ? hit.settled : undefined
  }

  get(key: string, load: () => Promise<LookupResult>): Promise<LookupResult> {
    if (this.entries === null) return load()
    const now = Date.now()
    const hit = this.entries.get(key)
    if (hit !== undefined && hit.expires > now) return hit.result
    const entry: {result: Promise<LookupResult>; settled?: LookupResult; expires: number} = {result: load(), expires: now + this.ttlSeconds * 1000}
    this.entries.set(key, entry)
    void entry.result.then((r) => {
      entry.settled = r
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
