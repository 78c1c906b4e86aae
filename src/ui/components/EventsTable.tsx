import {useEffect, useRef, useState} from 'react'
import type {ColumnStats} from '../api.js'
import {cellText, cellValue, failureErrors, type Json, type LossyEvent} from '../event-data.js'
import {TIMESTAMP_COLUMN} from '../view.js'
import {FilterMenu} from './FilterMenu.js'

export type Sorting = {column: string; desc: boolean} | null

export interface TableProps {
  events: LossyEvent[]
  columns: string[]
  stats: Record<string, ColumnStats>
  filters: Record<string, string[]>
  onFilter: (column: string, values: string[]) => void
  /** a filter menu opened: its values are worth re-reading */
  onOpenFilter: () => void
  sorting: Sorting
  onSort: (sorting: Sorting) => void
  selectedRow: number | null
  onSelectRow: (index: number | null) => void
  onOpenValue: (title: string, value: Json) => void
  loading: boolean
}

function nextSorting(current: Sorting, column: string): Sorting {
  if (current?.column !== column) return {column, desc: true}
  return current.desc ? {column, desc: false} : null
}

function SortButton(props: {column: string; sorting: Sorting; onSort: (s: Sorting) => void; label: string}) {
  const state = props.sorting?.column === props.column ? (props.sorting.desc ? 'descending' : 'ascending') : 'none'
  return (
    <button type="button" className="sort" aria-sort={state} title={`Sort by ${props.column}`} onClick={() => props.onSort(nextSorting(props.sorting, props.column))}>
      {props.label} <span aria-hidden>{state === 'descending' ? '▼' : state === 'ascending' ? '▲' : '↕'}</span>
    </button>
  )
}

function StatusCell(props: {event: LossyEvent; onOpen: () => void}) {
  const errors = failureErrors(props.event)
  if (errors.length === 0) return <span className="badge valid">Valid</span>
  // the first error in the row itself; all of them (with the values sent) in the panel
  return (
    <button
      type="button"
      className="status-failed"
      title={errors.map((e) => e.message).join('\n')}
      onClick={(e) => {
        e.stopPropagation()
        props.onOpen()
      }}
    >
      <span className="badge failed">
        Failed · {errors[0]!.failureType}
        {errors.length > 1 ? ` +${errors.length - 1}` : ''}
      </span>
      <span className="inline-error">{errors[0]!.message}</span>
    </button>
  )
}

function Cell(props: {event: LossyEvent; column: string; onOpenValue: TableProps['onOpenValue']}) {
  const value = cellValue(props.event, props.column)
  const text = cellText(value)
  if (value !== null && typeof value === 'object') {
    return (
      <button
        type="button"
        className="cell-json"
        title="Show this value"
        onClick={(e) => {
          e.stopPropagation()
          props.onOpenValue(props.column, value)
        }}
      >
        {text}
      </button>
    )
  }
  if (value === null || value === undefined) return <span className="muted">{value === null ? 'null' : ''}</span>
  return <span title={text}>{text}</span>
}

const FUNNEL = (
  <svg width="12" height="12" viewBox="0 0 16 16" aria-hidden>
    <path d="M1 2h14l-5.5 6.5V14l-3-1.5V8.5z" fill="currentColor" />
  </svg>
)

/** Events, newest first: the time and status columns are always there, then the chosen columns. */
export function EventsTable(props: TableProps) {
  const [filtering, setFiltering] = useState<string | null>(null)
  const body = useRef<HTMLTableSectionElement>(null)
  useEffect(() => {
    if (props.selectedRow === null) return
    body.current?.children[props.selectedRow]?.scrollIntoView({block: 'nearest'})
  }, [props.selectedRow])
  return (
    <div className={`table-wrap${props.loading ? ' loading' : ''}`}>
      <table className="events">
        <thead>
          <tr>
            <th className="fixed-col">
              <SortButton column={TIMESTAMP_COLUMN} label="Time" sorting={props.sorting} onSort={props.onSort} />
            </th>
            <th className="fixed-col">Status</th>
            {props.columns.map((column) => {
              const stats = props.stats[column]
              const selected = props.filters[column] ?? []
              return (
                <th key={column} data-column={column}>
                  <div className="th">
                    {stats?.sortable ? (
                      <SortButton column={column} label={column} sorting={props.sorting} onSort={props.onSort} />
                    ) : (
                      <span className="col-name">{column}</span>
                    )}
                    {stats?.filterable && (
                      <button
                        type="button"
                        className={`icon filter${selected.length > 0 ? ' active' : ''}`}
                        aria-label={`Filter ${column}`}
                        aria-expanded={filtering === column}
                        onClick={() => {
                          if (filtering !== column) props.onOpenFilter()
                          setFiltering(filtering === column ? null : column)
                        }}
                      >
                        {FUNNEL}{selected.length > 0 ? <sup>{selected.length}</sup> : null}
                      </button>
                    )}
                  </div>
                  {filtering === column && (
                    <FilterMenu
                      column={column}
                      known={stats?.values ?? []}
                      selected={selected}
                      onChange={(values) => props.onFilter(column, values)}
                      onClose={() => setFiltering(null)}
                    />
                  )}
                </th>
              )
            })}
          </tr>
        </thead>
        <tbody ref={body}>
          {props.events.map((event, i) => (
            <tr
              key={`${cellText(event.event_id)}-${i}`}
              className={props.selectedRow === i ? 'selected' : ''}
              aria-selected={props.selectedRow === i}
              onClick={() => props.onSelectRow(props.selectedRow === i ? null : i)}
            >
              <td className="fixed-col time" title={cellText(event[TIMESTAMP_COLUMN])}>
                {formatTime(event[TIMESTAMP_COLUMN])}
              </td>
              <td className="fixed-col status">
                <StatusCell event={event} onOpen={() => props.onSelectRow(i)} />
              </td>
              {props.columns.map((column) => (
                <td key={column}>
                  <Cell event={event} column={column} onOpenValue={props.onOpenValue} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {props.events.length === 0 && !props.loading && <p className="empty">No events match. Send some, or reset the filters.</p>}
    </div>
  )
}

function formatTime(value: Json | undefined): string {
  if (typeof value !== 'string') return ''
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return value
  const today = new Date().toDateString() === date.toDateString()
  const time = date.toLocaleTimeString('en-GB', {hour: '2-digit', minute: '2-digit', second: '2-digit'}) + `.${String(date.getMilliseconds()).padStart(3, '0')}`
  return today ? time : `${date.toLocaleDateString('en-GB', {month: 'short', day: 'numeric'})} ${time}`
}
