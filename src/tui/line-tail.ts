import type {MicroClient} from '../client/micro-client.js'
import {followStream, type ConnectionStatus} from '../client/stream.js'
import type {EventFilter, StreamEvent} from '../client/types.js'
import {formatEventJsonLine, formatEventLine} from './line-format.js'

export interface LineTailOptions {
  filter: EventFilter
  last?: number
  since?: string
  json: boolean
  color: boolean
  signal: AbortSignal
  write(line: string): void
  /** connection notices (stderr), only on changes so logs stay readable */
  notice(line: string): void
}

/** `sp tail` without the TUI: one line (or NDJSON object) per event until `signal` aborts. */
export async function runLineTail(client: MicroClient, options: LineTailOptions): Promise<void> {
  let wasConnected = false
  let reportedDown = false
  await followStream(client, {
    filter: options.filter,
    last: options.last,
    since: options.since,
    signal: options.signal,
    onEvent(event: StreamEvent) {
      options.write((options.json ? formatEventJsonLine(event) : formatEventLine(event, {color: options.color})) + '\n')
    },
    onStatus(status: ConnectionStatus) {
      if (status.state === 'connected') {
        if (reportedDown || !wasConnected) options.notice(`sp tail: ${reportedDown ? 'reconnected to' : 'following'} ${client.url}`)
        wasConnected = true
        reportedDown = false
      } else if (status.state === 'disconnected' && !reportedDown) {
        options.notice(`sp tail: disconnected from ${client.url} (${status.reason ?? 'connection lost'}); reconnecting…`)
        reportedDown = true
      }
    },
  })
}
