import type {SchemaEntry} from '../api.js'

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
            <th>Held by</th>
            <th>Valid events</th>
            <th>Failed events</th>
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
              <td>
                {s.sources.length === 0 ? (
                  <span className="muted">not held locally</span>
                ) : (
                  s.sources.map((source) => (
                    <span key={source} className="badge">
                      {source}
                    </span>
                  ))
                )}
              </td>
              <td className="num">{s.events.valid}</td>
              <td className={`num${s.events.failed > 0 ? ' failed-text' : ''}`}>{s.events.failed}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
