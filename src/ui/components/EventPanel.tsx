import {useState} from 'react'
import {failureErrors, parseJsonPath, valueAt, type FailureError, type Json, type LossyEvent} from '../event-data.js'
import {draftPath, draftSchema} from '../schema-draft.js'
import {JsonView} from './JsonView.js'
import {CopyButton, SidePanel} from './SidePanel.js'

/** Errors about the same sent data (one failure entity) are shown together, over that data. */
function groupByData(errors: FailureError[]): FailureError[][] {
  const groups: FailureError[][] = []
  for (const error of errors) {
    const last = groups[groups.length - 1]
    if (last && last[0]!.data === error.data && last[0]!.schema === error.schema) last.push(error)
    else groups.push([error])
  }
  return groups
}

function SchemaDraft(props: {uri: string; data: Json}) {
  const text = JSON.stringify(draftSchema(props.uri, props.data), null, 2)
  const file = draftPath(props.uri)
  return (
    <div className="draft" aria-label="Drafted schema">
      <p>
        Save it as <code>{file}</code>, review it, then <code>sp schema push schemas/</code> (or run{' '}
        <code>sp micro --schemas schemas</code>); the next event validates against it.
      </p>
      <div className="row">
        <CopyButton label="Copy schema" text={() => text} />
        <a className="button" download={file.split('/').slice(-1)[0]} href={`data:application/json;charset=utf-8,${encodeURIComponent(text)}`}>
          Download
        </a>
      </div>
      <pre className="json">{text}</pre>
    </div>
  )
}

function FailureGroup(props: {errors: FailureError[]}) {
  const [drafting, setDrafting] = useState(false)
  const first = props.errors[0]!
  const paths = props.errors.map((e) => (e.path === null ? null : parseJsonPath(e.path))).filter((p) => p !== null)
  const unknownSchema = first.failureType === 'ResolutionError' && first.schema !== null
  return (
    <section className="failure">
      <h3>
        <span className="badge failed">{first.failureType}</span> {first.schema ?? ''}
        {first.source && <span className="muted"> in {first.source}</span>}
      </h3>
      <ul className="errors">
        {props.errors.map((error, i) => {
          const path = error.path === null ? null : parseJsonPath(error.path)
          const sent = path === null ? undefined : valueAt(first.data, path)
          return (
            <li key={i}>
              <div className="message">{error.message}</div>
              {error.path !== null && (
                <div className="sent">
                  at <code>{error.path}</code>
                  {error.keyword && <span className="muted"> ({error.keyword})</span>}, value sent:{' '}
                  <code className="value-sent">{sent === undefined ? 'nothing' : JSON.stringify(sent)}</code>
                </div>
              )}
              <CopyButton label="Copy error" text={() => `${error.message}${error.path ? ` (${error.path})` : ''}`} />
            </li>
          )
        })}
      </ul>
      {unknownSchema && (
        <button type="button" className="primary" onClick={() => setDrafting(!drafting)}>
          {drafting ? 'Hide the draft' : 'Draft a schema from this event'}
        </button>
      )}
      {drafting && unknownSchema && <SchemaDraft uri={first.schema!} data={first.data} />}
      <h4>
        Data sent <CopyButton label="Copy data" text={() => JSON.stringify(first.data, null, 2)} />
      </h4>
      <JsonView value={first.data} highlights={paths} />
    </section>
  )
}

/** A row's event: why it failed (with the offending values), then the whole event. */
export function EventPanel(props: {event: LossyEvent; onClose: () => void}) {
  const errors = failureErrors(props.event)
  const title = errors.length > 0 ? 'Failed event' : 'Event'
  return (
    <SidePanel title={title} onClose={props.onClose} actions={<CopyButton label="Copy JSON" text={() => JSON.stringify(props.event, null, 2)} />}>
      {groupByData(errors).map((group, i) => (
        <FailureGroup key={i} errors={group} />
      ))}
      {errors.length > 0 && <h3>Full event</h3>}
      <JsonView value={props.event} depth={1} />
    </SidePanel>
  )
}

/** A cell's value (an entity, a list): just that JSON. */
export function ValuePanel(props: {title: string; value: Json; onClose: () => void}) {
  return (
    <SidePanel title={props.title} onClose={props.onClose} actions={<CopyButton label="Copy JSON" text={() => JSON.stringify(props.value, null, 2)} />}>
      <JsonView value={props.value} />
    </SidePanel>
  )
}
