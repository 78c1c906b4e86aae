import path from 'node:path'
import {
  defaultCollectorConfig,
  parseByteSize,
  parseDuration,
  parsePathMapping,
  parseSameSite,
  type CollectorConfig,
} from '../collector/config.js'
import {invalidOption} from '../collector/errors.js'
import {defaultDbFile, DEFAULT_HOST, DEFAULT_PORT, type MicroOptions} from './options.js'
import {resolveOutputFormat} from '../output/event-writer.js'

/**
 * The values `sp micro` flags carry (as oclif parses them), kept apart from oclif so the mapping to
 * MicroOptions is testable. Each concern adds its flags here and maps them in `microOptionsFromFlags`.
 */
export interface MicroFlagValues {
  port?: number
  host?: string
  db?: string
  'path-map'?: string[]
  cookie?: boolean
  'cookie-name'?: string
  'cookie-domain'?: string[]
  'cookie-fallback-domain'?: string
  'cookie-expiry'?: string
  'cookie-secure'?: boolean
  'cookie-same-site'?: string
  'dnt-cookie-name'?: string
  'dnt-cookie-value'?: string
  redirects?: boolean
  'redirect-domain'?: string[]
  'max-payload-size'?: string
  'drop-payload-size'?: string
  // micro api
  storage?: boolean
  'legacy-reset'?: boolean
  // enrich
  iglu?: string
  schemas?: string[]
  offline?: boolean
  'output-tsv'?: boolean
  'output-json'?: boolean
  // enrichments
  enrichments?: string
  // browser access (src/api/origin-guard.ts)
  'cors-origin'?: string[]
  'allowed-host'?: string[]
  // registry
  'api-key'?: string
  'allow-patches'?: boolean
  // postgres loader
  postgres?: string
  'postgres-schema'?: string
}

export function microOptionsFromFlags(
  flags: MicroFlagValues,
  cwd: string = process.cwd(),
  log?: (line: string) => void,
): MicroOptions {
  const port = flags.port ?? DEFAULT_PORT
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw invalidOption(`Invalid --port ${port}: use 0-65535 (0 = any free port)`)
  const db = flags.db ?? defaultDbFile(cwd)
  const format = resolveOutputFormat({outputTsv: flags['output-tsv'], outputJson: flags['output-json']})
  if (flags['postgres-schema'] !== undefined && !flags.postgres) throw invalidOption('--postgres-schema needs --postgres URL (or SP_POSTGRES_URL)')
  return {
    port,
    host: flags.host ?? DEFAULT_HOST,
    dbFile: db === ':memory:' ? db : path.resolve(cwd, db),
    collector: collectorConfigFromFlags(flags),
    log,
    storage: flags.storage !== false,
    legacyReset: flags['legacy-reset'] === true,
    iglu: {
      resolverFile: flags.iglu === undefined ? undefined : path.resolve(cwd, flags.iglu),
      schemaDirs: (flags.schemas ?? []).map((dir) => path.resolve(cwd, dir)),
      offline: flags.offline ?? false,
      checkSchemaCache: true,
    },
    enrichmentsDir: flags.enrichments === undefined ? undefined : path.resolve(cwd, flags.enrichments),
    output: format ? {format, write: (chunk: string) => void process.stdout.write(chunk)} : undefined,
    igluSuperApiKey: flags['api-key'],
    allowPatches: flags['allow-patches'] === true,
    postgres: flags.postgres ? {url: flags.postgres, schema: flags['postgres-schema']} : undefined,
    corsOrigins: (flags['cors-origin'] ?? []).map(checkCorsOrigin),
    allowedHosts: flags['allowed-host'] ?? [],
  }
}

/** `*` or an origin (`scheme://host[:port]`, nothing after it). */
function checkCorsOrigin(value: string): string {
  if (value === '*') return value
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw invalidOption(`Invalid --cors-origin ${JSON.stringify(value)}: use an origin such as https://app.example:8443, or *`)
  }
  if (url.origin === 'null' || value.replace(/\/$/, '').toLowerCase() !== url.origin) {
    throw invalidOption(`Invalid --cors-origin ${JSON.stringify(value)}: an origin is scheme://host[:port] with no path, e.g. ${url.origin === 'null' ? 'https://app.example' : url.origin}`)
  }
  return url.origin
}

export function collectorConfigFromFlags(flags: MicroFlagValues): CollectorConfig {
  const config = defaultCollectorConfig()
  for (const spec of flags['path-map'] ?? []) {
    const [from, to] = parsePathMapping(spec)
    config.paths[from] = to
  }
  if (flags.cookie === false) config.cookie.enabled = false
  if (flags['cookie-name'] !== undefined) config.cookie.name = flags['cookie-name']
  if (flags['cookie-domain']) config.cookie.domains = flags['cookie-domain']
  if (flags['cookie-fallback-domain'] !== undefined) config.cookie.fallbackDomain = flags['cookie-fallback-domain']
  if (flags['cookie-expiry'] !== undefined) config.cookie.expiration = parseDuration(flags['cookie-expiry'])
  if (flags['cookie-secure'] !== undefined) config.cookie.secure = flags['cookie-secure']
  if (flags['cookie-same-site'] !== undefined) config.cookie.sameSite = parseSameSite(flags['cookie-same-site'])
  const dntName = flags['dnt-cookie-name']
  const dntValue = flags['dnt-cookie-value']
  if ((dntName === undefined) !== (dntValue === undefined)) {
    throw invalidOption('--dnt-cookie-name and --dnt-cookie-value go together')
  }
  if (dntName !== undefined && dntValue !== undefined) config.doNotTrackCookie = {name: dntName, value: dntValue}
  if (flags.redirects) config.redirects.enabled = true
  if (flags['redirect-domain']) config.redirects.domains = flags['redirect-domain']
  if (flags['max-payload-size'] !== undefined) config.maxPayloadSize = parseByteSize(flags['max-payload-size'])
  if (flags['drop-payload-size'] !== undefined) config.dropPayloadSize = parseByteSize(flags['drop-payload-size'])
  return config
}
