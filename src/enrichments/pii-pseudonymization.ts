import {createHash, getHashes} from 'node:crypto'
import {F} from '../event/fields.js'
import {fieldIndex, type SelfDescribing} from '../event/enriched-event.js'
import {criterionMatches, parseSchemaCriterion, type SchemaCriterion} from '../iglu/schema-key.js'
import {parseIgluUri} from '../adapters/self-describing.js'
import {configError} from './errors.js'
import {compileJsonPath, evaluateJsonPath, type PathStep} from './json-path.js'
import {STEP, type Enrichment, type EnrichmentConfig, type EnrichmentState} from './types.js'

/** The atomic fields Enrich's PII enrichment can hash (`ScalarMutators.byFieldName`). */
export const PII_POJO_FIELDS = [
  'user_id', 'user_ipaddress', 'user_fingerprint', 'domain_userid', 'network_userid', 'ip_organization', 'ip_domain', 'tr_orderid',
  'ti_orderid', 'mkt_term', 'mkt_content', 'se_category', 'se_action', 'se_label', 'se_property', 'mkt_clickid', 'refr_domain_userid',
  'domain_sessionid',
] as const

/** Enrich's hash function names → Node's. */
const HASHES: Record<string, string> = {MD2: 'md2', MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512'}

interface JsonLocator {
  criterion: SchemaCriterion
  path: PathStep[]
}

type Target = 'unstruct_event' | 'contexts' | 'derived_contexts'

/**
 * pii_pseudonymization (Enrich `PiiPseudonymizerEnrichment`): replaces the configured atomic fields
 * and the strings a JSONPath finds in matching unstruct_event / contexts / derived contexts with
 * hex(hash(value + salt)). Runs after anon_ip. `emitEvent` is ignored, as in Enrich 6.
 */
export class PiiPseudonymizationEnrichment implements Enrichment {
  readonly className = 'PiiPseudonymizerEnrichment'
  readonly step = STEP.pii

  constructor(
    private readonly pojo: number[],
    private readonly json: Record<Target, JsonLocator[]>,
    private readonly hash: (text: string) => string,
    private readonly anonymousOnly: boolean,
  ) {}

  static fromConfig(config: EnrichmentConfig): PiiPseudonymizationEnrichment {
    const params = config.data.parameters as {pii: Array<Record<string, Record<string, string>>>; strategy: {pseudonymize: {hashFunction: string; salt: string}}}
    const {hashFunction, salt} = params.strategy.pseudonymize
    const algorithm = HASHES[hashFunction]
    if (algorithm === undefined) throw configError(config.file, `Unknown function ${hashFunction}`, 'parameters.strategy.pseudonymize.hashFunction')
    if (!getHashes().includes(algorithm)) {
      throw configError(
        config.file,
        `the hash function ${hashFunction} is not available in Node.js ${process.version} (OpenSSL has dropped it), so sp cannot pseudonymize with it. Use SHA-256 (or MD5, SHA-1, SHA-384, SHA-512); note that the hashes will differ from those Enrich made with ${hashFunction}.`,
        'parameters.strategy.pseudonymize.hashFunction',
      )
    }
    const pojo: number[] = []
    const json: Record<Target, JsonLocator[]> = {unstruct_event: [], contexts: [], derived_contexts: []}
    params.pii.forEach((item, i) => {
      if (item.pojo !== undefined) {
        const field = item.pojo.field!
        if (!(PII_POJO_FIELDS as readonly string[]).includes(field)) throw configError(config.file, `The specified pojo field ${field} is not supported`, `parameters.pii[${i}].pojo.field`)
        pojo.push(fieldIndex(field))
      } else if (item.json !== undefined) {
        const {field, schemaCriterion, jsonPath} = item.json as {field: Target; schemaCriterion: string; jsonPath: string}
        if (!(field in json)) throw configError(config.file, `The specified json field ${field} is not supported`, `parameters.pii[${i}].json.field`)
        try {
          json[field].push({criterion: parseSchemaCriterion(schemaCriterion), path: compileJsonPath(jsonPath)})
        } catch (e) {
          throw configError(config.file, `Unable to extract PII JSON: ${(e as Error).message}`, `parameters.pii[${i}].json`)
        }
      } else {
        throw configError(config.file, `PII Configuration: pii field does not include 'pojo' nor 'json' fields. Got: [${JSON.stringify(item)}]`, `parameters.pii[${i}]`)
      }
    })
    const hash = (text: string) => createHash(algorithm).update(text + salt, 'utf8').digest('hex')
    return new PiiPseudonymizationEnrichment(pojo, json, hash, config.data.anonymousOnly === true)
  }

  run(state: EnrichmentState): void {
    if (this.anonymousOnly && !state.raw.context.headers.some((h) => h.toLowerCase().startsWith('sp-anonymous'))) return
    const ev = state.event
    for (const index of this.pojo) {
      const v = ev[index] as string | null
      if (v !== null) ev[index] = this.hash(v)
    }
    if (this.json.unstruct_event.length > 0 && ev[F.unstruct_event] !== null) {
      ev[F.unstruct_event] = this.entity(ev[F.unstruct_event] as SelfDescribing, this.json.unstruct_event)
    }
    if (this.json.contexts.length > 0 && ev[F.contexts] !== null) {
      ev[F.contexts] = (ev[F.contexts] as SelfDescribing[]).map((c) => this.entity(c, this.json.contexts))
    }
    if (this.json.derived_contexts.length > 0) {
      state.derived = state.derived.map((c) => {
        const out = this.entity(c, this.json.derived_contexts)
        if (out !== c && state.unchecked.has(c)) state.unchecked.add(out)
        return out
      })
    }
  }

  /** The entity with its matching paths' strings hashed: a copy when anything matched (entities may be shared). */
  private entity(sdj: SelfDescribing, locators: JsonLocator[]): SelfDescribing {
    const key = parseIgluUri(sdj.schema)
    if (typeof key === 'string') return sdj
    const matching = locators.filter((l) => criterionMatches(l.criterion, key))
    if (matching.length === 0) return sdj
    const data = structuredClone(sdj.data)
    let changed = false
    for (const locator of matching) {
      for (const m of evaluateJsonPath(locator.path, data)) {
        const replaced = this.scramble(m.value)
        if (replaced === m.value) continue
        changed = true
        if (m.parent === null) return {schema: sdj.schema, data: replaced}
        ;(m.parent as Record<string | number, unknown>)[m.key!] = replaced
      }
    }
    return changed ? {schema: sdj.schema, data} : sdj
  }

  /** A string is hashed, so is each string of an array; numbers, booleans, objects and nulls are left. */
  private scramble(value: unknown): unknown {
    if (typeof value === 'string') return this.hash(value)
    if (Array.isArray(value) && value.some((v) => typeof v === 'string')) return value.map((v) => (typeof v === 'string' ? this.hash(v) : v))
    return value
  }
}
