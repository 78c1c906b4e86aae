import {readdir, readFile, stat} from 'node:fs/promises'
import path from 'node:path'
import type {IgluClient} from '../iglu/types.js'
import {parseSelfDescribing} from '../adapters/self-describing.js'
import {parseHocon} from '../config/hocon.js'
import {configError, folderError} from './errors.js'
import type {EnrichmentConfig} from './types.js'

/** The key Micro gives a plain `*.js` file (Micro `Configuration.buildJSConfig`). */
export const JS_FILE_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/javascript_script_config/jsonschema/1-0-0'

export interface LoadedConfigs {
  /** enabled configs, in file-name order (`*.js` files after the JSON ones, as Micro lists them) */
  enabled: EnrichmentConfig[]
  /** files whose config says `enabled: false` */
  disabled: string[]
}

/**
 * Reads a folder as Micro reads `/config/enrichments`: every `*.json` (or `*.hocon`) file is one
 * self-describing enrichment config, validated against its Iglu schema (an error names the file and the field);
 * every `*.js` file is a JavaScript enrichment with its source as is. Disabled configs are skipped.
 */
export async function loadEnrichmentConfigs(dir: string, iglu: IgluClient): Promise<LoadedConfigs> {
  let names: string[]
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error('not a folder')
    names = (await readdir(dir)).sort()
  } catch (e) {
    throw folderError(dir, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : (e as Error).message)
  }
  const enabled: EnrichmentConfig[] = []
  const disabled: string[] = []
  for (const name of names.filter((n) => n.endsWith('.json') || n.endsWith('.hocon'))) {
    const file = path.join(dir, name)
    const config = await readConfig(file, iglu)
    if (config.data.enabled === false) disabled.push(file)
    else enabled.push(config)
  }
  for (const name of names.filter((n) => n.endsWith('.js'))) {
    const file = path.join(dir, name)
    const script = await readFile(file, 'utf8')
    enabled.push({
      file,
      schema: JS_FILE_SCHEMA,
      vendor: 'com.snowplowanalytics.snowplow',
      name: 'javascript_script_config',
      model: 1,
      revision: 0,
      addition: 0,
      data: {vendor: 'com.snowplowanalytics.snowplow', name: 'javascript_script_config', enabled: true, parameters: {script}, plainScript: true},
    })
  }
  return {enabled, disabled}
}

/** A `*.json` or `*.hocon` file (Micro reads both) holding one self-describing config. */
async function readConfig(file: string, iglu: IgluClient): Promise<EnrichmentConfig> {
  let json: unknown
  const text = await readFile(file, 'utf8')
  try {
    json = file.endsWith('.hocon') ? parseHocon(text, file).root : JSON.parse(text)
  } catch (e) {
    throw configError(file, `not valid ${file.endsWith('.hocon') ? 'HOCON' : 'JSON'}: ${(e as Error).message}`)
  }
  const sdj = parseSelfDescribing(json)
  if (typeof sdj === 'string') {
    throw configError(file, `not a self-describing JSON {"schema": "iglu:…", "data": {…}} (${sdj})`, 'schema')
  }
  const result = await iglu.validate(sdj.key, sdj.data)
  if (!result.ok) {
    const error = result.error
    if (error.error === 'ResolutionError') {
      throw configError(file, `schema ${sdj.uri} cannot be resolved in any repository (${error.lookupHistory.map((h) => h.repository).join(', ')}): is it an enrichment config schema?`, 'schema')
    }
    const report = 'dataReports' in error ? error.dataReports[0] : undefined
    // the report's message starts with its path, which the error already names
    const message = report ? report.message.replace(`${report.path}: `, '') : 'its schema is invalid'
    throw configError(file, `invalid against ${sdj.uri}: ${message}`, report?.path ?? undefined)
  }
  const data = sdj.data as Record<string, unknown>
  const v = sdj.key.version
  return {file, schema: sdj.uri, vendor: sdj.key.vendor, name: sdj.key.name, model: v.model, revision: v.revision, addition: v.addition, data}
}
