import {useState} from 'react'
import {isFixedColumn} from '../view.js'

/** Choose the table's columns: search, tick, drag (or ↑/↓) to reorder, reset to the defaults. */
export function ColumnPicker(props: {
  /** null while /micro/columns is read */
  available: string[] | null
  selected: string[]
  onChange: (columns: string[]) => void
  onReset: () => void
  onClose: () => void
}) {
  const [search, setSearch] = useState('')
  const [dragging, setDragging] = useState<number | null>(null)
  const all = [...new Set([...(props.available ?? []), ...props.selected])].filter((c) => !isFixedColumn(c))
  const matches = all.filter((c) => c.toLowerCase().includes(search.toLowerCase()))
  const toggle = (column: string) =>
    props.onChange(props.selected.includes(column) ? props.selected.filter((c) => c !== column) : [...props.selected, column])
  const move = (from: number, to: number) => {
    if (to < 0 || to >= props.selected.length || from === to) return
    const next = [...props.selected]
    const [column] = next.splice(from, 1)
    next.splice(to, 0, column!)
    props.onChange(next)
  }
  return (
    <aside className="drawer" aria-label="Pick columns">
      <header>
        <h2>Columns</h2>
        <button type="button" className="icon" aria-label="Close column picker" onClick={props.onClose}>
          ✕
        </button>
      </header>
      <h3>Shown, in order</h3>
      <ol className="selected-columns">
        {props.selected.map((column, i) => (
          <li
            key={column}
            draggable
            className={dragging === i ? 'dragging' : ''}
            onDragStart={(e) => {
              setDragging(i)
              e.dataTransfer.effectAllowed = 'move'
              e.dataTransfer.setData('text/plain', column)
            }}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => {
              e.preventDefault()
              if (dragging !== null) move(dragging, i)
              setDragging(null)
            }}
            onDragEnd={() => setDragging(null)}
          >
            <span className="grip" aria-hidden>
              ⋮⋮
            </span>
            <span className="value">{column}</span>
            <button type="button" className="icon" aria-label={`Move ${column} up`} onClick={() => move(i, i - 1)}>
              ↑
            </button>
            <button type="button" className="icon" aria-label={`Move ${column} down`} onClick={() => move(i, i + 1)}>
              ↓
            </button>
            <button type="button" className="icon" aria-label={`Hide ${column}`} onClick={() => toggle(column)}>
              ✕
            </button>
          </li>
        ))}
      </ol>
      <button type="button" onClick={props.onReset}>
        Reset to defaults
      </button>
      <h3>All columns</h3>
      <input autoFocus type="search" placeholder="Search columns" value={search} onChange={(e) => setSearch(e.target.value)} aria-label="Search columns" />
      <ul className="column-list">
        {matches.map((column) => (
          <li key={column}>
            <label>
              <input type="checkbox" checked={props.selected.includes(column)} onChange={() => toggle(column)} />
              <span className="value">{column}</span>
            </label>
          </li>
        ))}
        {props.available === null && <li className="muted">Reading the columns…</li>}
        {props.available !== null && matches.length === 0 && <li className="muted">No column matches</li>}
      </ul>
    </aside>
  )
}
