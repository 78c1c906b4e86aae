/**
 * A long read split into short synchronous steps (each `yield` is a point where the caller may
 * let the event loop serve other requests). src/api/work-slicer.ts interleaves them; code that
 * has no event loop to protect (tests, the CLI) drains them with runToEnd.
 */
export type Steps<T> = Generator<void, T, void>

export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next()
    if (next.done) return next.value
  }
}

/** Event row ids per step of a scan by id range: a few milliseconds of SQLite work each. */
export const SCAN_SPAN = 4096
