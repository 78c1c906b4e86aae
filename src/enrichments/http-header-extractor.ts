import type {SelfDescribing} from '../event/enriched-event.js'
import {configError} from './errors.js'
import {splitHeaderLine} from './header-lines.js'
import {javaRegex} from './java-regex.js'
import {prepend, STEP, type Enrichment, type EnrichmentConfig, type EnrichmentState} from './types.js'

export const HTTP_HEADER_SCHEMA = 'iglu:org.ietf/http_header/jsonschema/1-0-0'

/**
 * http_header_extractor (Enrich `HttpHeaderExtractorEnrichment`): one `http_header` context per
 * header line whose whole name matches `headersPattern` (a Java regex), in line order.
 */
export class HttpHeaderExtractorEnrichment implements Enrichment {
  readonly className = 'HttpHeaderExtractorEnrichment'
  readonly step = STEP.header

  constructor(private readonly pattern: RegExp) {}

  static fromConfig(config: EnrichmentConfig): HttpHeaderExtractorEnrichment {
    const pattern = (config.data.parameters as Record<string, unknown>).headersPattern as string
    try {
      return new HttpHeaderExtractorEnrichment(javaRegex(pattern, true))
    } catch (e) {
      throw configError(config.file, `headersPattern is not a valid regular expression: ${(e as Error).message}`, 'parameters.headersPattern')
    }
  }

  run(state: EnrichmentState): void {
    prepend(state, this.extract(state.raw.context.headers))
  }

  extract(headers: string[]): SelfDescribing[] {
    const out: SelfDescribing[] = []
    for (const line of headers) {
      const split = splitHeaderLine(line)
      if (split === null || !this.pattern.test(split[0])) continue
      out.push({schema: HTTP_HEADER_SCHEMA, data: {name: split[0].trim(), value: split[1].trim()}})
    }
    return out
  }
}
