import {readFileSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {createRequire} from 'node:module'
import yaml from 'js-yaml'
import {F} from '../event/fields.js'
import type {SelfDescribing} from '../event/enriched-event.js'
import {LruCache} from '../iglu/lru-cache.js'
import {assetRef, resolveAsset} from './assets.js'
import {assetError} from './errors.js'
import {prepend, STEP, type BuildContext, type Enrichment, type EnrichmentConfig, type EnrichmentRef, type EnrichmentState} from './types.js'

export const UA_PARSER_CONTEXT = 'iglu:com.snowplowanalytics.snowplow/ua_parser_context/jsonschema/1-0-0'

interface UaRule {
  regex: RegExp
  family?: string
  v1?: string
  v2?: string
  v3?: string
  v4?: string
}

interface Rules {
  ua: UaRule[]
  os: UaRule[]
  device: UaRule[]
}

/**
 * ua_parser (Enrich `UaParserEnrichment`, uap-java's parser): the useragent against the uap-core
 * rules (the `uap-core` npm package, Apache-2.0; or the YAML file the config's `uri`/`database`
 * names) into a `ua_parser_context`. Results are cached per user agent (5,000, as Enrich).
 */
export class UaParserEnrichment implements Enrichment {
  readonly className = 'UaParserEnrichment'
  readonly step = STEP.uaParser
  private readonly cache = new LruCache<string, SelfDescribing>(5000)

  constructor(
    private readonly rules: Rules,
    private readonly ref: EnrichmentRef,
  ) {}

  static async fromConfig(config: EnrichmentConfig, ctx: BuildContext): Promise<UaParserEnrichment> {
    const ref = assetRef(config.data.parameters)
    const ruleSet = {schemaKey: config.schema, identifier: 'ua-parser'}
    if (ref === null) return new UaParserEnrichment(bundledRules(), ruleSet)
    const file = await resolveAsset(config.file, ref.uri, ref.database, ctx)
    try {
      return new UaParserEnrichment(compileRules(yaml.load(await readFile(file, 'utf8'))), ruleSet)
    } catch (e) {
      throw assetError(config.file, file, `not a uap-core regexes.yaml (${(e as Error).message})`)
    }
  }

  run(state: EnrichmentState): void {
    const ua = state.event[F.useragent] as string | null
    if (ua === null) return
    let context = this.cache.get(ua)
    if (context === undefined) {
      try {
        context = this.context(ua)
      } catch (e) {
        state.failures.push({enrichment: this.ref, message: {field: 'useragent', value: ua, expectation: `could not parse useragent: ${(e as Error).message}`}})
        return
      }
      this.cache.set(ua, context)
    }
    prepend(state, [context])
  }

  /** The ua_parser_context of one user agent (keys in Enrich's order, unknown parts null). */
  context(ua: string): SelfDescribing {
    const agent = matchFamily(this.rules.ua, ua, 5)
    const os = matchFamily(this.rules.os, ua, 6)
    const device = matchDevice(this.rules.device, ua)
    const version = (parts: Array<string | null>, family: string | null) =>
      (family ?? '') + parts.map((p, i) => (p === null ? '' : (i === 0 ? ' ' : '.') + p)).join('')
    return {
      schema: UA_PARSER_CONTEXT,
      data: {
        useragentFamily: agent[0],
        useragentMajor: agent[1],
        useragentMinor: agent[2],
        useragentPatch: agent[3],
        useragentVersion: version([agent[1], agent[2], agent[3]], agent[0]),
        osFamily: os[0],
        osMajor: os[1],
        osMinor: os[2],
        osPatch: os[3],
        osPatchMinor: os[4],
        osVersion: version([os[1], os[2], os[3], os[4]], os[0]),
        deviceFamily: device,
      },
    }
  }
}

const group = (m: RegExpExecArray, n: number): string | null => m[n] ?? null

/**
 * uap-java's user-agent and OS matching: the first rule whose regex is found and gives a family
 * (its replacement, `$1` substituted, or group 1) wins; versions are the replacements (a `$n`
 * replacement is group n) or groups 2…. No match: family `Other`, versions null.
 */
function matchFamily(rules: UaRule[], ua: string, width: number): Array<string | null> {
  for (const rule of rules) {
    const m = rule.regex.exec(ua)
    if (m === null) continue
    const family = rule.family !== undefined ? (rule.family.includes('$1') && group(m, 1) !== null ? rule.family.replace('$1', group(m, 1)!) : rule.family) : group(m, 1)
    if (family === null) continue
    const replacements = [rule.v1, rule.v2, rule.v3, rule.v4]
    const out: Array<string | null> = [family]
    for (let i = 1; i < width; i++) {
      const r = replacements[i - 1]
      out.push(r === undefined ? group(m, i + 1) : /^\$\d$/.test(r) ? group(m, Number(r[1])) : r)
    }
    return out
  }
  return ['Other', ...new Array<null>(width - 1).fill(null)]
}

/** uap-java's device matching: `device_replacement` with `$1`…`$9` substituted, else group 1. */
function matchDevice(rules: UaRule[], ua: string): string | null {
  for (const rule of rules) {
    const m = rule.regex.exec(ua)
    if (m === null) continue
    const family = rule.family === undefined ? group(m, 1) : rule.family.replace(/\$(\d)/g, (_, n: string) => m[Number(n)] ?? '').trim()
    return family === '' ? null : family
  }
  return 'Other'
}

let bundled: Rules | undefined
/** uap-core's regexes.yaml from the npm package, compiled once per process. */
function bundledRules(): Rules {
  if (bundled === undefined) {
    const file = createRequire(import.meta.url).resolve('uap-core/regexes.yaml')
    bundled = compileRules(yaml.load(readFileSync(file, 'utf8')))
  }
  return bundled
}

function compileRules(doc: unknown): Rules {
  const d = doc as Record<string, Array<Record<string, string>>> | null
  if (d === null || typeof d !== 'object' || !Array.isArray(d.user_agent_parsers)) throw new Error('no user_agent_parsers list')
  const compile = (list: Array<Record<string, string>> | undefined, keys: string[]): UaRule[] =>
    (list ?? []).map((r) => ({
      regex: new RegExp(r.regex!, r.regex_flag === 'i' ? 'i' : ''),
      family: r[keys[0]!],
      v1: r[keys[1]!],
      v2: r[keys[2]!],
      v3: r[keys[3]!],
      v4: r[keys[4]!],
    }))
  return {
    ua: compile(d.user_agent_parsers, ['family_replacement', 'v1_replacement', 'v2_replacement', 'v3_replacement', '-']),
    os: compile(d.os_parsers, ['os_replacement', 'os_v1_replacement', 'os_v2_replacement', 'os_v3_replacement', 'os_v4_replacement']),
    device: compile(d.device_parsers, ['device_replacement', '-', '-', '-', '-']),
  }
}
