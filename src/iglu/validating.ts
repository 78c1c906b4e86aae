import type {IgluClient, SchemaKey, ValidateResult} from './types.js'

/** One validation a processing step needs before it can go on. */
export interface ValidationRequest {
  key: SchemaKey
  data: unknown
}

/**
 * A processing step written as a generator that yields each validation it needs and receives the
 * ValidateResult. One implementation serves both the hot path (every schema cached: answered
 * synchronously, no promise per event) and the cold one (a schema must be resolved first).
 */
export type Validating<T> = Generator<ValidationRequest, T, ValidateResult>

/**
 * Runs `steps` with `iglu`'s answers: synchronously while the client can answer from its cache,
 * switching to awaiting `iglu.validate` at the first request it cannot. The answers are exactly
 * those of `iglu.validate` either way.
 */
export function runValidating<T>(steps: Validating<T>, iglu: IgluClient): T | Promise<T> {
  const canAnswerCached = iglu.validateCached !== undefined
  let step = steps.next()
  while (!step.done) {
    const request = step.value
    const hot = canAnswerCached ? iglu.validateCached!(request.key, request.data) : undefined
    if (hot === undefined) return continueAsync(steps, iglu, request)
    step = steps.next(hot)
  }
  return step.value
}

async function continueAsync<T>(steps: Validating<T>, iglu: IgluClient, pending: ValidationRequest): Promise<T> {
  let step = steps.next(await iglu.validate(pending.key, pending.data))
  while (!step.done) step = steps.next(await iglu.validate(step.value.key, step.value.data))
  return step.value
}

/**
 * Runs `steps` again over input whose every validation already passed once (a stored payload
 * whose events were accepted, read back to rebuild what was not stored): each request is answered
 * valid without a lookup, so replaying needs no Iglu client and never waits.
 */
export function runAccepted<T>(steps: Validating<T>): T {
  let step = steps.next()
  while (!step.done) step = steps.next({ok: true, key: step.value.key})
  return step.value
}
