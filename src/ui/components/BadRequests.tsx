import type {BadEvent} from '../api.js'
import type {Json} from '../event-data.js'
import {JsonView} from './JsonView.js'
import {CopyButton, SidePanel} from './SidePanel.js'

function parseJson(text: string): Json | string {
  try {
    return JSON.parse(text) as Json
  } catch {
    return text
  }
}

/** The request as the collector saw it, as an HTTP request a user can read (and replay). */
function requestText(bad: BadEvent): string {
  const p = bad.collectorPayload
  if (p === null) return '(the payload could not be read)'
  const query = p.querystring.length > 0 ? `?${p.querystring.join('&')}` : ''
  const path = p.api.vendor === 'com.snowplowanalytics.snowplow' && p.api.version === 'tp1' ? '/i' : `/${p.api.vendor}/${p.api.version}`
  const lines = [`${p.body === null ? 'GET' : 'POST'} ${path}${query}`, ...(p.context?.headers ?? [])]
  if (p.body !== null) {
    const body = parseJson(p.body)
    lines.push('', typeof body === 'string' ? body : JSON.stringify(body, null, 2))
  }
  return lines.join('\n')
}

function when(bad: BadEvent): string {
  const t = bad.collectorPayload?.context?.timestamp
  return t ? new Date(t).toLocaleString('en-GB') : ''
}

/** Requests rejected before enrich (tracker protocol, unknown vendor, unreadable payload), newest first. */
export function BadRequests(props: {requests: BadEvent[]; limit: number; selected: number | null; onSelect: (i: number | null) => void}) {
  if (props.requests.length === 0) return <p className="empty">No request was rejected before enrich.</p>
  return (
    <div className="table-wrap">
      {props.requests.length >= props.limit && (
        <p className="muted note">
          The newest {props.limit}; <code>/micro/bad?status=bad</code> lists them all.
        </p>
      )}
      <table className="events">
        <thead>
          <tr>
            <th>Received</th>
            <th>Request</th>
            <th>Why it was rejected</th>
          </tr>
        </thead>
        <tbody>
          {props.requests.map((bad, i) => (
            <tr key={i} className={props.selected === i ? 'selected' : ''} aria-selected={props.selected === i} onClick={() => props.onSelect(props.selected === i ? null : i)}>
              <td className="time">{when(bad)}</td>
              <td>
                <code>{requestText(bad).split('\n')[0]}</code>
              </td>
              <td>{bad.errors[0] ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** The bad rows' messages in words: data report messages where there are some. */
function badRowMessages(badRows: (Json | string)[]): string[] {
  const out: string[] = []
  for (const row of badRows) {
    const messages = (row as {data?: {failure?: {messages?: Json[]}}})?.data?.failure?.messages
    if (!Array.isArray(messages)) continue
    for (const m of messages) {
      const error = (m as {error?: Json})?.error
      const reports = (error as {dataReports?: {message?: string}[]})?.dataReports
      if (Array.isArray(reports)) out.push(...reports.map((r) => r.message ?? JSON.stringify(r)))
      else if (typeof error === 'string') out.push(error)
      else if (typeof (error as {message?: Json})?.message === 'string') out.push((error as {message: string}).message)
      else out.push(JSON.stringify(m))
    }
  }
  return out
}

export function BadRequestPanel(props: {bad: BadEvent; onClose: () => void}) {
  const badRows = props.bad.errors.slice(1).map(parseJson)
  const messages = badRowMessages(badRows)
  const request = requestText(props.bad)
  return (
    <SidePanel title="Rejected request" onClose={props.onClose} actions={<CopyButton label="Copy JSON" text={() => JSON.stringify(props.bad, null, 2)} />}>
      <section className="failure">
        <h3>
          <span className="badge failed">Rejected</span> {props.bad.errors[0]}
        </h3>
        <ul className="errors">
          {messages.map((message, i) => (
            <li key={i} className="message">
              {message}
            </li>
          ))}
        </ul>
      </section>
      <h3>
        The request <CopyButton label="Copy request" text={() => request} />
      </h3>
      <pre className="json request">{request}</pre>
      <details>
        <summary>Bad row{badRows.length > 1 ? 's' : ''}</summary>
        {badRows.map((row, i) => (
          <JsonView key={i} value={row} depth={4} />
        ))}
      </details>
    </SidePanel>
  )
}
