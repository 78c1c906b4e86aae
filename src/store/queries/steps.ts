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

/** Event row ids per step of a scan by id range that reads only indexed columns: milliseconds. */
export const SCAN_SPAN = 4096
/** Rows per step of a scan that reads each row's stored text (a free-text filter, ~10 µs a row): ~5 ms. */
export const TEXT_SCAN_SPAN = 512
/** Rows per step of a scan that derives a field from the stored TSV (column statistics, ~80 µs a row): ~5 ms. */
export const FIELD_SCAN_SPAN = 64
