import {readFile} from 'node:fs/promises'
import yaml from 'js-yaml'
import {F} from '../event/fields.js'
import {fieldIndex} from '../event/enriched-event.js'
import {formDecode} from '../adapters/querystring.js'
import {assetRef, resolveAsset} from './assets.js'
import {assetError, configError} from './errors.js'
import {tsvSafe} from './tsv-safe.js'
import {STEP, type BuildContext, type Enrichment, type EnrichmentConfig, type EnrichmentState} from './types.js'

interface RefererLookup {
  medium: string
  source: string
  parameters: string[]
}

/** What scala-referer-parser makes of a referrer URL. */
export type Referer = {kind: 'internal'} | {kind: 'unknown'} | {kind: 'external'; medium: string; source: string; term: string | null}

const SCHEMES = new Set(['http', 'https', 'android-app'])

/**
 * referer_parser (Enrich `RefererParserEnrichment`, scala-referer-parser 3): classifies the
 * referrer URL as internal (the page's own host or an internal domain), a known referer from the
 * database (medium, source, search term) or unknown, into refr_medium/source/term.
 */
export class RefererParserEnrichment implements Enrichment {
  readonly className = 'RefererParserEnrichment'
  readonly step = STEP.referer
  private readonly internalDomains: string[]

  constructor(
    private readonly referers: Map<string, RefererLookup>,
    internalDomains: string[],
  ) {
    this.internalDomains = internalDomains.map((d) => d.trim())
  }

  static async fromConfig(config: EnrichmentConfig, ctx: BuildContext): Promise<RefererParserEnrichment> {
    const params = config.data.parameters as Record<string, unknown>
    const ref = assetRef(params)!
    const file = await resolveAsset(config.file, ref.uri, ref.database, ctx)
    let database: unknown
    try {
      const text = await readFile(file, 'utf8')
      database = /\.ya?ml$/i.test(file) ? yaml.load(text) : JSON.parse(text)
    } catch (e) {
      throw assetError(config.file, file, `not a referer database (${(e as Error).message})`)
    }
    const referers = new Map<string, RefererLookup>()
    try {
      loadReferers(database, referers, 'the referer database')
    } catch (e) {
      throw assetError(config.file, file, (e as Error).message)
    }
    if (params.referrers !== undefined) {
      try {
        loadReferers(params.referrers, referers, 'Referers json')
      } catch (e) {
        throw configError(config.file, `Can't decode referers: ${(e as Error).message}`, 'parameters.referrers')
      }
    }
    return new RefererParserEnrichment(referers, (params.internalDomains ?? []) as string[])
  }

  run(state: EnrichmentState): void {
    const ev = state.event
    if (ev[F.page_referrer] === null || ev[F.refr_urlscheme] === null) return
    const refr = this.parse(
      ev[F.refr_urlscheme] as string,
      ev[F.refr_urlhost] as string | null,
      (ev[F.refr_urlpath] as string | null) ?? '',
      ev[F.refr_urlquery] as string | null,
      ev[F.page_urlhost] as string | null,
    )
    if (refr === null) return
    const [medium, source, term] = fieldsOf(refr)
    ev[REFR_MEDIUM] = tsvSafe(medium)
    ev[REFR_SOURCE] = tsvSafe(source)
    ev[REFR_TERM] = tsvSafe(term)
  }

  /** scala-referer-parser's `Parser.parse(uri, pageHost, internalDomains)`; null: not a web referrer. */
  parse(scheme: string, host: string | null, path: string, query: string | null, pageHost: string | null): Referer | null {
    if (!SCHEMES.has(scheme) || host === null) return null
    if (host === pageHost || this.internalDomains.includes(host)) return {kind: 'internal'}
    const lookup = this.lookup(host, path)
    if (lookup === undefined || lookup.medium === 'unknown') return {kind: 'unknown'}
    if (lookup.medium === 'internal') return {kind: 'internal'}
    const term = query === null ? null : searchTerm(query, lookup.parameters)
    return {kind: 'external', medium: lookup.medium, source: lookup.source, term: term === null ? null : tsvSafe(term)}
  }

  /** Paths outer (full, first segment, none), hosts inner (full, then each parent domain). */
  private lookup(host: string, path: string): RefererLookup | undefined {
    const hosts: string[] = []
    const labels = host.split('.')
    while (labels.length > 0 && labels[labels.length - 1] === '') labels.pop()
    for (let i = 0; i < labels.length; i++) hosts.push(labels.slice(i).join('.'))
    const first = path.split('/').find((p) => p !== '')
    const paths = first === undefined ? [''] : [path, `/${first}`, '']
    for (const p of paths) {
      for (const h of hosts) {
        const hit = this.referers.get(h + p)
        if (hit !== undefined) return hit
      }
    }
    return undefined
  }
}

const REFR_MEDIUM = fieldIndex('refr_medium')
const REFR_SOURCE = fieldIndex('refr_source')
const REFR_TERM = fieldIndex('refr_term')

function fieldsOf(refr: Referer): [string, string | null, string | null] {
  if (refr.kind === 'external') return [refr.medium, refr.source, refr.term]
  return [refr.kind, null, null]
}

/** The first `name=value` pair of the query (split on `&`, URLDecoder-decoded) whose name is a search parameter. */
function searchTerm(query: string, parameters: string[]): string | null {
  if (parameters.length === 0) return null
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=')
    const name = formDecode(eq > 0 ? pair.slice(0, eq) : pair)
    if (parameters.includes(name)) return eq > 0 ? formDecode(pair.slice(eq + 1)) : ''
  }
  return null
}

/** `{medium: {source: {domains: [...], parameters?: [...]}}}` into `referers` (entries loaded later win). */
function loadReferers(json: unknown, referers: Map<string, RefererLookup>, what: string): void {
  if (!isObject(json)) throw new Error(`${what} must be an object`)
  for (const [medium, sources] of Object.entries(json)) {
    if (!isObject(sources)) throw new Error(`the medium "${medium}" must be an object of sources`)
    for (const [source, entry] of Object.entries(sources)) {
      if (!isObject(entry) || !Array.isArray(entry.domains)) throw new Error(`the source "${source}" (${medium}) must have a "domains" array`)
      const parameters = Array.isArray(entry.parameters) ? entry.parameters.map(String) : []
      for (const domain of entry.domains) referers.set(String(domain), {medium, source, parameters})
    }
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
