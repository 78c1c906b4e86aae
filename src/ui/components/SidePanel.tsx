import {useEffect, useRef, useState, type ReactNode} from 'react'
import {copyText, isNumber, load, save} from '../storage.js'

const WIDTH_KEY = 'sp.ui.panelWidth'

export function CopyButton(props: {text: () => string; label?: string}) {
  const [done, setDone] = useState<'' | 'Copied' | 'Copy failed'>('')
  return (
    <button
      type="button"
      onClick={async () => {
        setDone((await copyText(props.text())) ? 'Copied' : 'Copy failed')
        window.setTimeout(() => setDone(''), 1500)
      }}
    >
      {done || props.label || 'Copy'}
    </button>
  )
}

/** The right-hand panel: drag its left edge to resize (the width is remembered); full screen on a phone. */
export function SidePanel(props: {title: string; onClose: () => void; actions?: ReactNode; children: ReactNode}) {
  const [width, setWidth] = useState(() => load(WIDTH_KEY, isNumber, 520))
  const dragging = useRef(false)
  useEffect(() => save(WIDTH_KEY, width), [width])
  return (
    <aside className="side-panel" style={{width}} aria-label={props.title}>
      <div
        className="resize"
        role="separator"
        aria-orientation="vertical"
        aria-label="Resize panel"
        tabIndex={0}
        onKeyDown={(e) => {
          if (e.key === 'ArrowLeft') setWidth((w) => Math.min(w + 40, window.innerWidth - 160))
          if (e.key === 'ArrowRight') setWidth((w) => Math.max(w - 40, 280))
        }}
        onPointerDown={(e) => {
          dragging.current = true
          e.currentTarget.setPointerCapture(e.pointerId)
        }}
        onPointerMove={(e) => {
          if (dragging.current) setWidth(Math.min(Math.max(window.innerWidth - e.clientX, 280), window.innerWidth - 160))
        }}
        onPointerUp={() => (dragging.current = false)}
      />
      <header>
        <h2>{props.title}</h2>
        <div className="row">
          {props.actions}
          <button type="button" className="icon" aria-label="Close panel" onClick={props.onClose}>
            ✕
          </button>
        </div>
      </header>
      <div className="panel-body">{props.children}</div>
    </aside>
  )
}
