import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs'
import path from 'node:path'
import {declaredKey} from '../iglu/repositories/local.js'
import {isValidSchemaVer, parseSchemaVer, schemaKeyToUri} from '../iglu/schema-key.js'
import {configError} from './errors.js'

/**
 * Snowplow Micro's config folder (`/config` in its image, on the classpath): `micro.conf`,
 * `iglu.json`, `iglu-client-embedded/schemas/…` (an embedded Iglu repository),
 * `ssl-certificate.p12` (HTTPS) and `enrichments/`. sp finds it from `--config-dir DIR`, or from
 * the folder of `--config FILE` / `--iglu FILE`, or (nothing else given) from `/config` when that
 * folder holds one of Micro's files, as Micro's image reads it.
 */
export interface MicroFolder {
  /** the folders looked at, in order */
  dirs: string[]
  configFile?: string
  igluFile?: string
  /** `DIR/iglu-client-embedded/schemas` folders that exist */
  embeddedSchemaDirs: string[]
  /** `DIR/ssl-certificate.p12` */
  p12File?: string
  /** `DIR/enrichments` */
  enrichmentsDir?: string
  /** why a folder was picked up without being named (the `/config` default) */
  notes: string[]
}

export interface MicroFolderInputs {
  configFile?: string
  igluFile?: string
  configDir?: string
  /** other sources the user named (`--schemas`): they turn the implicit `/config` off */
  explicitSources?: boolean
  /** Micro's image folder, read when nothing else is given (the CLI passes `/config`) */
  defaultDir?: string
}

export const MICRO_FOLDER_FILES = {
  config: 'micro.conf',
  iglu: 'iglu.json',
  embedded: path.join('iglu-client-embedded', 'schemas'),
  p12: 'ssl-certificate.p12',
  enrichments: 'enrichments',
} as const

export function resolveMicroFolder(inputs: MicroFolderInputs): MicroFolder {
  const notes: string[] = []
  let configDir = inputs.configDir
  if (configDir !== undefined && !isDirectory(configDir)) throw configError(`--config-dir ${configDir} is not a folder`, configDir)
  const nothingNamed = inputs.configFile === undefined && inputs.igluFile === undefined && configDir === undefined && !inputs.explicitSources
  if (nothingNamed && inputs.defaultDir !== undefined && looksLikeMicroFolder(inputs.defaultDir)) {
    configDir = inputs.defaultDir
    notes.push(`Using Snowplow Micro's config folder ${configDir} (as Micro's image does; name another with --config-dir)`)
  }
  let configFile = inputs.configFile
  let igluFile = inputs.igluFile
  if (configDir !== undefined) {
    configFile ??= existing(path.join(configDir, MICRO_FOLDER_FILES.config))
    igluFile ??= existing(path.join(configDir, MICRO_FOLDER_FILES.iglu))
  }
  const dirs = unique([configDir, configFile && path.dirname(configFile), igluFile && path.dirname(igluFile)])
  return {
    dirs,
    configFile,
    igluFile,
    embeddedSchemaDirs: dirs.map((d) => path.join(d, MICRO_FOLDER_FILES.embedded)).filter(isDirectory),
    p12File: dirs.map((d) => path.join(d, MICRO_FOLDER_FILES.p12)).find((f) => existsSync(f)),
    enrichmentsDir: dirs.map((d) => path.join(d, MICRO_FOLDER_FILES.enrichments)).find(isDirectory),
    notes,
  }
}

function looksLikeMicroFolder(dir: string): boolean {
  return isDirectory(dir) && Object.values(MICRO_FOLDER_FILES).some((f) => existsSync(path.join(dir, f)))
}

function existing(file: string): string | undefined {
  return existsSync(file) ? file : undefined
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory()
  } catch {
    return false
  }
}

function unique(dirs: (string | undefined)[]): string[] {
  return [...new Set(dirs.filter((d): d is string => d !== undefined && d !== '').map((d) => path.resolve(d)))]
}

/**
 * Files under a schemas folder (`vendor/name/format/M-R-A`) whose `self` names another schema:
 * Micro serves them under their path; sp does too, and says so at startup.
 */
export function selfMismatches(schemasDir: string): string[] {
  const out: string[] = []
  for (const vendor of list(schemasDir)) {
    for (const name of list(path.join(schemasDir, vendor))) {
      for (const format of list(path.join(schemasDir, vendor, name))) {
        for (const file of list(path.join(schemasDir, vendor, name, format))) {
          const version = file.replace(/\.json$/, '')
          if (!isValidSchemaVer(version)) continue
          const full = path.join(schemasDir, vendor, name, format, file)
          const byPath = schemaKeyToUri({vendor, name, format, version: parseSchemaVer(version)})
          const declared = declaredKey(readJson(full))
          if (declared !== undefined && schemaKeyToUri(declared) !== byPath) {
            out.push(`Schema file ${full} declares ${schemaKeyToUri(declared)} in "self" but sits at ${byPath}: served as ${byPath}, as Snowplow Micro's Iglu client does (sp schema lint reports it)`)
          }
        }
      }
    }
  }
  return out
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir).sort()
  } catch {
    return []
  }
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return undefined
  }
}
