/** A piece of a line with an optional colour (ink colour names). */
export interface Segment {
  text: string
  color?: string
  bold?: boolean
  dim?: boolean
}

export type Line = Segment[]

const TOKEN = /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b/g

/** Pretty JSON as coloured lines: keys cyan, strings green, numbers yellow, true/false/null magenta. */
export function highlightJson(value: unknown): Line[] {
  const text = JSON.stringify(value, null, 2) ?? 'undefined'
  return text.split('\n').map((line) => {
    const out: Segment[] = []
    let last = 0
    for (const m of line.matchAll(TOKEN)) {
      if (m.index > last) out.push({text: line.slice(last, m.index)})
      if (m[1] !== undefined && m[2] !== undefined) out.push({text: m[1], color: 'cyan'}, {text: m[2]})
      else if (m[1] !== undefined) out.push({text: m[1], color: 'green'})
      else if (m[3] !== undefined) out.push({text: m[3], color: 'yellow'})
      else out.push({text: m[4]!, color: 'magenta'})
      last = m.index + m[0].length
    }
    if (last < line.length) out.push({text: line.slice(last)})
    return out
  })
}

/** Hard-wraps a line to `width` columns, keeping colours (continuation lines indented by 2). */
export function wrapLine(line: Line, width: number): Line[] {
  const w = Math.max(10, width)
  const lines: Line[] = []
  let current: Segment[] = []
  let used = 0
  for (const seg of line) {
    let rest = seg.text
    while (rest.length > 0) {
      const room = w - used
      if (room <= 0) {
        lines.push(current)
        current = [{text: '  '}]
        used = 2
        continue
      }
      current.push({...seg, text: rest.slice(0, room)})
      used += Math.min(room, rest.length)
      rest = rest.slice(room)
    }
  }
  lines.push(current)
  return lines
}
