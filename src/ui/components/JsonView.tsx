import {useState, type ReactNode} from 'react'
import {samePath, type Json} from '../event-data.js'
import {copyText} from '../storage.js'

type Path = (string | number)[]

interface TreeProps {
  /** containers deeper than this start folded (a highlighted path is always unfolded) */
  depth?: number
  /** nodes to mark: a failed validation's paths */
  highlights?: Path[]
}

/**
 * JSON as a tree: objects and arrays fold and unfold (▸/▾), each has a copy button, the nodes at
 * `highlights` are marked and unfolded down to.
 */
export function JsonView(props: {value: Json | undefined} & TreeProps) {
  if (props.value === undefined) return <div className="json">undefined</div>
  return (
    <div className="json" role="tree">
      <Node value={props.value} path={[]} label={null} last open={props.depth ?? 99} highlights={props.highlights ?? []} />
    </div>
  )
}

const isPrefix = (prefix: Path, path: Path) => prefix.length <= path.length && prefix.every((step, i) => step === path[i])

function Node(props: {value: Json; path: Path; label: ReactNode; last: boolean; open: number; highlights: Path[]}) {
  const {value, path, highlights} = props
  const container = value !== null && typeof value === 'object'
  const entries: [string | number, Json][] = !container ? [] : Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value)
  const leadsToHighlight = highlights.some((h) => h.length > path.length && isPrefix(path, h))
  const [open, setOpen] = useState(path.length < props.open || leadsToHighlight)
  const marked = highlights.some((h) => samePath(h, path))
  const comma = props.last ? '' : ','
  const key = props.label === null ? null : <span className="k">{props.label}</span>
  const wrap = (node: ReactNode) =>
    marked ? (
      <mark className="hl" data-path={pathText(path)}>
        {node}
      </mark>
    ) : (
      node
    )

  if (!container || entries.length === 0) {
    const text = !container ? JSON.stringify(value) : Array.isArray(value) ? '[]' : '{}'
    const kind = value === null ? 'n' : typeof value === 'string' ? 's' : 'v'
    return (
      <div className="line" role="treeitem">
        {key}
        {key && ': '}
        {wrap(<span className={kind}>{text}</span>)}
        {comma}
      </div>
    )
  }
  const [openBracket, closeBracket] = Array.isArray(value) ? ['[', ']'] : ['{', '}']
  return (
    <div role="treeitem" aria-expanded={open}>
      <div className="line">
        <button type="button" className="fold" aria-label={open ? 'Fold' : 'Unfold'} onClick={() => setOpen(!open)}>
          {open ? '▾' : '▸'}
        </button>
        {key}
        {key && ': '}
        {wrap(
          open ? (
            openBracket
          ) : (
            <span className="folded" onClick={() => setOpen(true)}>
              {openBracket} {entries.length} {Array.isArray(value) ? (entries.length === 1 ? 'item' : 'items') : entries.length === 1 ? 'key' : 'keys'} {closeBracket}
            </span>
          ),
        )}
        {!open && comma}
        <button type="button" className="copy-node" aria-label={`Copy ${pathText(path)}`} onClick={() => void copyText(JSON.stringify(value, null, 2))}>
          copy
        </button>
      </div>
      {open && (
        <>
          <div className="children" role="group">
            {entries.map(([k, v], i) => (
              <Node
                key={k}
                value={v}
                path={[...path, k]}
                label={typeof k === 'number' ? null : JSON.stringify(k)}
                last={i === entries.length - 1}
                open={props.open}
                highlights={highlights}
              />
            ))}
          </div>
          <div className="line">
            {closeBracket}
            {comma}
          </div>
        </>
      )}
    </div>
  )
}

function pathText(path: Path): string {
  return '$' + path.map((p) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? `.${p}` : `['${p}']`)).join('')
}
