import {useCallback, useEffect, useMemo, useRef, useState} from 'react'
import {api, type BadEvent, type ColumnStats, type EventsPage, type SchemaEntry, type TimelinePoint} from './api.js'
import {cellText, type Json, type LossyEvent} from './event-data.js'
import {useLiveStream, type StreamEvent} from './live.js'
import {isStringList, load, save, copyText} from './storage.js'
import {
  activeFilters,
  DEFAULT_COLUMNS,
  describeTime,
  emptyView,
  hasActiveFilters,
  parseViewQuery,
  TIME_PRESETS,
  timeRange,
  viewQuery,
  type Status,
  type TimeFilter,
  type ViewState,
} from './view.js'
import {Timeline, timelineBuckets} from './components/Timeline.js'
import {EventsTable, type Sorting} from './components/EventsTable.js'
import {ColumnPicker} from './components/ColumnPicker.js'
import {EventPanel, ValuePanel} from './components/EventPanel.js'
import {BadRequestPanel, BadRequests} from './components/BadRequests.js'
import {SchemaPanel, SchemasView} from './components/SchemasView.js'

const PAGE_SIZE = 50
const COLUMNS_KEY = 'sp.ui.columns'
/** Live updates re-read the page at most this often, however fast events arrive. */
const REFRESH_EVERY_MS = 400
const SCHEMAS_EVERY_MS = 5000
const REQUESTS_SHOWN = 100

type Tab = 'events' | 'requests' | 'schemas'
type Panel = {kind: 'value'; title: string; value: Json} | {kind: 'event'; event: LossyEvent} | null

function initialView(): ViewState {
  const stored = load(COLUMNS_KEY, isStringList, DEFAULT_COLUMNS)
  const fromUrl = parseViewQuery(window.location.search)
  if (fromUrl === null) return emptyView(stored)
  // a link carrying only filters keeps the columns this browser shows
  return fromUrl.columns.length > 0 ? fromUrl : {...fromUrl, columns: stored}
}

const toLocalInput = (iso?: string) => {
  if (!iso) return ''
  const d = new Date(iso)
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16)
}
const fromLocalInput = (value: string) => (value === '' ? undefined : new Date(value).toISOString())

/** The view's time range, ending at `end` at the latest. */
function boundedRange(range: {start?: string; end?: string} | null, end: string | null): {start?: string; end?: string} | null {
  if (end === null) return range
  if (range?.end !== undefined && Date.parse(range.end) < Date.parse(end)) return range
  return {...range, end}
}

function TimeControl(props: {time: TimeFilter | null; onChange: (time: TimeFilter | null) => void}) {
  const mode = props.time === null ? 'any' : props.time.kind === 'relative' ? String(props.time.minutes) : 'range'
  const presets = TIME_PRESETS.includes(props.time?.kind === 'relative' ? props.time.minutes : 0) || mode === 'any' || mode === 'range' ? TIME_PRESETS : [...TIME_PRESETS, Number(mode)]
  return (
    <div className="time-control">
      <label>
        <span className="sr-only">Time</span>
        <select
          aria-label="Time filter"
          value={mode}
          onChange={(e) => {
            const v = e.target.value
            if (v === 'any') props.onChange(null)
            else if (v === 'range') props.onChange({kind: 'absolute', start: new Date(Date.now() - 3_600_000).toISOString()})
            else props.onChange({kind: 'relative', minutes: Number(v)})
          }}
        >
          <option value="any">Any time</option>
          {presets.map((m) => (
            <option key={m} value={String(m)}>
              Last {m} min
            </option>
          ))}
          <option value="range">Time range…</option>
        </select>
      </label>
      {props.time?.kind === 'absolute' && (
        <span className="range">
          <input
            type="datetime-local"
            aria-label="From"
            value={toLocalInput(props.time.start)}
            onChange={(e) => props.onChange({kind: 'absolute', start: fromLocalInput(e.target.value), end: (props.time as {end?: string}).end})}
          />
          <span>–</span>
          <input
            type="datetime-local"
            aria-label="To"
            value={toLocalInput(props.time.end)}
            onChange={(e) => props.onChange({kind: 'absolute', start: (props.time as {start?: string}).start, end: fromLocalInput(e.target.value)})}
          />
        </span>
      )}
    </div>
  )
}

const SHORTCUTS: [string, string][] = [
  ['j / ↓', 'next event'],
  ['k / ↑', 'previous event'],
  ['Enter', 'open or close the selected event'],
  ['Esc', 'close the panel'],
  ['] / [', 'next / previous page'],
  ['p', 'pause or resume live updates'],
  ['c', 'pick columns'],
  ['1 2 3', 'events, rejected requests, schemas'],
  ['?', 'this help'],
]

export function App() {
  const [view, setView] = useState<ViewState>(initialView)
  const [tab, setTab] = useState<Tab>('events')
  const [page, setPageState] = useState(1)
  // past page 1 the pages hold still (Micro's refresh bound): events newer than this are left out
  // until the user goes back to the newest, and counted meanwhile
  const [pinnedEnd, setPinnedEnd] = useState<string | null>(null)
  const [newer, setNewer] = useState(0)
  const setPage = (next: number) => {
    if (next > 1 && pinnedEnd === null) setPinnedEnd(new Date().toISOString())
    if (next <= 1) {
      setPinnedEnd(null)
      setNewer(0)
    }
    setPageState(Math.max(1, next))
  }
  const [sorting, setSorting] = useState<Sorting>(null)
  const [data, setData] = useState<EventsPage>({events: [], totalPages: 1, totalItems: 0})
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string | null>(null)
  const [timeline, setTimeline] = useState<TimelinePoint[]>([])
  const [available, setAvailable] = useState<string[] | null>(null)
  const [stats, setStats] = useState<Record<string, ColumnStats>>({})
  const [requests, setRequests] = useState<BadEvent[]>([])
  const [schemas, setSchemas] = useState<SchemaEntry[] | null>(null)
  // the open event is kept as read: live updates may push it off the page, the panel stays
  const [selected, setSelected] = useState<LossyEvent | null>(null)
  const [selectedRequest, setSelectedRequest] = useState<number | null>(null)
  const [selectedSchema, setSelectedSchema] = useState<string | null>(null)
  const [panel, setPanel] = useState<Panel>(null)
  const [picking, setPicking] = useState(false)
  const [help, setHelp] = useState(false)
  const [menu, setMenu] = useState(false)
  const [paused, setPaused] = useState(false)
  const [pending, setPending] = useState(0)
  const [badSeen, setBadSeen] = useState(0)
  const [refreshKey, setRefreshKey] = useState(0)
  const [toast, setToast] = useState<string | null>(null)
  const lastRefresh = useRef(0)
  const refreshTimer = useRef(0)

  const refresh = useCallback(() => {
    const wait = lastRefresh.current + REFRESH_EVERY_MS - Date.now()
    if (refreshTimer.current !== 0) return
    refreshTimer.current = window.setTimeout(
      () => {
        refreshTimer.current = 0
        lastRefresh.current = Date.now()
        setRefreshKey((k) => k + 1)
      },
      Math.max(0, wait),
    )
  }, [])

  const pausedRef = useRef(paused)
  pausedRef.current = paused
  const pinnedRef = useRef(pinnedEnd)
  pinnedRef.current = pinnedEnd
  const {connected} = useLiveStream((events: StreamEvent[]) => {
    const bad = events.filter((e) => e.status === 'bad').length
    if (bad > 0) setBadSeen((n) => n + bad)
    if (pausedRef.current) setPending((n) => n + events.length)
    else refresh()
    if (pinnedRef.current !== null) setNewer((n) => n + events.length - bad)
  })

  // the view lives in the address bar too, so a reload or a copied address keeps it
  useEffect(() => {
    const query = viewQuery(view)
    window.history.replaceState(null, '', `${window.location.pathname}${query ? `?${query}` : ''}`)
    save(COLUMNS_KEY, view.columns)
  }, [view])

  const request = useMemo(
    () => ({
      filters: activeFilters(view),
      validEvents: view.status === 'all' ? null : view.status === 'valid',
      sorting,
      page,
      pageSize: PAGE_SIZE,
    }),
    [view, sorting, page],
  )

  useEffect(() => {
    let stale = false
    setLoading(true)
    api
      .events({...request, timeRange: boundedRange(timeRange(view.time, Date.now()), pinnedEnd)})
      .then((result) => {
        if (stale) return
        setData(result)
        setError(null)
        if (page > result.totalPages) setPage(result.totalPages)
      })
      .catch((e: Error) => !stale && setError(e.message))
      .finally(() => !stale && setLoading(false))
    return () => {
      stale = true
    }
  }, [request, refreshKey, pinnedEnd])

  useEffect(() => {
    api.timeline(timelineBuckets(Date.now())).then((t) => setTimeline(t.points), () => {})
  }, [refreshKey])

  // the column list and the filters' values read the newest events (costly in a big store): they
  // are fetched when the picker or a filter opens, not on every live update
  useEffect(() => {
    if (picking) api.columns().then(setAvailable, () => setAvailable([]))
  }, [picking])
  const loadStats = useCallback(() => {
    if (view.columns.length > 0) api.columnStats(view.columns).then(setStats, () => {})
  }, [view.columns])
  useEffect(loadStats, [loadStats])

  useEffect(() => {
    if (tab === 'requests') api.badRequests(REQUESTS_SHOWN).then(setRequests, () => {})
  }, [tab, refreshKey])

  // the schema list counts over every stored event (0.2 s at 100,000): live updates re-read it at
  // most every 5 s, opening the view at once
  const schemasRead = useRef({at: 0, tab})
  useEffect(() => {
    const opened = schemasRead.current.tab !== tab
    schemasRead.current.tab = tab
    if (tab !== 'schemas') return
    const wait = opened ? 0 : Math.max(0, schemasRead.current.at + SCHEMAS_EVERY_MS - Date.now())
    const timer = window.setTimeout(() => {
      schemasRead.current.at = Date.now()
      api.schemas().then((s) => setSchemas(s.schemas), () => setSchemas([]))
    }, wait)
    return () => window.clearTimeout(timer)
  }, [tab, refreshKey])

  const changeView = (next: Partial<ViewState>) => {
    setView((v) => ({...v, ...next}))
    setPage(1)
  }
  const selectedIndex = selected === null ? -1 : data.events.findIndex((e) => cellText(e.event_id) === cellText(selected.event_id))
  const selectRow = (i: number | null) => {
    setPanel(null)
    setSelected(i === null ? null : (data.events[i] ?? null))
  }
  const closePanel = () => {
    setPanel(null)
    setSelected(null)
    setSelectedRequest(null)
    setSelectedSchema(null)
  }
  const flash = (text: string) => {
    setToast(text)
    window.setTimeout(() => setToast(null), 2000)
  }
  const resume = () => {
    setPaused(false)
    setPending(0)
    refresh()
  }
  const copyView = async () => {
    const query = viewQuery(view)
    const url = `${window.location.origin}${window.location.pathname}${query ? `?${query}` : ''}`
    flash((await copyText(url)) ? 'View URL copied' : url)
  }
  const deleteAll = async () => {
    setMenu(false)
    if (!window.confirm('Delete all events? This cannot be undone.')) return
    await api.reset()
    closePanel()
    setBadSeen(0)
    setPage(1)
    refresh()
    flash('All events deleted')
  }

  const keys = useRef<(e: KeyboardEvent) => void>(() => {})
  keys.current = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement
    if (e.ctrlKey || e.metaKey || e.altKey || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName)) return
    const rows = tab === 'events' ? data.events.length : tab === 'requests' ? requests.length : 0
    const current = tab === 'events' ? selectedIndex : (selectedRequest ?? -1)
    const select = (i: number) => (tab === 'events' ? selectRow(i) : setSelectedRequest(i))
    switch (e.key) {
      case 'j':
      case 'ArrowDown':
        if (rows > 0) select(Math.min(current + 1, rows - 1))
        break
      case 'k':
      case 'ArrowUp':
        if (rows > 0) select(Math.max(current - 1, 0))
        break
      case 'Enter':
        if (target.tagName === 'BUTTON' || target.tagName === 'A') return
        if (current >= 0) closePanel()
        else if (rows > 0) select(0)
        break
      case 'Escape':
        setPicking(false)
        setHelp(false)
        setMenu(false)
        closePanel()
        break
      case ']':
        setPage(Math.min(page + 1, data.totalPages))
        break
      case '[':
        setPage(Math.max(page - 1, 1))
        break
      case 'p':
        if (paused) resume()
        else setPaused(true)
        break
      case 'c':
        setPicking((v) => !v)
        break
      case '1':
      case '2':
      case '3':
        closePanel()
        setTab((['events', 'requests', 'schemas'] as const)[Number(e.key) - 1]!)
        break
      case '?':
        setHelp((v) => !v)
        break
      default:
        return
    }
    e.preventDefault()
  }
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => keys.current(e)
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const selectedRange = view.time?.kind === 'absolute' ? view.time : null
  const filtersOn = hasActiveFilters(view)

  return (
    <div className="app">
      <header className="top">
        <h1>
          sp micro <span className="muted">events</span>
        </h1>
        <nav className="tabs" aria-label="Views">
          <button type="button" aria-current={tab === 'events'} onClick={() => (closePanel(), setTab('events'))}>
            Events
          </button>
          <button type="button" aria-current={tab === 'requests'} onClick={() => (closePanel(), setTab('requests'))}>
            Rejected requests{badSeen > 0 ? <span className="count">{badSeen}</span> : null}
          </button>
          <button type="button" aria-current={tab === 'schemas'} onClick={() => (closePanel(), setTab('schemas'))}>
            Schemas
          </button>
        </nav>
        <div className="actions">
          <button
            type="button"
            className={`live${paused ? ' paused' : ''}${connected ? ' on' : ''}`}
            aria-pressed={!paused}
            title={paused ? 'Resume live updates (p)' : 'Pause live updates (p)'}
            onClick={() => (paused ? resume() : setPaused(true))}
          >
            <span className="dot" aria-hidden />
            {paused ? `Paused${pending > 0 ? ` · ${pending} new` : ''}` : connected ? 'Live' : 'Connecting…'}
          </button>
          <button type="button" onClick={copyView}>
            Copy view URL
          </button>
          <button type="button" aria-expanded={picking} onClick={() => setPicking(!picking)}>
            Pick columns
          </button>
          <div className="menu-wrap">
            <button type="button" className="icon" aria-label="More actions" aria-expanded={menu} onClick={() => setMenu(!menu)}>
              ⋮
            </button>
            {menu && (
              <div className="popover menu" role="menu">
                <button type="button" role="menuitem" className="danger" onClick={deleteAll}>
                  Delete all events
                </button>
                <button type="button" role="menuitem" onClick={() => (setMenu(false), setHelp(true))}>
                  Keyboard shortcuts
                </button>
              </div>
            )}
          </div>
        </div>
      </header>

      <div className="main">
        <main className="content">
          {tab === 'events' && (
            <>
              <div className="toolbar">
                <label>
                  <span className="sr-only">Status</span>
                  <select aria-label="Status filter" value={view.status} onChange={(e) => changeView({status: e.target.value as Status})}>
                    <option value="all">All events</option>
                    <option value="valid">Valid only</option>
                    <option value="failed">Failed only</option>
                  </select>
                </label>
                <TimeControl time={view.time} onChange={(time) => changeView({time})} />
                {filtersOn && (
                  <button type="button" title={`${describeTime(view.time)}; ${activeFilters(view).map((f) => `${f.column}: ${f.values.join(', ')}`).join('; ')}`} onClick={() => changeView({filters: {}, status: 'all', time: null})}>
                    Reset filters
                  </button>
                )}
                <span className="muted total" aria-live="polite">
                  {data.totalItems.toLocaleString()} events
                </span>
              </div>
              <Timeline points={timeline} selected={selectedRange} onSelect={(range) => changeView({time: range === null ? null : {kind: 'absolute', ...range}})} />
              {error && <p className="error">{error}</p>}
              <EventsTable
                events={data.events}
                columns={view.columns}
                stats={stats}
                filters={view.filters}
                onFilter={(column, values) => changeView({filters: {...view.filters, [column]: values}})}
                onOpenFilter={loadStats}
                sorting={sorting}
                onSort={(s) => (setSorting(s), setPage(1))}
                selectedRow={selectedIndex >= 0 ? selectedIndex : null}
                onSelectRow={selectRow}
                onOpenValue={(title, value) => (setSelected(null), setPanel({kind: 'value', title, value}))}
                loading={loading}
              />
              <nav className="pager" aria-label="Pages">
                <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                  ‹ Newer
                </button>
                {newer > 0 && (
                  <button type="button" onClick={() => setPage(1)}>
                    {newer} new since · back to the newest
                  </button>
                )}
                <span>
                  Page {page} of {data.totalPages}
                </span>
                <button type="button" disabled={page >= data.totalPages} onClick={() => setPage(page + 1)}>
                  Older ›
                </button>
              </nav>
            </>
          )}
          {tab === 'requests' && <BadRequests requests={requests} limit={REQUESTS_SHOWN} selected={selectedRequest} onSelect={setSelectedRequest} />}
          {tab === 'schemas' && <SchemasView schemas={schemas} selected={selectedSchema} onSelect={setSelectedSchema} />}
        </main>

        {tab === 'events' && selected && <EventPanel event={selected} onClose={closePanel} />}
        {tab === 'requests' && selectedRequest !== null && requests[selectedRequest] && (
          <BadRequestPanel bad={requests[selectedRequest]} onClose={closePanel} />
        )}
        {tab === 'schemas' && selectedSchema !== null && panel === null && (
          <SchemaPanel uri={selectedSchema} onClose={closePanel} onOpenEvent={(event) => setPanel({kind: 'event', event})} />
        )}
        {panel?.kind === 'value' && <ValuePanel title={panel.title} value={panel.value} onClose={closePanel} />}
        {panel?.kind === 'event' && <EventPanel event={panel.event} onClose={() => setPanel(null)} />}
        {picking && (
          <ColumnPicker
            available={available}
            selected={view.columns}
            onChange={(columns) => changeView({columns})}
            onReset={() => changeView({columns: [...DEFAULT_COLUMNS]})}
            onClose={() => setPicking(false)}
          />
        )}
      </div>

      {help && (
        <div className="modal" role="dialog" aria-label="Keyboard shortcuts" onClick={() => setHelp(false)}>
          <dl>
            {SHORTCUTS.map(([key, what]) => (
              <div key={key}>
                <dt>
                  <kbd>{key}</kbd>
                </dt>
                <dd>{what}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
      {toast && (
        <div className="toast" role="status">
          {toast}
        </div>
      )}
    </div>
  )
}
