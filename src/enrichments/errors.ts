import {SpError} from '../errors/sp-error.js'

export const ENRICHMENT_ERROR_CODES = {
  /** the --enrichments folder does not exist or cannot be read */
  folder: 'ENRICHMENTS_FOLDER',
  /** a config file is not JSON, not self-describing, or invalid against its Iglu schema */
  invalidConfig: 'ENRICHMENT_CONFIG_INVALID',
  /** a config Enrich supports that sp refuses (yauaa, user_agent_utils, weather, sql_query…) */
  refused: 'ENRICHMENT_REFUSED',
  /** a database or rule file a config names cannot be read or downloaded */
  asset: 'ENRICHMENT_ASSET',
} as const

export function configError(file: string, message: string, field?: string): SpError {
  const where = field === undefined || field === '' ? '' : ` (field ${field})`
  return new SpError(ENRICHMENT_ERROR_CODES.invalidConfig, `Enrichment config ${file}${where}: ${message}`, {file, field})
}

export function refusedError(file: string, message: string): SpError {
  return new SpError(ENRICHMENT_ERROR_CODES.refused, `Enrichment config ${file}: ${message}`, {file})
}

export function assetError(file: string, asset: string, reason: string): SpError {
  return new SpError(ENRICHMENT_ERROR_CODES.asset, `Enrichment config ${file}: cannot read ${asset}: ${reason}`, {file, asset})
}

export function folderError(dir: string, reason: string): SpError {
  return new SpError(ENRICHMENT_ERROR_CODES.folder, `Cannot read the enrichments folder ${dir}: ${reason}`, {dir})
}
