/**
 * Runs long reads (counts over a big store, timeline buckets, column statistics, stream catch-up)
 * as a series of short synchronous steps, round-robin between requests, spending at most
 * `budgetMs` per event-loop turn before yielding to I/O. SQLite calls are synchronous: a read of
 * half a million rows in one go would stop the collector and every other request for seconds.
 * With the steps interleaved, health checks and trackers wait at most one turn's budget plus one
 * step, whatever the abusive requests ask for.
 */
import type {Steps} from '../store/queries/index.js'

interface Task {
  steps: Steps<unknown>
  signal?: AbortSignal
  resolve(value: unknown): void
  reject(error: unknown): void
}

export const DEFAULT_TURN_BUDGET_MS = 4

export class WorkSlicer {
  private readonly tasks: Task[] = []
  private scheduled = false

  constructor(private readonly budgetMs: number = DEFAULT_TURN_BUDGET_MS) {}

  /** Tasks not finished yet. */
  get pending(): number {
    return this.tasks.length
  }

  /** Runs `steps` to the end between other work; an aborted `signal` drops the task (rejects). */
  run<T>(steps: Steps<T>, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.tasks.push({steps, signal, resolve: resolve as (value: unknown) => void, reject})
      this.schedule()
    })
  }

  private schedule(): void {
    if (this.scheduled || this.tasks.length === 0) return
    this.scheduled = true
    setImmediate(() => this.turn())
  }

  private turn(): void {
    this.scheduled = false
    const started = performance.now()
    while (this.tasks.length > 0 && performance.now() - started < this.budgetMs) {
      const task = this.tasks.shift()!
      if (task.signal?.aborted) {
        task.steps.return(undefined)
        task.reject(task.signal.reason)
        continue
      }
      let result: IteratorResult<void, unknown>
      try {
        result = task.steps.next()
      } catch (error) {
        task.reject(error)
        continue
      }
      if (result.done) task.resolve(result.value)
      else this.tasks.push(task)
    }
    this.schedule()
  }
}
