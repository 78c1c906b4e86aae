import {useEffect, useState} from 'react'
import {api, type EventsPage, type SchemaEntry} from '../api.js'
import {cellText, isFailed, type Json, type LossyEvent} from '../event-data.js'
import {JsonView} from './JsonView.js'
import {CopyButton, SidePanel} from './SidePanel.js'

const EVENTS_SHOWN = 20

/** One schema: the newest events that used it (open one to see it whole) and the schema itself. */
export function SchemaPanel(props: {uri: string; onClose: () => void; onOpenEvent: (event: LossyEvent) => void}) {
  const [events, setEvents] = useState<EventsPage | null>(null)
  const [schema, setSchema] = useState<{schema: Json} | {tried: string[]} | undefined>(undefined)
  useEffect(() => {
    setEvents(null)
    setSchema(undefined)
    api.eventsUsing(props.uri, EVENTS_SHOWN).then(setEvents, () => setEvents({events: [], totalItems: 0, totalPages: 1}))
    api.schema(props.uri).then(setSchema, () => setSchema({tried: []}))
  }, [props.uri])
  return (
    <SidePanel title={props.uri} onClose={props.onClose} actions={schema && 'schema' in schema ? <CopyButton label="Copy schema" text={() => JSON.stringify(schema.schema, null, 2)} /> : undefined}>
      <h3>Events that used it{events ? ` (${events.totalItems.toLocaleString()})` : ''}</h3>
      {events === null ? (
        <p className="muted">Loading…</p>
      ) : events.events.length === 0 ? (
        <p className="muted">No stored event used it.</p>
      ) : (
        <ul className="event-list">
          {events.events.map((event, i) => (
            <li key={i}>
              <button type="button" className="link" onClick={() => props.onOpenEvent(event)}>
                <span className={`badge ${isFailed(event) ? 'failed' : 'valid'}`}>{isFailed(event) ? 'Failed' : 'Valid'}</span>
                {cellText(event.collector_tstamp)} · {cellText(event.app_id)} · {cellText(event.event_name ?? event.event)}
              </button>
            </li>
          ))}
        </ul>
      )}
      <h3>Schema</h3>
      {schema === undefined ? (
        <p className="muted">Loading…</p>
      ) : 'schema' in schema ? (
        <JsonView value={schema.schema} />
      ) : (
        <p className="not-found">
          No repository of sp micro’s resolver holds it{schema.tried.length > 0 ? ` (tried ${schema.tried.join(', ')})` : ''}. Open a failed event above and
          choose <em>Draft a schema from this event</em>.
        </p>
      )}
    </SidePanel>
  )
}

/** What sp micro's registry and --schemas folders hold, and which schemas events used. */
export function SchemasView(props: {schemas: SchemaEntry[] | null; selected: string | null; onSelect: (uri: string | null) => void}) {
  if (props.schemas === null) return <p className="empty">Loading schemas…</p>
  if (props.schemas.length === 0) return <p className="empty">No schema in the registry or the --schemas folders, and no event used one yet.</p>
  return (
    <div className="table-wrap">
      <table className="events schemas">
        <thead>
          <tr>
            <th>Schema</th>
            <th>Version</th>
            <th>Valid events</th>
            <th>Failed events</th>
            <th>Held by</th>
          </tr>
        </thead>
        <tbody>
          {props.schemas.map((s) => (
            <tr key={s.uri} className={props.selected === s.uri ? 'selected' : ''} onClick={() => props.onSelect(props.selected === s.uri ? null : s.uri)}>
              <td>
                <code>
                  {s.vendor}/{s.name}
                </code>
              </td>
              <td>{s.version}</td>
              <td className="num">{s.events.valid}</td>
              <td className={`num${s.events.failed > 0 ? ' failed-text' : ''}`}>{s.events.failed}</td>
              <td>
                {s.sources.length === 0 ? (
                  <span className="muted">not in the registry or folders</span>
                ) : (
                  s.sources.map((source) => (
                    <span key={source} className="badge" title={source}>
                      {source === 'registry' ? 'registry' : `folder ${source.split(/[\\/]/).filter(Boolean).slice(-1)[0] ?? source}`}
                    </span>
                  ))
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
