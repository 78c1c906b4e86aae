import {isSpError} from '../errors/sp-error.js'
import {parseSchemaKey, schemaKeyToUri} from '../iglu/index.js'
import type {ClientError, IgluClient} from '../iglu/types.js'

/** One self-describing instance found in the input, with where it came from. */
export interface Instance {
  /** 1-based line (NDJSON) or index in a JSON array (1-based) */
  line: number
  value: unknown
  /** why the line is not JSON (NDJSON input); `value` is then undefined */
  notJson?: string
}

export type InstanceResult =
  | {line: number; ok: true; schemaKey: string}
  | {line: number; ok: false; schemaKey: string | null; error: ClientError | {error: 'NotSelfDescribing'; message: string}}

/**
 * Reads `text` as one JSON value (an instance, or an array of instances) or, failing that, as
 * NDJSON. Lines that are not JSON become `NotSelfDescribing` results later, never lost.
 */
export function parseInstances(text: string): Instance[] {
  try {
    const value: unknown = JSON.parse(text)
    return Array.isArray(value) ? value.map((v, i) => ({line: i + 1, value: v})) : [{line: 1, value}]
  } catch {
    const out: Instance[] = []
    text.split('\n').forEach((raw, i) => {
      if (raw.trim() === '') return
      try {
        out.push({line: i + 1, value: JSON.parse(raw)})
      } catch (error) {
        out.push({line: i + 1, value: undefined, notJson: (error as Error).message})
      }
    })
    return out
  }
}

function notSelfDescribing(line: number, message: string): InstanceResult {
  return {line, ok: false, schemaKey: null, error: {error: 'NotSelfDescribing', message}}
}

/** Validates each `{"schema": "iglu:…", "data": …}` through the IgluClient (resolution + validation). */
export async function validateInstances(instances: Instance[], iglu: IgluClient): Promise<InstanceResult[]> {
  const results: InstanceResult[] = []
  for (const {line, value, notJson} of instances) {
    if (notJson !== undefined) {
      results.push(notSelfDescribing(line, `Not JSON: ${notJson}`))
      continue
    }
    const obj = value as Record<string, unknown> | null
    if (!obj || typeof obj !== 'object' || Array.isArray(obj) || typeof obj.schema !== 'string' || !('data' in obj)) {
      results.push(notSelfDescribing(line, 'JSON payload is not self-describing (expected {"schema": "iglu:…", "data": …}), INVALID_DATA_PAYLOAD'))
      continue
    }
    let key
    try {
      key = parseSchemaKey(obj.schema)
    } catch (error) {
      results.push(notSelfDescribing(line, isSpError(error) ? error.message : String(error)))
      continue
    }
    const uri = schemaKeyToUri(key)
    const answer = await iglu.validate(key, obj.data)
    results.push(answer.ok ? {line, ok: true, schemaKey: uri} : {line, ok: false, schemaKey: uri, error: answer.error})
  }
  return results
}
