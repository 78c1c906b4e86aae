import React, {useEffect, useReducer, useState} from 'react'
import {Box, Text, useApp, useInput, useStdout} from 'ink'
import {eventSchema, shortError} from '../client/error-messages.js'
import type {ConnectionStatus} from '../client/stream.js'
import type {EventLookup, PostgresLoaderStatus, StreamEvent} from '../client/types.js'
import {detailLines} from './detail-lines.js'
import {wrapLine, type Line} from './highlight.js'
import {clockTime, shortSchema, utcOffset} from './line-format.js'
import {initialState, reduce, visibleEvents, type TailState, type View} from './state.js'
import {STATUS_COLOR, STATUS_MARK} from './status.js'

/** Where events come from: subscribe and get an unsubscribe function (the live stream in sp tail). */
export type EventSource = (handlers: {onEvents(events: StreamEvent[]): void; onStatus(status: ConnectionStatus): void}) => () => void

export interface TailAppProps {
  url: string
  source: EventSource
  /** the full event for the detail pane (GET /micro/event/{id}) */
  lookup(eventId: string): Promise<EventLookup | null>
  color: boolean
  view?: View
  query?: string
  /** the PostgreSQL loader's status (GET /micro/loader), polled for a header line; null = no loader */
  loader?: () => Promise<PostgresLoaderStatus | null>
  /** terminal size when the stdout cannot say (tests) */
  rows?: number
  columns?: number
}

/** Text that is coloured only when colour is on: the status symbol always carries the meaning. */
function C(props: {color: boolean; c?: string; bold?: boolean; dim?: boolean; inverse?: boolean; children: React.ReactNode}) {
  return (
    <Text color={props.color ? props.c : undefined} bold={props.bold} dimColor={props.color ? props.dim : false} inverse={props.inverse}>
      {props.children}
    </Text>
  )
}

function useTerminalSize(fallbackRows?: number, fallbackColumns?: number): {rows: number; columns: number} {
  const {stdout} = useStdout()
  const read = () => ({rows: stdout.rows ?? fallbackRows ?? 24, columns: stdout.columns ?? fallbackColumns ?? 80})
  const [size, setSize] = useState(read)
  useEffect(() => {
    const onResize = () => setSize(read())
    stdout.on('resize', onResize)
    return () => {
      stdout.off('resize', onResize)
    }
  }, [stdout])
  return {rows: fallbackRows ?? size.rows, columns: fallbackColumns ?? size.columns}
}

function connectionText(s: ConnectionStatus): {text: string; c: string} {
  if (s.state === 'connected') return {text: '● live', c: 'green'}
  if (s.state === 'connecting') return {text: s.attempt === 0 ? '○ connecting…' : `○ reconnecting (attempt ${s.attempt + 1})…`, c: 'yellow'}
  return {text: `✗ disconnected: ${s.reason ?? 'connection lost'}; retrying`, c: 'red'}
}

/** Below this width the counts drop their words, so the view and filter still fit at 80 columns. */
const WIDE_HEADER = 120

/** Connection, counts, view, filter and pause first; the URL last, as it matters least once running. */
function Header({state, url, color, columns}: {state: TailState; url: string; color: boolean; columns: number}) {
  const conn = connectionText(state.connection)
  const wide = columns >= WIDE_HEADER
  return (
    <Box>
      <Text wrap="truncate-end">
        <C color={color} bold>sp tail </C>
        <C color={color} c={conn.c}>{conn.text}</C>
        {'  '}
        <C color={color} c="green">✓ {state.counts.good}{wide ? ' good' : ''}</C>
        {'  '}
        <C color={color} c="red">✗ {state.counts.bad}{wide ? ' bad' : ''}</C>
        {'  '}
        <C color={color} c="yellow">◐ {state.counts.incomplete}{wide ? ' incomplete' : ''}</C>
        {'  '}view: {state.view}
        {state.query !== '' ? `  filter: "${state.query}"` : ''}
        {state.paused ? <C color={color} c="yellow" bold>{`  ⏸ paused (${state.held.length} new)`}</C> : ''}
        <C color={color} dim>{`  times ${utcOffset()}  ${url}`}</C>
      </Text>
    </Box>
  )
}

const LOADER_POLL_MS = 2000

/** Polls the loader status while mounted; null until known, or when sp micro has no --postgres. */
function useLoaderStatus(poll: TailAppProps['loader']): PostgresLoaderStatus | null {
  const [status, setStatus] = useState<PostgresLoaderStatus | null>(null)
  useEffect(() => {
    if (!poll) return
    let live = true
    let timer: NodeJS.Timeout | undefined
    const tick = () => {
      poll()
        .then((s) => live && setStatus(s))
        .catch(() => {}) // the stream's connection line already says when sp micro is unreachable
        .finally(() => {
          if (live) timer = setTimeout(tick, LOADER_POLL_MS)
        })
    }
    tick()
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [poll])
  return status
}

/** `postgres ● loaded, lag 0 (row 1234)` or `postgres ✗ retrying, lag 30: connect ECONNREFUSED` */
function LoaderLine({status, color}: {status: PostgresLoaderStatus; color: boolean}) {
  const failing = status.state === 'retrying'
  const mark = failing ? '✗' : status.lag === 0 ? '●' : '○'
  const c = failing ? 'red' : status.lag === 0 ? 'green' : 'yellow'
  return (
    <Box>
      <Text wrap="truncate-end">
        <C color={color} bold>postgres </C>
        <C color={color} dim>{status.target} </C>
        <C color={color} c={c}>{`${mark} ${status.state}, lag ${status.lag}`}</C>
        {`  ${status.loaded} loaded (row ${status.cursor})`}
        {status.rejected > 0 ? <C color={color} c="red">{`  ${status.rejected} refused`}</C> : ''}
        {failing && status.lastError ? <C color={color} c="red">{`: ${status.lastError}`}</C> : ''}
      </Text>
    </Box>
  )
}

function pad(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width)
}

/**
 * Column widths for a terminal `columns` wide. What matters most stays: time, status, event type,
 * schema, then one last column that says what happened (a good event) or what went wrong (a
 * failure); app_id only when there is room for it (error first, then app_id). Narrow terminals
 * drop the milliseconds.
 */
export function rowWidths(columns: number): {time: number; status: number; event: number; schema: number; app: number} {
  if (columns >= 150) return {time: 12, status: 12, event: 12, schema: 44, app: 10}
  if (columns >= 110) return {time: 12, status: 12, event: 12, schema: 34, app: 0}
  if (columns >= 95) return {time: 8, status: 12, event: 10, schema: 30, app: 0}
  return {time: 8, status: 12, event: 10, schema: 24, app: 0}
}

function Row({event, selected, color, columns}: {event: StreamEvent; selected: boolean; color: boolean; columns: number}) {
  const w = rowWidths(columns)
  const failed = event.status !== 'good'
  const schema = eventSchema(event)
  const detail = failed ? shortError(event.errors, schema) : (event.what ?? '')
  const head = `${pad(clockTime(event.collectorTstamp, true).slice(0, w.time), w.time)} `
  const app = w.app > 0 ? `${pad(event.appId ?? '-', w.app)} ` : ''
  const rest = ` ${pad(event.eventType ?? '-', w.event)} ${pad(shortSchema(schema), w.schema)} ${app}`
  const used = head.length + w.status + rest.length
  return (
    <Text wrap="truncate-end" inverse={selected}>
      <C color={color} dim>{head}</C>
      <C color={color} c={STATUS_COLOR[event.status]}>{pad(`${STATUS_MARK[event.status]} ${event.status}`, w.status)}</C>
      {rest}
      <C color={color} c={failed ? STATUS_COLOR[event.status] : undefined}>{pad(detail, Math.max(0, columns - used))}</C>
    </Text>
  )
}

function List({state, color, rows, columns}: {state: TailState; color: boolean; rows: number; columns: number}) {
  const visible = visibleEvents(state)
  const height = Math.max(1, rows)
  const cursor = state.selected === null ? visible.length - 1 : Math.min(state.selected, visible.length - 1)
  // follow: the newest at the bottom; scrolled: keep the cursor in the window
  const start = state.selected === null ? Math.max(0, visible.length - height) : Math.max(0, Math.min(cursor - Math.floor(height / 2), visible.length - height))
  const slice = visible.slice(start, start + height)
  return (
    <Box flexDirection="column" height={height}>
      {visible.length === 0 ? (
        <C color={color} dim>
          {state.events.length === 0 ? 'Waiting for events…' : 'No events match the view / filter (a: all, / then Enter on an empty line: no filter).'}
        </C>
      ) : (
        slice.map((e, i) => <Row key={e.id} event={e} selected={state.selected !== null && start + i === cursor} color={color} columns={columns} />)
      )}
    </Box>
  )
}

function LineView({line, color}: {line: Line; color: boolean}) {
  return (
    <Text wrap="truncate-end">
      {line.length === 0 ? ' ' : line.map((s, i) => (
        <C key={i} color={color} c={s.color} bold={s.bold} dim={s.dim}>
          {s.text}
        </C>
      ))}
    </Text>
  )
}

function Detail({event, lookup, color, rows, columns, offset}: {event: StreamEvent; lookup: EventLookup | null | undefined; color: boolean; rows: number; columns: number; offset: number}) {
  const lines = detailLines(event, lookup).flatMap((l) => wrapLine(l, columns))
  const height = Math.max(1, rows)
  const top = Math.max(0, Math.min(offset, lines.length - height))
  return (
    <Box flexDirection="column" height={height}>
      {lines.slice(top, top + height).map((l, i) => (
        <LineView key={top + i} line={l} color={color} />
      ))}
    </Box>
  )
}

const HELP: Array<[string, string]> = [
  ['↑ ↓  j k', 'move (moving to the newest follows again)'],
  ['Enter', 'open / close the event details'],
  ['Esc', 'close details, help or the filter prompt; follow the newest'],
  ['g  b  a', 'show good / bad and incomplete / all events'],
  ['/', 'filter by schema, event name or any text (Enter applies, empty clears)'],
  ['p', 'pause / resume (new events are kept and shown on resume)'],
  ['c', 'clear the view and the counts'],
  ['?', 'this help'],
  ['q  Ctrl-C', 'quit'],
]

function Help({color}: {color: boolean}) {
  return (
    <Box flexDirection="column">
      <C color={color} bold>Keys</C>
      {HELP.map(([k, d]) => (
        <Text key={k}>
          <C color={color} c="cyan">{k.padEnd(12)}</C>
          {d}
        </Text>
      ))}
      <Text> </Text>
      <Text>Status: ✓ good, ✗ bad (failed before enrich), ◐ incomplete (failed validation or an enrichment).</Text>
    </Box>
  )
}

function Footer({state, color}: {state: TailState; color: boolean}) {
  if (state.draft !== null) {
    return (
      <Text>
        <C color={color} c="cyan">/</C>
        {state.draft}
        <Text inverse> </Text>
        <C color={color} dim>   Enter apply · Esc cancel</C>
      </Text>
    )
  }
  const hint = state.detail !== null ? '↑↓ jk scroll · Enter/Esc back · q quit' : '↑↓ jk move · Enter details · g/b/a good/bad/all · / filter · p pause · c clear · ? help · q quit'
  return (
    <Text wrap="truncate-end">
      <C color={color} dim>{hint}</C>
      {state.selected !== null && state.detail === null ? <C color={color} c="yellow">{'  (scrolled: Esc follows)'}</C> : ''}
    </Text>
  )
}

/** The full-screen `sp tail`: header with counts, the live list or one event's details, key hints. */
export function TailApp(props: TailAppProps) {
  const {exit} = useApp()
  const [state, dispatch] = useReducer(reduce, initialState({view: props.view, query: props.query}))
  const [lookups, setLookups] = useState<Map<string, EventLookup | null>>(() => new Map())
  const {rows, columns} = useTerminalSize(props.rows, props.columns)
  const loader = useLoaderStatus(props.loader)
  const bodyRows = Math.max(1, rows - 3 - (loader ? 1 : 0))

  useEffect(
    () =>
      props.source({
        onEvents: (events) => dispatch({type: 'events', events}),
        onStatus: (status) => dispatch({type: 'connection', status}),
      }),
    [props.source],
  )

  const detailId = state.detail?.eventId ?? null
  useEffect(() => {
    if (detailId === null || lookups.has(detailId)) return
    let live = true
    props
      .lookup(detailId)
      .catch(() => null)
      .then((found) => {
        if (live) setLookups((m) => new Map(m).set(detailId, found))
      })
    return () => {
      live = false
    }
  }, [detailId])

  useInput((input, key) => dispatch({type: 'key', input, key, pageRows: bodyRows}))
  useEffect(() => {
    if (state.quit) exit()
  }, [state.quit])

  const detailLookup = state.detail === null ? undefined : state.detail.eventId === null ? null : lookups.get(state.detail.eventId)
  return (
    <Box flexDirection="column" width={columns}>
      <Header state={state} url={props.url} color={props.color} columns={columns} />
      {loader ? <LoaderLine status={loader} color={props.color} /> : null}
      <C color={props.color} dim>{'─'.repeat(Math.max(0, columns))}</C>
      {state.help ? (
        <Box height={bodyRows} flexDirection="column">
          <Help color={props.color} />
        </Box>
      ) : state.detail !== null ? (
        <Detail event={state.detail} lookup={detailLookup} color={props.color} rows={bodyRows} columns={columns} offset={state.detailOffset} />
      ) : (
        <List state={state} color={props.color} rows={bodyRows} columns={columns} />
      )}
      <Footer state={state} color={props.color} />
    </Box>
  )
}
