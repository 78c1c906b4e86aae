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
export type Validating<T> = Generator<ValidationRequest | PendingWork, T, ValidateResult>

/**
 * Asynchronous work a step must wait for (an enrichment's HTTP lookup): the runner awaits it and
 * resumes the step; the step reads the outcome from where the promise left it. Only configured
 * enrichments yield these, so the steady state without them stays synchronous.
 */
export interface PendingWork {
  pending: Promise<unknown>
}

/** What the runner sends back after a PendingWork (steps ignore it). */
const WORK_DONE: ValidateResult = {ok: true, key: {vendor: '', name: '', format: '', version: {model: 0, revision: 0, addition: 0}}}

/** Yields `work` and waits for it inside a Validating step. */
export function* awaitWork<T>(work: Promise<T>): Validating<T> {
  let result!: T
  yield {pending: work.then((v) => void (result = v))}
  return result
}

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
    if ('pending' in request) return continueAsync(steps, iglu, request)
    const hot = canAnswerCached ? iglu.validateCached!(request.key, request.data) : undefined
    if (hot === undefined) return continueAsync(steps, iglu, request)
    step = steps.next(hot)
  }
  return step.value
}

async function continueAsync<T>(steps: Validating<T>, iglu: IgluClient, first: ValidationRequest | PendingWork): Promise<T> {
  let step = steps.next(await answer(first, iglu))
  while (!step.done) step = steps.next(await answer(step.value, iglu))
  return step.value
}

async function answer(request: ValidationRequest | PendingWork, iglu: IgluClient): Promise<ValidateResult> {
  if ('pending' in request) {
    await request.pending
    return WORK_DONE
  }
  return iglu.validate(request.key, request.data)
}

/**
 * Runs `steps` again over input whose every validation already passed once (a stored payload
 * whose events were accepted, read back to rebuild what was not stored): each request is answered
 * valid without a lookup, so replaying needs no Iglu client and never waits.
 */
export function runAccepted<T>(steps: Validating<T>): T {
  let step = steps.next()
  while (!step.done) {
    const request = step.value
    if ('pending' in request) throw new Error('runAccepted: a replayed step cannot wait for asynchronous work')
    step = steps.next({ok: true, key: request.key})
  }
  return step.value
}
