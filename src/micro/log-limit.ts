/**
 * At most one line per `intervalMs` for each kind of message (its text up to the first colon):
 * a full disk turns every tracking request into a failure, and one stderr line each (tens of
 * thousands a minute) drowns everything else. The first line of a burst is written at once; the
 * next one says how many were left out.
 */
export function rateLimitedLog(log: (line: string) => void, intervalMs = 10_000, now: () => number = Date.now): (line: string) => void {
  const kinds = new Map<string, {until: number; suppressed: number}>()
  return (line) => {
    const kind = line.split(':')[0]!.replace(/\?\S*/g, '').slice(0, 200)
    const t = now()
    const state = kinds.get(kind)
    if (state !== undefined && t < state.until) {
      state.suppressed++
      return
    }
    const suppressed = state?.suppressed ?? 0
    if (kinds.size > 1000) kinds.clear()
    kinds.set(kind, {until: t + intervalMs, suppressed: 0})
    log(suppressed > 0 ? `${line} (${suppressed} more like it in the last ${Math.round(intervalMs / 1000)} s were not logged)` : line)
  }
}
