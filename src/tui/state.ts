import {eventSchema} from '../client/error-messages.js'
import type {ConnectionStatus} from '../client/stream.js'
import type {EventStatus, StreamEvent} from '../client/types.js'

export type View = 'all' | 'good' | 'bad'

/** Everything the tail screen shows, changed only through `reduce` (so keys are testable without a terminal). */
export interface TailState {
  /** received events, oldest first (capped at `maxEvents`) */
  events: StreamEvent[]
  /** counts since start or the last clear: the header */
  counts: Record<EventStatus, number>
  view: View
  /** the `/` filter (schema, event name or free text) */
  query: string
  /** the `/` prompt while typing, else null */
  draft: string | null
  /** row in the visible list; null = follow the newest */
  selected: number | null
  paused: boolean
  /** events that arrived while paused: shown on resume */
  held: StreamEvent[]
  /** the event whose details are open, else null */
  detail: StreamEvent | null
  help: boolean
  /** first line shown in the detail pane */
  detailOffset: number
  /** the user asked to quit */
  quit: boolean
  connection: ConnectionStatus
  maxEvents: number
}

export type Action =
  | {type: 'events'; events: StreamEvent[]}
  | {type: 'connection'; status: ConnectionStatus}
  | {type: 'move'; by: number; visible: number}
  | {type: 'follow'}
  | {type: 'view'; view: View}
  | {type: 'startFilter'}
  | {type: 'draft'; text: string}
  | {type: 'commitFilter'}
  | {type: 'cancelFilter'}
  | {type: 'togglePause'}
  | {type: 'clear'}
  | {type: 'openDetail'}
  | {type: 'closeDetail'}
  | {type: 'toggleHelp'}
  | {type: 'key'; input: string; key: KeyPress; pageRows: number}

/** The keys that matter here, as ink's useInput reports them. */
export interface KeyPress {
  upArrow?: boolean
  downArrow?: boolean
  pageUp?: boolean
  pageDown?: boolean
  return?: boolean
  escape?: boolean
  backspace?: boolean
  delete?: boolean
  ctrl?: boolean
  meta?: boolean
}

export function initialState(options: {view?: View; query?: string; maxEvents?: number} = {}): TailState {
  return {
    events: [],
    counts: {good: 0, bad: 0, incomplete: 0},
    view: options.view ?? 'all',
    query: options.query ?? '',
    draft: null,
    selected: null,
    paused: false,
    held: [],
    detail: null,
    help: false,
    detailOffset: 0,
    quit: false,
    connection: {state: 'connecting', attempt: 0},
    maxEvents: options.maxEvents ?? 5000,
  }
}

/** Whether `e` is shown under the view and the `/` filter (schema, event name, app, id, errors). */
export function isVisible(state: Pick<TailState, 'view' | 'query'>, e: StreamEvent): boolean {
  if (state.view === 'good' && e.status !== 'good') return false
  if (state.view === 'bad' && e.status === 'good') return false
  const q = state.query.trim().toLowerCase()
  if (q === '') return true
  const haystack = [e.eventType, eventSchema(e), e.appId, e.eventId, e.status, ...e.contexts, ...e.errors].filter((v) => v !== null).join('\n').toLowerCase()
  return haystack.includes(q)
}

export function visibleEvents(state: TailState): StreamEvent[] {
  return state.events.filter((e) => isVisible(state, e))
}

/** The event under the cursor (the newest when following). */
export function selectedEvent(state: TailState): StreamEvent | undefined {
  const visible = visibleEvents(state)
  return state.selected === null ? visible[visible.length - 1] : visible[Math.min(state.selected, visible.length - 1)]
}

function append(state: TailState, events: StreamEvent[]): TailState {
  const counts = {...state.counts}
  for (const e of events) counts[e.status]++
  let all = state.events.concat(events)
  let selected = state.selected
  if (all.length > state.maxEvents) {
    const drop = all.length - state.maxEvents
    // keep the cursor on the same event when old ones fall off the top
    if (selected !== null) selected = Math.max(0, selected - all.slice(0, drop).filter((e) => isVisible(state, e)).length)
    all = all.slice(drop)
  }
  return {...state, events: all, counts, selected}
}

export function reduce(state: TailState, action: Action): TailState {
  switch (action.type) {
    case 'events':
      if (action.events.length === 0) return state
      if (state.paused) return {...state, held: state.held.concat(action.events)}
      return append(state, action.events)
    case 'connection':
      return {...state, connection: action.status}
    case 'move': {
      if (action.visible === 0) return state
      const current = state.selected ?? action.visible - 1
      const next = Math.max(0, Math.min(action.visible - 1, current + action.by))
      // moving onto the newest row means following again
      return {...state, selected: next === action.visible - 1 && action.by > 0 ? null : next}
    }
    case 'follow':
      return {...state, selected: null}
    case 'view':
      return {...state, view: action.view, selected: null}
    case 'startFilter':
      return {...state, draft: state.query}
    case 'draft':
      return {...state, draft: action.text}
    case 'commitFilter':
      return {...state, query: state.draft ?? state.query, draft: null, selected: null}
    case 'cancelFilter':
      return {...state, draft: null}
    case 'togglePause':
      if (state.paused) return append({...state, paused: false, held: []}, state.held)
      return {...state, paused: true}
    case 'clear':
      return {...state, events: [], held: [], counts: {good: 0, bad: 0, incomplete: 0}, selected: null, detail: null}
    case 'openDetail':
      return {...state, detail: selectedEvent(state) ?? null, detailOffset: 0}
    case 'closeDetail':
      return {...state, detail: null}
    case 'toggleHelp':
      return {...state, help: !state.help}
    case 'key':
      return onKey(state, action.input, action.key, action.pageRows)
  }
}

/** Deletes the word before the end (and the spaces after it), as Ctrl-W in a shell. */
function deleteWord(text: string): string {
  return text.replace(/\S*\s*$/, '')
}

/**
 * The `/` filter prompt. A terminal hands over what arrived in one read: pasted or fast text,
 * text and Enter together, several backspaces. ink only decodes a read that is one key, so a
 * longer one is applied here character by character. Ctrl-U clears, Ctrl-W deletes a word.
 */
function onPromptKey(state: TailState, draft: string, input: string, key: KeyPress): TailState {
  if (key.return) return reduce({...state, draft}, {type: 'commitFilter'})
  if (key.escape && input === '') return reduce(state, {type: 'cancelFilter'})
  if (key.backspace || key.delete) return {...state, draft: draft.slice(0, -1)}
  if (key.ctrl) {
    if (input === 'u') return {...state, draft: ''}
    if (input === 'w') return {...state, draft: deleteWord(draft)}
    return state
  }
  if (key.meta && input.length <= 1) return state
  let text = draft
  for (const ch of input) {
    if (ch === '\r' || ch === '\n') return reduce({...state, draft: text}, {type: 'commitFilter'})
    if (ch === '\u007F' || ch === '\b') text = text.slice(0, -1)
    else if (ch === '\u0015') text = ''
    else if (ch === '\u0017') text = deleteWord(text)
    else if (ch === '\u001B') return reduce(state, {type: 'cancelFilter'})
    else if (ch >= ' ') text += ch
  }
  return {...state, draft: text}
}

/**
 * Keys are interpreted against the current state inside the reducer, not in a render-time closure:
 * keys typed faster than the screen re-renders (or pasted) still land where they belong.
 */
function onKey(state: TailState, input: string, key: KeyPress, pageRows: number): TailState {
  if (state.draft !== null) return onPromptKey(state, state.draft, input, key)
  if (input === 'q' || (key.ctrl && input === 'c')) return {...state, quit: true}
  if (state.help) return {...state, help: false}
  if (state.detail !== null) {
    if (key.return || key.escape) return reduce(state, {type: 'closeDetail'})
    if (key.downArrow || input === 'j') return {...state, detailOffset: state.detailOffset + 1}
    if (key.upArrow || input === 'k') return {...state, detailOffset: Math.max(0, state.detailOffset - 1)}
    if (key.pageDown || input === ' ') return {...state, detailOffset: state.detailOffset + pageRows}
    if (key.pageUp) return {...state, detailOffset: Math.max(0, state.detailOffset - pageRows)}
    return state
  }
  const visible = visibleEvents(state).length
  if (key.downArrow || input === 'j') return reduce(state, {type: 'move', by: 1, visible})
  if (key.upArrow || input === 'k') return reduce(state, {type: 'move', by: -1, visible})
  if (key.pageDown) return reduce(state, {type: 'move', by: pageRows, visible})
  if (key.pageUp) return reduce(state, {type: 'move', by: -pageRows, visible})
  if (key.return) return reduce(state, {type: 'openDetail'})
  if (key.escape) return reduce(state, {type: 'follow'})
  switch (input) {
    case 'g':
      return reduce(state, {type: 'view', view: 'good'})
    case 'b':
      return reduce(state, {type: 'view', view: 'bad'})
    case 'a':
      return reduce(state, {type: 'view', view: 'all'})
    case '/':
      return reduce(state, {type: 'startFilter'})
    case 'p':
      return reduce(state, {type: 'togglePause'})
    case 'c':
      return reduce(state, {type: 'clear'})
    case '?':
      return reduce(state, {type: 'toggleHelp'})
    default:
      return state
  }
}
