import {useEffect, useRef, useState} from 'react'

/**
 * Multi-value filter for one column: the values /micro/columnStats knows, a search box, and any
 * typed value (the stats list at most 20 values). OR within the column.
 */
export function FilterMenu(props: {column: string; known: string[]; selected: string[]; onChange: (values: string[]) => void; onClose: () => void}) {
  const [search, setSearch] = useState('')
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const away = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) props.onClose()
    }
    document.addEventListener('mousedown', away)
    return () => document.removeEventListener('mousedown', away)
  }, [props.onClose])
  const values = [...new Set([...props.selected, ...props.known])]
  const shown = values.filter((v) => v.toLowerCase().includes(search.toLowerCase()))
  const toggle = (value: string) =>
    props.onChange(props.selected.includes(value) ? props.selected.filter((v) => v !== value) : [...props.selected, value])
  return (
    <div className="popover filter-menu" ref={ref} role="dialog" aria-label={`Filter ${props.column}`}>
      <input
        autoFocus
        type="search"
        placeholder="Search or type a value"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && search !== '') {
            if (!props.selected.includes(search)) props.onChange([...props.selected, search])
            setSearch('')
          }
          if (e.key === 'Escape') props.onClose()
        }}
      />
      <ul>
        {shown.map((value) => (
          <li key={value}>
            <label>
              <input type="checkbox" checked={props.selected.includes(value)} onChange={() => toggle(value)} />
              <span className="value">{value === '' ? '(empty)' : value}</span>
            </label>
          </li>
        ))}
        {search !== '' && !values.includes(search) && (
          <li>
            <button type="button" className="link" onClick={() => (props.onChange([...props.selected, search]), setSearch(''))}>
              Add “{search}”
            </button>
          </li>
        )}
        {shown.length === 0 && search === '' && <li className="muted">No values yet</li>}
      </ul>
      <div className="row">
        <button type="button" disabled={props.selected.length === 0} onClick={() => props.onChange([])}>
          Clear
        </button>
        <button type="button" onClick={props.onClose}>
          Done
        </button>
      </div>
    </div>
  )
}
