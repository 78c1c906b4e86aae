import path from 'node:path'
import {defaultCollectorConfig, type CollectorConfig} from '../collector/config.js'
import type {IgluClient} from '../iglu/types.js'
import type {OutputFormat} from '../output/event-writer.js'
import type {MicroTlsOptions} from './tls.js'
import type {CollectorExtras} from '../collector/micro-routes.js'

/**
 * Everything `startMicro` needs. Each concern adds its own fields here (API, registry, enrich);
 * `commands/micro.ts` maps flags onto them.
 */
export interface MicroOptions {
  /** 0 = a free port from the OS */
  port: number
  /** 127.0.0.1 by default; 0.0.0.0 binds every interface */
  host: string
  /** SQLite file, or ':memory:' */
  dbFile: string
  collector: CollectorConfig
  /** false = Micro's --no-storage: every /micro/* answers an empty 404 (collection keeps working) */
  storage?: boolean
  /** /micro/reset answers Micro <=3.x's {"total":0,"good":0,"bad":0} instead of `Reset completed` */
  legacyReset?: boolean
  /** log lines (stderr in the CLI); silent when absent */
  log?: (line: string) => void
  /** enrich: how schemas resolve (`--iglu FILE`, `--schemas DIR`..., `--offline`) */
  iglu?: MicroIgluOptions
  /** enrich: a ready Iglu client (tests, benchmarks); wins over `iglu` */
  igluClient?: IgluClient
  /** registry: the Iglu super API key (`--api-key` / SP_IGLU_SUPER_API_KEY); generated and logged when absent */
  igluSuperApiKey?: string
  /** registry: allow overwriting published schema versions and DELETE (`--allow-patches`) */
  allowPatches?: boolean
  /**
   * enrichments: a folder of Snowplow enrichment configs (`*.json`) and JavaScript files (`*.js`),
   * read by src/enrichments (`--enrichments DIR`, or a Micro config folder's `enrichments/`)
   */
  enrichmentsDir?: string
  /** enrichments: where http(s) assets named by configs are downloaded once (default ~/.cache/sp/enrichment-assets) */
  enrichmentAssetCacheDir?: string
  /** `--cors-origin`: browser origins allowed to use /micro and /api besides loopback pages (`*` = any) */
  corsOrigins?: string[]
  /** `--allowed-host`: Host names accepted for /micro and /api besides loopback and --host */
  allowedHosts?: string[]
  /** `-t/--output-tsv` or `-j/--output-json`: every committed enriched event, one line each */
  output?: {format: OutputFormat; write: (chunk: string) => void}
  /** Micro's `-d/--destination URL`: each payload's events POSTed there (instead of `output`) */
  destination?: {url: string; format: OutputFormat}
  /** Micro's event log: one `[INFO] EventLog - GOOD …` / `[WARN] EventLog - BAD …` line per event on `log` */
  eventLog?: boolean
  /** HTTPS on its own port beside HTTP (Micro: collector.ssl.port 9543) */
  tls?: MicroTlsOptions
  /** collector.rootResponse, crossDomain and hsts from a Micro config (off when absent) */
  collectorExtras?: CollectorExtras
  /** `--postgres URL`: also load every good event into PostgreSQL (src/postgres) */
  postgres?: MicroPostgresOptions
}

export interface MicroPostgresOptions {
  /** postgres://user:password@host:5432/database */
  url: string
  /** the Postgres schema for the tables (default `atomic`) */
  schema?: string
  /** first retry delay after a failure, doubled up to 10 s (default 250 ms) */
  retryMs?: number
  /** events per transaction (default 1000) */
  batchSize?: number
}

export interface MicroIgluOptions {
  /** an Iglu resolver config JSON file (Snowplow's resolver-config) */
  resolverFile?: string
  /** local schema folders (vendor/name/format/version), consulted before the resolver's repositories */
  schemaDirs?: string[]
  /** never reach the network: local folders and the embedded schemas only */
  offline?: boolean
  /** persistent schema cache folder; false disables it (default: the Iglu client's) */
  cacheDir?: string | false
  /**
   * Micro config-folder schema repositories (`DIR/iglu-client-embedded/schemas`): consulted first,
   * a file whose `self` names another schema is served under its path, as Micro does
   */
  embeddedSchemaDirs?: string[]
  /**
   * after the ready line: online, fetch the tracker schemas into the cache; offline, name the ones
   * missing (src/micro/schema-cache.ts). Default false; the CLI turns it on.
   */
  checkSchemaCache?: boolean
}

export const DEFAULT_PORT = 9090
export const DEFAULT_HOST = '127.0.0.1'

/** `.sp/micro.db` under the working directory. */
export function defaultDbFile(cwd: string = process.cwd()): string {
  return path.join(cwd, '.sp', 'micro.db')
}

export function defaultMicroOptions(overrides: Partial<MicroOptions> = {}): MicroOptions {
  return {
    port: DEFAULT_PORT,
    host: DEFAULT_HOST,
    dbFile: defaultDbFile(),
    collector: defaultCollectorConfig(),
    ...overrides,
  }
}
