import type {CommittedEvent} from '../store/types.js'
import {invalidOption} from '../collector/errors.js'
import {formatEventLine, type OutputFormat} from './event-writer.js'

/**
 * Micro's `-d/--destination URI` (with `-t` or `-j`): instead of stdout, each collector payload's
 * enriched events (good and incomplete) are POSTed in one request, one line per event joined by
 * `\n` with no trailing newline, `Content-Type: text/tab-separated-values` (TSV) or
 * `application/json` (lossy JSON). The answer is not looked at; a request that fails is logged
 * (`[WARN] EventLog - Failed to send data to destination <uri>: <reason>`) and not retried, and the
 * events stay stored either way. Requests run in the background, after the commit.
 */
export const CONTENT_TYPES: Record<OutputFormat, string> = {tsv: 'text/tab-separated-values', json: 'application/json'}

/** Micro's rules for the flag combination, and an absolute http(s) URL. */
export function checkDestination(url: string, format: OutputFormat | null): URL {
  if (format === null) throw invalidOption('--destination requires either --output-tsv or --output-json')
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw invalidOption(`Invalid --destination ${JSON.stringify(url)}: expected an http(s) URL such as http://localhost:8080/events`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalidOption(`Invalid --destination ${JSON.stringify(url)}: only http and https URLs are supported`)
  }
  return parsed
}

/** Per POST to `-d/--destination`, answer included. */
export const DESTINATION_TIMEOUT_MS = 10_000

export interface DestinationSender {
  (events: readonly CommittedEvent[]): void
  /** resolves when the requests started so far have ended (used at shutdown) */
  drain(): Promise<void>
}

export function createDestinationSender(url: string, format: OutputFormat, log: (line: string) => void, timeoutMs = DESTINATION_TIMEOUT_MS): DestinationSender {
  const pending = new Set<Promise<void>>()
  const send = (body: string) => {
    // a destination that accepts and never answers must not hold requests (or shutdown) forever
    const request = fetch(url, {method: 'POST', headers: {'content-type': CONTENT_TYPES[format]}, body, signal: AbortSignal.timeout(timeoutMs)})
      .then(async (response) => {
        await response.arrayBuffer().catch(() => undefined)
      })
      .catch((error: unknown) => {
        const cause = (error as {cause?: {message?: string}}).cause?.message
        log(`[WARN] EventLog - Failed to send data to destination ${url}: ${cause ?? (error as Error).message}`)
      })
      .finally(() => pending.delete(request))
    pending.add(request)
  }
  const sender = ((events: readonly CommittedEvent[]) => {
    // one request per collector payload, as Micro's sink receives them
    const byPayload = new Map<number, string[]>()
    for (const event of events) {
      const line = formatEventLine(event, format)
      if (line === null) continue
      const lines = byPayload.get(event.payloadId) ?? []
      lines.push(line)
      byPayload.set(event.payloadId, lines)
    }
    for (const lines of byPayload.values()) send(lines.join('\n'))
  }) as DestinationSender
  sender.drain = async () => {
    while (pending.size > 0) await Promise.all([...pending])
  }
  return sender
}
