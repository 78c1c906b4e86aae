/**
 * One row of `/micro/schemas`: a schema version, where sp micro holds it and how many stored events
 * used it. Its own file, without imports, because the web UI (src/ui, browser code) reads it too.
 */
export interface SchemaCatalogEntry {
  uri: string
  vendor: string
  name: string
  format: string
  version: string
  /** `registry` (sp micro's Iglu Server API) and/or the `--schemas` folders holding it; empty = held elsewhere or nowhere */
  sources: string[]
  /** events naming it as their event (unstruct) schema, as a context, or in their failure: valid = good, failed = incomplete or bad */
  events: {valid: number; failed: number}
}
