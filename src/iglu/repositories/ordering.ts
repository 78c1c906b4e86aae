import type {Repository} from '../types.js'

/**
 * iglu-scala-client's `Resolver.prioritize`: ascending by (no vendor prefix matches, class
 * priority, priority). Prefixes are plain string prefixes of the vendor. The sort is stable, so
 * ties keep configuration order.
 */
export function prioritize<R extends Repository>(repositories: readonly R[], vendor: string): R[] {
  const rank = (r: R) => (r.vendorPrefixes.some((p) => vendor.startsWith(p)) ? 0 : 1)
  return repositories
    .map((r, i) => ({r, i, miss: rank(r)}))
    .sort((a, b) => a.miss - b.miss || a.r.classPriority - b.r.classPriority || a.r.priority - b.r.priority || a.i - b.i)
    .map((x) => x.r)
}
