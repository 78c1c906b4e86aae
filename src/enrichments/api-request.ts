import {FIELDS} from '../event/fields.js'
import type {SelfDescribing} from '../event/enriched-event.js'
import {formatTsvTimestamp} from '../event/timestamps.js'
import {awaitWork, type Validating} from '../iglu/validating.js'
import {parseSelfDescribing} from '../adapters/self-describing.js'
import {configError} from './errors.js'
import {compileJsonPath, evaluateJsonPath, type PathStep} from './json-path.js'
import {compileEntityInput, pullEntityInput, type EntityInput} from './entity-input.js'
import {javaUrlEncode, LookupCache, type LookupResult} from './http-lookup.js'
import {STEP, type Enrichment, type EnrichmentConfig, type EnrichmentRef, type EnrichmentState} from './types.js'

type Input = {key: string; pojo: number | null; field: string} | {key: string; json: EntityInput}

interface Output {
  schema: string
  jsonPath: string
  path: PathStep[]
}

const FIELD_BY_NAME = new Map(FIELDS.map((f, i) => [f.name, i]))

/**
 * api_request (Enrich `ApiRequestEnrichment`): fills `{{key}}` placeholders of the configured URL
 * from event fields and entities (JSONPath), calls the HTTP API (GET, or POST/PUT with the inputs
 * as a JSON body; basic auth; timeout), and turns what each output's JSONPath finds into a context.
 * A missing input skips the call; errors are `api-request` failures unless `ignoreOnError`.
 * Responses are cached by URL and body (`cache.size`, `cache.ttl`).
 */
export class ApiRequestEnrichment implements Enrichment {
  readonly className = 'ApiRequestEnrichment'
  readonly step = STEP.apiRequest

  constructor(
    private readonly inputs: Input[],
    private readonly api: {method: string; uri: string; timeout: number; auth: string | null},
    private readonly outputs: Output[],
    private readonly cache: LookupCache,
    private readonly ignoreOnError: boolean,
    private readonly ref: EnrichmentRef,
  ) {}

  static fromConfig(config: EnrichmentConfig): ApiRequestEnrichment {
    const p = config.data.parameters as {
      inputs: Array<{key: string; pojo?: {field: string}; json?: {field: string; schemaCriterion: string; jsonPath: string}}>
      api: {http: {method: string; uri: string; timeout: number; authentication?: {httpBasic?: {username?: string; password?: string}}}}
      outputs: Array<{schema: string; json?: {jsonPath: string}}>
      cache: {size: number; ttl: number}
      ignoreOnError?: boolean
    }
    const inputs: Input[] = p.inputs.map((input, i) => {
      if (input.pojo !== undefined && input.json !== undefined) throw configError(config.file, 'Either json or pojo input must be specified, both provided', `parameters.inputs[${i}]`)
      if (input.pojo !== undefined) return {key: input.key, pojo: FIELD_BY_NAME.get(input.pojo.field) ?? null, field: input.pojo.field}
      if (input.json === undefined) throw configError(config.file, 'Either json or pojo input must be specified, none provided', `parameters.inputs[${i}]`)
      try {
        return {key: input.key, json: compileEntityInput(input.json)}
      } catch (e) {
        throw configError(config.file, (e as Error).message, `parameters.inputs[${i}].json`)
      }
    })
    const outputs = p.outputs.map((o, i) => {
      const jsonPath = o.json?.jsonPath ?? '$'
      try {
        return {schema: o.schema, jsonPath, path: compileJsonPath(jsonPath)}
      } catch (e) {
        throw configError(config.file, (e as Error).message, `parameters.outputs[${i}].json.jsonPath`)
      }
    })
    const basic = p.api.http.authentication?.httpBasic
    const auth = basic === undefined ? null : 'Basic ' + Buffer.from(`${basic.username ?? ''}:${basic.password ?? ''}`).toString('base64')
    return new ApiRequestEnrichment(
      inputs,
      {method: p.api.http.method, uri: p.api.http.uri, timeout: p.api.http.timeout, auth},
      outputs,
      new LookupCache(p.cache.size, p.cache.ttl),
      p.ignoreOnError === true,
      {schemaKey: config.schema, identifier: 'api-request'},
    )
  }

  *run(state: EnrichmentState): Validating<void> {
    const errors: string[] = []
    const values = new Map<string, string>()
    let complete = true
    for (const input of this.inputs) {
      const pulled = this.pull(input, state)
      if (pulled === null) complete = false
      else if (pulled instanceof Error) errors.push(pulled.message)
      else values.set(input.key, pulled)
    }
    if (errors.length === 0 && complete) {
      const url = buildUrl(this.api.uri, values)
      if (url !== null) {
        const body = this.api.method === 'POST' || this.api.method === 'PUT' ? JSON.stringify(Object.fromEntries(values)) : null
        const key = `${url}\n${body ?? ''}`
        const response = this.cache.settled(key) ?? (yield* awaitWork(this.cache.get(key, () => this.call(url, body))))
        const contexts: SelfDescribing[] = []
        for (const output of this.outputs) {
          if (!response.ok) {
            errors.push(response.error)
            continue
          }
          const found = extractOutput(output, response.value)
          if (found instanceof Error) {
            errors.push(found.message)
            continue
          }
          const described = {schema: output.schema, data: found}
          const parsed = parseSelfDescribing(described)
          if (typeof parsed === 'string') errors.push(`${JSON.stringify(described)} is not self-describing JSON, ${parsed}`)
          else contexts.push(described)
        }
        if (errors.length === 0) {
          for (const c of contexts) state.unchecked.add(c)
          if (contexts.length > 0) state.derived = [...contexts, ...state.derived]
          return
        }
      }
    }
    if (!this.ignoreOnError) for (const error of errors) state.failures.push({enrichment: this.ref, message: {error}})
  }

  /** An input's text value; null when absent (the call is skipped); an Error for a bad input. */
  private pull(input: Input, state: EnrichmentState): string | null | Error {
    if ('pojo' in input) {
      if (input.pojo === null) return new Error(`Error accessing POJO input field [${input.key}]: [java.lang.NoSuchMethodException: ${input.field}]`)
      const v = state.event[input.pojo]
      if (v === null) return null
      return FIELDS[input.pojo]!.kind === 'ts' ? formatTsvTimestamp(v as number) : String(v)
    }
    const value = pullEntityInput(input.json, state)
    return value === undefined ? null : stringify(value)
  }

  private async call(url: string, body: string | null): Promise<LookupResult> {
    try {
      const headers: Record<string, string> = {'content-type': 'application/json', accept: '*/*'}
      if (this.api.auth !== null) headers.authorization = this.api.auth
      const response = await fetch(url, {method: this.api.method, headers, body: body ?? undefined, signal: AbortSignal.timeout(this.api.timeout)})
      const text = await response.text()
      if (!response.ok) return {ok: false, error: `Request failed with status ${response.status}`}
      try {
        return {ok: true, value: JSON.parse(text)}
      } catch (e) {
        return {ok: false, error: (e as Error).message}
      }
    } catch (e) {
      const err = e as Error & {cause?: Error}
      return {ok: false, error: err.cause?.message ?? err.message}
    }
  }
}

/** The URI with `{{ key }}` replaced by the URL-encoded values (Enrich `HttpApi.buildUrl`); null while a placeholder is left. */
export function buildUrl(uri: string, values: Map<string, string>): string | null {
  let url = uri
  for (const [key, value] of values) {
    if (!/^[a-zA-Z0-9_-]+$/.test(key)) continue
    url = url.replace(new RegExp(`\\{\\{ *${key} *\\}\\}`, 'g'), () => javaUrlEncode(value))
  }
  return url.includes('{') || url.includes('}') ? null : url
}

/** What an output's JSONPath finds in the response (Enrich `JsonOutput.extract`); an Error when nothing. */
export function extractOutput(output: {jsonPath: string; path: PathStep[]}, response: unknown): unknown {
  const found = unwrap(evaluateJsonPath(output.path, response).map((m) => m.value))
  if (Array.isArray(found) && found.length === 0) {
    return new Error(`API Request enrichment:Value not found Error: no values were found by JSON Path [${output.jsonPath}] in [${JSON.stringify(response)}]`)
  }
  return found
}

/** Gatling's results as Enrich wraps them: one value alone, several (or none) as an array. */
function unwrap(values: unknown[]): unknown {
  return values.length === 1 ? values[0] : values
}

/** Enrich's `stringifyJson`: strings as they are, arrays joined with `,`, objects as compact JSON. */
function stringify(v: unknown): string {
  if (v === null) return 'null'
  if (typeof v === 'string') return v
  if (Array.isArray(v)) return v.map(stringify).join(',')
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}
