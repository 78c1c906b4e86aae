import type {LookupError, LookupHistory, ResolutionError} from './types.js'

/** The per-repository history of a failed lookup, accumulated across attempts (LookupHistory). */
export class LookupHistories {
  private readonly byRepo = new Map<string, {errors: LookupError[]; attempts: number; lastAttempt: number}>()

  record(repository: string, error: LookupError, at: number): void {
    const h = this.byRepo.get(repository)
    if (h === undefined) {
      this.byRepo.set(repository, {errors: [error], attempts: 1, lastAttempt: at})
      return
    }
    h.attempts += 1
    h.lastAttempt = at
    // errors is a Set in iglu-scala-client: the same failure twice is one entry
    if (!h.errors.some((e) => sameError(e, error))) h.errors.push(error)
  }

  get size(): number {
    return this.byRepo.size
  }

  attemptsOf(repository: string): number {
    return this.byRepo.get(repository)?.attempts ?? 0
  }

  /** Highest attempt count (drives the retry backoff). */
  maxAttempts(): number {
    let n = 0
    for (const h of this.byRepo.values()) n = Math.max(n, h.attempts)
    return n
  }

  /** True when every repository answered NotFound (cached until TTL, not retried sooner). */
  onlyNotFound(): boolean {
    for (const h of this.byRepo.values()) {
      if (h.errors.some((e) => e.error !== 'NotFound')) return false
    }
    return true
  }

  toError(): ResolutionError {
    return {error: 'ResolutionError', lookupHistory: this.toHistory()}
  }

  /** Sorted by repository name, as the SortedMap in ResolutionError. */
  toHistory(): LookupHistory[] {
    return [...this.byRepo.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([repository, h]) => ({errors: h.errors.map((e) => ({...e})), attempts: h.attempts, lastAttempt: new Date(h.lastAttempt).toISOString(), repository}))
  }
}

function sameError(a: LookupError, b: LookupError): boolean {
  return a.error === b.error && (a as {message?: string}).message === (b as {message?: string}).message
}

