import React from 'react'
import {render} from 'ink'
import type {MicroClient} from '../client/micro-client.js'
import {followStream} from '../client/stream.js'
import type {EventFilter, EventStatus, StreamEvent} from '../client/types.js'
import {colorEnabled} from '../cli/event-flags.js'
import {TailApp, type EventSource} from './app.js'
import type {View} from './state.js'

export interface TuiOptions {
  filter: EventFilter
  /** the statuses asked for (empty = all): they choose the first view */
  statuses: EventStatus[]
  last?: number
  since?: string
  signal: AbortSignal
}

/** Batches stream events per tick so a replay of thousands renders once, not thousands of times. */
function streamSource(client: MicroClient, options: TuiOptions, fatal: (error: unknown) => void): EventSource {
  return ({onEvents, onStatus}) => {
    const controller = new AbortController()
    const stop = () => controller.abort()
    options.signal.addEventListener('abort', stop, {once: true})
    let batch: StreamEvent[] = []
    let scheduled = false
    followStream(client, {
      filter: options.filter,
      last: options.last,
      since: options.since,
      signal: controller.signal,
      onStatus,
      onEvent(event) {
        batch.push(event)
        if (scheduled) return
        scheduled = true
        setImmediate(() => {
          scheduled = false
          const events = batch
          batch = []
          onEvents(events)
        })
      },
    }).catch(fatal)
    return () => {
      options.signal.removeEventListener('abort', stop)
      controller.abort()
    }
  }
}

/**
 * Full-screen `sp tail` on the alternate screen; resolves when the user quits (or `signal` aborts).
 * Rejects with the stream's fatal error (e.g. a filter the server refuses).
 */
export async function runTui(client: MicroClient, options: TuiOptions): Promise<void> {
  let failure: unknown
  const initialView: View | undefined =
    options.statuses.length === 1 && options.statuses[0] === 'good' ? 'good' : options.statuses.length > 0 && !options.statuses.includes('good') ? 'bad' : undefined
  const loadStatus = () => client.loader(options.signal)
  process.stdout.write('\u001B[?1049h\u001B[H')
  const app = render(
    <TailApp
      url={client.url}
      source={streamSource(client, options, (error) => {
        failure = error
        app.unmount()
      })}
      lookup={(id) => client.event(id)}
      loader={loadStatus}
      color={colorEnabled(process.stdout)}
      view={initialView}
    />,
    {exitOnCtrlC: true},
  )
  const onAbort = () => app.unmount()
  options.signal.addEventListener('abort', onAbort, {once: true})
  try {
    await app.waitUntilExit()
  } finally {
    options.signal.removeEventListener('abort', onAbort)
    process.stdout.write('\u001B[?1049l')
  }
  if (failure !== undefined) throw failure
}
