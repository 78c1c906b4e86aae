import os from 'node:os'
import path from 'node:path'
import type {MicroFlagValues} from '../micro/flags.js'
import type {MicroOptions} from '../micro/options.js'
import {LOCAL_HOSTS, tlsFromSources} from '../micro/tls.js'
import {resolveOutputFormat} from '../output/event-writer.js'
import {checkDestination} from '../output/destination.js'
import {readMicroConfig, type FlagShapes} from './micro-config.js'
import {resolveMicroFolder, selfMismatches} from './micro-folder.js'

/** The `sp micro` flags this concern adds (Snowplow Micro's command line, HTTPS, the event log). */
export interface MicroLaunchFlags extends MicroFlagValues {
  config?: string
  'config-dir'?: string
  destination?: string
  quiet?: boolean
  'tls-port'?: number
  'tls-cert'?: string
  'tls-key'?: string
  'tls-self-signed'?: boolean
}

export interface MicroLaunchInput {
  /** flags as oclif parsed them (defaults included) */
  flags: MicroLaunchFlags
  /** the flags the user gave (the others hold oclif defaults, which a config file may replace) */
  explicit: ReadonlySet<string>
  systemProperties?: Record<string, string>
  /** the command's oclif flag definitions, to read a file of sp options */
  flagShapes?: Record<string, {type: 'boolean' | 'option'; multiple?: boolean; default?: unknown}>
  env?: NodeJS.ProcessEnv
  cwd?: string
  /** Micro's image folder, read when nothing else is named (the CLI passes `/config`) */
  defaultConfigDir?: string
  log?: (line: string) => void
}

export interface MicroLaunch {
  /** the flags to map onto MicroOptions: the command line over the config file over defaults */
  flags: MicroFlagValues
  /** adds what has no flag of its own: HTTPS, the destination, the event log, the config folder */
  finish(options: MicroOptions): MicroOptions
}

/**
 * Reads Micro's way of configuring (`--config` HOCON, `-D` overrides, the config folder, Micro's
 * environment variables) into sp's flags and options. Warnings go to `log` as one line each.
 */
export function prepareMicroLaunch(input: MicroLaunchInput): MicroLaunch {
  const env = input.env ?? process.env
  const cwd = input.cwd ?? process.cwd()
  const log = input.log ?? (() => {})
  const warn = (line: string) => log(`Warning: ${line}`)
  const given = input.flags
  const abs = (p: string | undefined) => (p === undefined ? undefined : path.resolve(cwd, p))
  const folder = resolveMicroFolder({
    configFile: abs(given.config),
    igluFile: abs(given.iglu),
    configDir: abs(given['config-dir']),
    explicitSources: input.explicit.has('schemas'),
    defaultDir: input.defaultConfigDir,
  })
  folder.notes.forEach(log)
  const settings = readMicroConfig(folder.configFile, {systemProperties: input.systemProperties, env, flagShapes: shapesOf(input.flagShapes)})
  settings.warnings.forEach(warn)

  const flags: Record<string, unknown> = {...given}
  for (const [key, value] of Object.entries(settings.flags)) if (!input.explicit.has(key)) flags[key] = value
  if (!input.explicit.has('iglu') && folder.igluFile !== undefined) flags.iglu = folder.igluFile
  const merged = flags as MicroLaunchFlags
  const format = resolveOutputFormat({outputTsv: merged['output-tsv'], outputJson: merged['output-json']})
  if (merged.destination !== undefined) checkDestination(merged.destination, format)
  for (const dir of folder.embeddedSchemaDirs) selfMismatches(dir).forEach(warn)

  return {
    flags: merged,
    finish(options) {
      if (settings.cookieHttpOnly !== undefined) options.collector.cookie.httpOnly = settings.cookieHttpOnly
      if (Object.keys(settings.extras).length > 0) options.collectorExtras = settings.extras
      if (folder.embeddedSchemaDirs.length > 0) options.iglu = {...options.iglu, embeddedSchemaDirs: folder.embeddedSchemaDirs}
      if (folder.enrichmentsDir !== undefined) options.enrichmentsDir ??= folder.enrichmentsDir
      if (merged.destination !== undefined && format !== null) {
        options.destination = {url: merged.destination, format}
        options.output = undefined
      }
      options.eventLog = merged.quiet !== true && !settings.eventLogOff
      const password = env.MICRO_SSL_CERT_PASSWORD
      options.tls = tlsFromSources(
        {
          port: merged['tls-port'] ?? settings.ssl.port,
          p12File: folder.p12File,
          p12Password: password,
          certFile: abs(merged['tls-cert']),
          keyFile: abs(merged['tls-key']),
          selfSigned: merged['tls-self-signed'],
          selfSignedHosts: selfSignedHosts(options.host),
        },
        log,
      )
      if (password !== undefined && folder.p12File === undefined && options.tls === undefined) {
        warn('MICRO_SSL_CERT_PASSWORD is set but there is no ssl-certificate.p12 in the config folder (--config-dir DIR, or beside --config/--iglu): HTTPS stays off')
      } else if (merged['tls-port'] !== undefined && options.tls === undefined) {
        warn('--tls-port is set but no certificate was given (--tls-cert/--tls-key, --tls-self-signed, or ssl-certificate.p12 with MICRO_SSL_CERT_PASSWORD): HTTPS stays off')
      } else if (settings.ssl.enable === true && options.tls === undefined) {
        warn('collector.ssl.enable is set but no certificate was given (ssl-certificate.p12 with MICRO_SSL_CERT_PASSWORD, --tls-cert/--tls-key, or --tls-self-signed): HTTPS stays off, as in Micro')
      }
      return options
    },
  }
}

/** Integer flags are the ones with a number default, and the ports. */
function shapesOf(defs: MicroLaunchInput['flagShapes']): FlagShapes | undefined {
  if (defs === undefined) return undefined
  const out: FlagShapes = {}
  for (const [name, def] of Object.entries(defs)) {
    out[name] = {type: def.type, multiple: def.multiple, integer: typeof def.default === 'number' || name.endsWith('port')}
  }
  return out
}

/** Bound to every interface, the self-signed certificate also names this machine's LAN addresses (phones reach it by IP). */
function selfSignedHosts(host: string): string[] {
  if (host !== '0.0.0.0' && host !== '::') return host === '127.0.0.1' || host === 'localhost' || host === '::1' ? LOCAL_HOSTS : [...LOCAL_HOSTS, host]
  const lan = Object.values(os.networkInterfaces()).flatMap((list) => (list ?? []).filter((a) => !a.internal).map((a) => a.address.replace(/%.*$/, '')))
  return [...LOCAL_HOSTS, ...os.hostname() ? [os.hostname()] : [], ...lan]
}
