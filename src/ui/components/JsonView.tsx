import type {ReactNode} from 'react'
import {samePath, type Json} from '../event-data.js'

type Path = (string | number)[]

/** Pretty-printed JSON whose nodes at `highlights` are marked (a failed validation's paths). */
export function JsonView(props: {value: Json | undefined; highlights?: Path[]}) {
  const highlights = props.highlights ?? []
  return <pre className="json">{props.value === undefined ? 'undefined' : render(props.value, [], 0, highlights)}</pre>
}

function render(value: Json, path: Path, depth: number, highlights: Path[]): ReactNode {
  const marked = highlights.some((h) => samePath(h, path))
  const node = renderBare(value, path, depth, highlights)
  return marked ? (
    <mark className="hl" data-path={pathText(path)}>
      {node}
    </mark>
  ) : (
    node
  )
}

function renderBare(value: Json, path: Path, depth: number, highlights: Path[]): ReactNode {
  const pad = '  '.repeat(depth + 1)
  const end = '  '.repeat(depth)
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    return (
      <>
        {'[\n'}
        {value.map((item, i) => (
          <span key={i}>
            {pad}
            {render(item, [...path, i], depth + 1, highlights)}
            {i < value.length - 1 ? ',\n' : '\n'}
          </span>
        ))}
        {end + ']'}
      </>
    )
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
    if (entries.length === 0) return '{}'
    return (
      <>
        {'{\n'}
        {entries.map(([key, item], i) => (
          <span key={key}>
            {pad}
            <span className="k">{JSON.stringify(key)}</span>
            {': '}
            {render(item, [...path, key], depth + 1, highlights)}
            {i < entries.length - 1 ? ',\n' : '\n'}
          </span>
        ))}
        {end + '}'}
      </>
    )
  }
  return <span className={value === null ? 'n' : typeof value === 'string' ? 's' : 'v'}>{JSON.stringify(value)}</span>
}

export function pathText(path: Path): string {
  return '$' + path.map((p) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? `.${p}` : `['${p}']`)).join('')
}
