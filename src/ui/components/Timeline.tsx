import type {TimelinePoint} from '../api.js'

const MINUTE = 60_000
const SIX_HOURS = 6 * 60 * MINUTE

/** Micro's two charts in one /micro/timeline call: 30 one-minute buckets, then 28 six-hour ones (a week). */
export function timelineBuckets(now: number): {start: number; end: number}[] {
  const minuteEnd = Math.floor(now / MINUTE) * MINUTE + MINUTE
  const minutes = Array.from({length: 30}, (_, i) => ({start: minuteEnd - (30 - i) * MINUTE, end: minuteEnd - (29 - i) * MINUTE}))
  const sixEnd = Math.floor(now / SIX_HOURS) * SIX_HOURS + SIX_HOURS
  const days = Array.from({length: 28}, (_, i) => ({start: sixEnd - (28 - i) * SIX_HOURS, end: sixEnd - (27 - i) * SIX_HOURS}))
  return [...minutes, ...days]
}

const ms = (t: number | string) => (typeof t === 'number' ? t : new Date(t).getTime())

function Chart(props: {
  title: string
  points: TimelinePoint[]
  label: (start: Date) => string
  selected: {start?: string; end?: string} | null
  onSelect: (range: {start: string; end: string} | null) => void
}) {
  const max = Math.max(1, ...props.points.map((p) => p.validEvents + p.failedEvents))
  const total = props.points.reduce((n, p) => n + p.validEvents + p.failedEvents, 0)
  return (
    <figure className="chart">
      <figcaption>
        {props.title} <span className="muted">{total.toLocaleString()} events</span>
      </figcaption>
      <div className="bars" role="list">
        {props.points.map((p) => {
          const start = new Date(ms(p.bucket.start)).toISOString()
          const end = new Date(ms(p.bucket.end)).toISOString()
          const isSelected = props.selected?.start === start && props.selected?.end === end
          const label = `${props.label(new Date(start))}: ${p.validEvents} valid, ${p.failedEvents} failed`
          return (
            <button
              key={start}
              type="button"
              role="listitem"
              className={`bar${isSelected ? ' selected' : ''}`}
              title={label}
              aria-label={label}
              onClick={() => props.onSelect(isSelected ? null : {start, end})}
            >
              <span className="failed" style={{height: `${(p.failedEvents / max) * 100}%`}} />
              <span className="valid" style={{height: `${(p.validEvents / max) * 100}%`}} />
            </button>
          )
        })}
      </div>
      <div className="axis muted">
        <span>{props.points[0] ? props.label(new Date(ms(props.points[0].bucket.start))) : ''}</span>
        <span>now</span>
      </div>
    </figure>
  )
}

const time = (d: Date) => d.toLocaleTimeString('en-GB', {hour: '2-digit', minute: '2-digit'})
const dayHour = (d: Date) => d.toLocaleString('en-GB', {weekday: 'short', hour: '2-digit', minute: '2-digit'})

/** Valid (green) and failed (red) events over time; clicking a bar filters the table to it. */
export function Timeline(props: {
  points: TimelinePoint[]
  selected: {start?: string; end?: string} | null
  onSelect: (range: {start: string; end: string} | null) => void
}) {
  return (
    <section className="timeline" aria-label="Timeline of valid and failed events">
      <Chart title="Last 30 minutes" points={props.points.slice(0, 30)} label={time} selected={props.selected} onSelect={props.onSelect} />
      <Chart title="Last 7 days" points={props.points.slice(30)} label={dayHour} selected={props.selected} onSelect={props.onSelect} />
    </section>
  )
}
