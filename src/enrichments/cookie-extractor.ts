import type {SelfDescribing} from '../event/enriched-event.js'
import {splitHeaderLine} from './header-lines.js'
import {prepend, STEP, type Enrichment, type EnrichmentConfig, type EnrichmentState} from './types.js'

export const HTTP_COOKIE_SCHEMA = 'iglu:org.ietf/http_cookie/jsonschema/1-0-0'

/**
 * cookie_extractor (Enrich `CookieExtractorEnrichment`): one `http_cookie` context per cookie whose
 * name is listed, from every `Cookie` header line, in header then cookie order.
 */
export class CookieExtractorEnrichment implements Enrichment {
  readonly className = 'CookieExtractorEnrichment'
  readonly step = STEP.cookie
  private readonly names: Set<string>

  constructor(names: string[]) {
    this.names = new Set(names)
  }

  static fromConfig(config: EnrichmentConfig): CookieExtractorEnrichment {
    return new CookieExtractorEnrichment(((config.data.parameters as Record<string, unknown>).cookies ?? []) as string[])
  }

  run(state: EnrichmentState): void {
    prepend(state, this.extract(state.raw.context.headers))
  }

  extract(headers: string[]): SelfDescribing[] {
    const out: SelfDescribing[] = []
    for (const line of headers) {
      const split = splitHeaderLine(line)
      if (split === null || split[0].toLowerCase() !== 'cookie') continue
      for (const [name, value] of parseHeaderParameters(split[1])) {
        if (this.names.has(name)) out.push({schema: HTTP_COOKIE_SCHEMA, data: {name, value}})
      }
    }
    return out
  }
}

/**
 * HttpCore's `BasicHeaderValueParser.parseParameters`: `;`-separated `name[=value]` pairs, names
 * and values trimmed, values unquoted (`\` escapes inside quotes), parsing stops at the first `,`
 * outside quotes. A name without `=` has a null value.
 */
export function parseHeaderParameters(text: string): Array<[string, string | null]> {
  const pairs: Array<[string, string | null]> = []
  let i = 0
  const n = text.length
  while (i < n) {
    let name = ''
    while (i < n && text[i] !== '=' && text[i] !== ';' && text[i] !== ',') name += text[i++]
    name = name.trim()
    if (i >= n || text[i] !== '=') {
      pairs.push([name, null])
    } else {
      i++ // '='
      let value = ''
      let quoted = false
      let escaped = false
      while (i < n) {
        const c = text[i]!
        if (!quoted && !escaped && (c === ';' || c === ',')) break
        if (escaped) escaped = false
        else if (quoted && c === '\\') escaped = true
        else if (c === '"') quoted = !quoted
        value += c
        i++
      }
      pairs.push([name, unquote(value.trim())])
    }
    if (i < n && text[i] === ',') break
    i++ // ';'
  }
  return pairs
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(.)/g, '$1')
  }
  return value
}
