import vm from 'node:vm'
import {F, FIELDS, type FieldKind} from '../event/fields.js'
import type {AtomicValue, EnrichedEvent, SelfDescribing} from '../event/enriched-event.js'
import {formatTsvTimestamp, parseTimestamp} from '../event/timestamps.js'
import {parseSelfDescribing} from '../adapters/self-describing.js'
import {configError} from './errors.js'
import {spaces2} from './circe-json.js'
import {STEP, type BuildContext, type Enrichment, type EnrichmentConfig, type EnrichmentRef, type EnrichmentState} from './types.js'

const CONTEXTS_ENVELOPE = 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1'
const UNSTRUCT_ENVELOPE = 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0'

/**
 * The per-event time limit of a script, unless the build context says otherwise. Node enforces it
 * with a watchdog thread per call (≈ 17 µs of CPU and ≈ 45 µs of latency an event); 0 turns it off
 * for trusted scripts (`SP_JS_TIMEOUT_MS=0`).
 */
export const DEFAULT_SCRIPT_TIMEOUT_MS = 1000

/** Thrown by `event.drop()` to stop the script; never seen outside this module. */
const DROP = Symbol('sp-drop-event')

/**
 * javascript_script (Enrich `JavascriptScriptEnrichment`): runs the script's
 * `process(event, params, headers)` on each event in a `node:vm` context of its own, with a time
 * limit per event (a runaway script fails that event, not the server). `event` has Enrich's
 * accessors (`getApp_id()`, `setApp_id(v)`, … `getContexts()`, `drop()`, `eraseDerived_contexts()`);
 * returned entities are prepended to derived_contexts (validated in phase 3); errors are Enrich's
 * `Javascript enrichment` failures. There is no Java: `java.*`, `Packages` and `Java.type` throw
 * `java.lang.ClassNotFoundException`.
 */
export class JavascriptScriptEnrichment implements Enrichment {
  readonly className = 'JavascriptScriptEnrichment'
  readonly step = STEP.javascript
  private readonly facade: ScriptEvent
  private readonly context: vm.Context | null
  private readonly invoke: vm.Script | null
  private readonly compileError: string | null

  constructor(
    script: string,
    params: Record<string, unknown>,
    private readonly ref: EnrichmentRef,
    private readonly timeoutMs: number,
    print: (line: string) => void,
  ) {
    this.facade = new ScriptEvent()
    const sandbox: Record<string, unknown> = {print: (...args: unknown[]) => print(args.map(String).join(' '))}
    installJavaStubs(sandbox)
    let context: vm.Context | null = vm.createContext(sandbox, {codeGeneration: {strings: true, wasm: false}})
    let invoke: vm.Script | null = null
    let compileError: string | null = null
    try {
      new vm.Script(script, {filename: '<eval>'}).runInContext(context, {timeout: timeoutMs > 0 ? timeoutMs : DEFAULT_SCRIPT_TIMEOUT_MS})
      vm.runInContext(
        `globalThis.__spInvoke = (function (params) {
          return function (event, headers) {
            const result = process(event, params, headers);
            return result == null ? "[]" : JSON.stringify(result);
          };
        })(${JSON.stringify(params)});`,
        context,
      )
      invoke = new vm.Script('__spInvoke(__spEvent, __spHeaders)', {filename: '<eval>'})
    } catch (e) {
      compileError = `Error compiling JavaScript function: [${describeError(e)}]`
      context = null
    }
    this.context = context
    this.invoke = invoke
    this.compileError = compileError
  }

  static fromConfig(config: EnrichmentConfig, ctx: BuildContext): JavascriptScriptEnrichment {
    const params = config.data.parameters as Record<string, unknown>
    const plain = config.data.plainScript === true
    const script = plain ? (params.script as string) : Buffer.from(params.script as string, 'base64').toString('utf8')
    if (script.trim() === '') throw configError(config.file, 'Provided script for JS enrichment is empty', plain ? undefined : 'parameters.script')
    const enrichment = new JavascriptScriptEnrichment(
      script,
      (params.config ?? {}) as Record<string, unknown>,
      {schemaKey: config.schema, identifier: 'Javascript enrichment'},
      ctx.scriptTimeoutMs ?? DEFAULT_SCRIPT_TIMEOUT_MS,
      (line) => ctx.log(`[js ${config.file}] ${line}`),
    )
    if (enrichment.compileError !== null) {
      // Micro keeps running (exitOnJsCompileError=false) and fails every event; `check` stops here
      if (ctx.strict) throw configError(config.file, enrichment.compileError)
      ctx.log(`[WARN] ${config.file}: ${enrichment.compileError}: every event will fail with it`)
    }
    return enrichment
  }

  run(state: EnrichmentState): void {
    if (this.compileError !== null) return this.fail(state, this.compileError)
    const facade = this.facade
    facade.bind(state)
    let output: unknown
    try {
      const context = this.context!
      context.__spEvent = facade
      context.__spHeaders = [...state.raw.context.headers]
      output = this.timeoutMs > 0 ? this.invoke!.runInContext(context, {timeout: this.timeoutMs}) : this.invoke!.runInContext(context)
    } catch (e) {
      if (e === DROP) {
        state.dropped = true
        return
      }
      return this.fail(state, `Error during execution of JavaScript function: [${describeError(e)}]`)
    } finally {
      facade.unbind()
    }
    let json: unknown
    try {
      if (typeof output !== 'string') throw new SyntaxError(`${String(output)} is not JSON`)
      json = JSON.parse(output)
    } catch (e) {
      return this.fail(state, `Could not parse output JSON of Javascript function. Error: [${(e as Error).message}]`)
    }
    if (!Array.isArray(json)) return this.fail(state, `Output of JavaScript function [${spaces2(json)}] could be parsed as JSON but is not read as an array`)
    const errors: string[] = []
    for (const item of json) {
      const parsed = parseSelfDescribing(item)
      if (typeof parsed === 'string') errors.push(`error code:[${parsed}],json:[${JSON.stringify(item)}]`)
    }
    if (errors.length > 0) return this.fail(state, `Resulting contexts are not self-desribing. Error(s): [${errors.join(';')}]`)
    const contexts = json as SelfDescribing[]
    for (const c of contexts) state.unchecked.add(c)
    if (facade.erased) state.derived = contexts
    else if (contexts.length > 0) state.derived = [...contexts, ...state.derived]
  }

  private fail(state: EnrichmentState, error: string): void {
    state.failures.push({enrichment: this.ref, message: {error}})
  }
}

/** Nashorn-like text of what a script threw: `TypeError: x is not a function`, or the thrown value. */
function describeError(e: unknown): string {
  if (e instanceof Error || (typeof e === 'object' && e !== null && 'message' in e && 'name' in e)) {
    const err = e as Error
    return err.name === 'Error' && (err as {code?: string}).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT' ? err.message : `${err.name}: ${err.message}`
  }
  return String(e)
}

/** `java.net.URL`, `Packages.x.y`, `Java.type("x")`: every use of a Java class fails as Enrich's class filter does. */
function installJavaStubs(sandbox: Record<string, unknown>): void {
  const pkg = (path: string): unknown =>
    new Proxy(function () {}, {
      get: (_t, prop) => (typeof prop === 'symbol' ? undefined : pkg(path === '' ? prop : `${path}.${prop}`)),
      apply: () => {
        throw new Error(`java.lang.ClassNotFoundException: ${path.slice(0, path.lastIndexOf('.'))}`)
      },
      construct: () => {
        throw new Error(`java.lang.ClassNotFoundException: ${path}`)
      },
    })
  for (const root of ['java', 'javax', 'org', 'com', 'net']) sandbox[root] = pkg(root)
  sandbox.Packages = pkg('')
  sandbox.Java = {
    type: (name: string) => {
      throw new Error(`java.lang.ClassNotFoundException: ${name}`)
    },
  }
}

/**
 * The `event` a script sees: one object per script, bound to the current event while `process`
 * runs. Accessors live on the prototype (built once from the field table).
 */
class ScriptEvent {
  state: EnrichmentState | null = null
  erased = false

  bind(state: EnrichmentState): void {
    this.state = state
    this.erased = false
  }

  unbind(): void {
    this.state = null
  }

  get ev(): EnrichedEvent {
    if (this.state === null) throw new Error('the event is only available while process() runs')
    return this.state.event
  }

  drop(): never {
    throw DROP
  }

  eraseDerived_contexts(): void {
    this.erased = true
  }

  getContexts(): string | null {
    const c = this.ev[F.contexts] as SelfDescribing[] | null
    return c === null || c.length === 0 ? null : JSON.stringify({schema: CONTEXTS_ENVELOPE, data: c})
  }

  setContexts(text: string | null): void {
    const next = text == null ? null : parseEnvelope(String(text), 'contexts')
    if (JSON.stringify(next) === JSON.stringify(this.ev[F.contexts])) return
    this.ev[F.contexts] = next as SelfDescribing[] | null
    this.state!.revalidate.contexts = true
  }

  getUnstruct_event(): string | null {
    const u = this.ev[F.unstruct_event]
    return u === null ? null : JSON.stringify({schema: UNSTRUCT_ENVELOPE, data: u})
  }

  setUnstruct_event(text: string | null): void {
    const next = text == null ? null : parseEnvelope(String(text), 'unstruct_event')
    if (JSON.stringify(next) === JSON.stringify(this.ev[F.unstruct_event])) return
    this.ev[F.unstruct_event] = next as SelfDescribing | null
    this.state!.revalidate.unstruct = true
  }

  /** The contexts enrichments added so far (most recent first), without failures or validation_info. */
  getDerived_contexts(): string | null {
    const d = this.state!.derived
    return d.length === 0 ? null : JSON.stringify({schema: CONTEXTS_ENVELOPE, data: d})
  }

  setDerived_contexts(): void {}

  getPii(): null {
    return null
  }

  setPii(): void {}
}

/** `setContexts` / `setUnstruct_event` input: an Iglu envelope whose data is a list of entities, or one. */
function parseEnvelope(text: string, what: 'contexts' | 'unstruct_event'): SelfDescribing[] | SelfDescribing {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new Error(`invalid ${what} json`)
  }
  const envelope = parseSelfDescribing(json)
  if (typeof envelope === 'string') throw new Error(`invalid ${what} json`)
  if (what === 'contexts') {
    if (!Array.isArray(envelope.data) || envelope.data.some((c) => typeof parseSelfDescribing(c) === 'string')) throw new Error('invalid contexts json')
    return envelope.data as SelfDescribing[]
  }
  if (typeof parseSelfDescribing(envelope.data) === 'string') throw new Error('invalid unstruct_event json')
  return envelope.data as SelfDescribing
}

const SPECIAL = new Set(['contexts', 'unstruct_event', 'derived_contexts'])

function getValue(kind: FieldKind, v: AtomicValue): unknown {
  if (v === null) return null
  if (kind === 'ts') return formatTsvTimestamp(v as number)
  if (kind === 'num') return Number(v)
  return v
}

function setValue(name: string, kind: FieldKind, v: unknown): AtomicValue {
  if (v === null || v === undefined) return null
  switch (kind) {
    case 'ts': {
      const ms = typeof v === 'number' ? v : parseTimestamp(String(v))
      if (Number.isNaN(ms)) throw new TypeError(`set${capitalize(name)}: ${String(v)} is not a timestamp (yyyy-MM-dd HH:mm:ss.SSS)`)
      return ms
    }
    case 'int':
      return Math.trunc(Number(v))
    case 'float':
    case 'bool':
      return Number(v)
    case 'num':
      return String(v)
    default:
      return String(v)
  }
}

const capitalize = (s: string) => s[0]!.toUpperCase() + s.slice(1)

// get<Field>() / set<Field>(v) and the bean property `event.<field>` for every atomic field
FIELDS.forEach((spec, index) => {
  if (SPECIAL.has(spec.name)) return
  const proto = ScriptEvent.prototype as unknown as Record<string, unknown>
  const get = function (this: ScriptEvent) {
    return getValue(spec.kind, this.ev[index]!)
  }
  const set = function (this: ScriptEvent, v: unknown) {
    this.ev[index] = setValue(spec.name, spec.kind, v)
  }
  proto[`get${capitalize(spec.name)}`] = get
  proto[`set${capitalize(spec.name)}`] = set
  Object.defineProperty(ScriptEvent.prototype, spec.name, {get, set, configurable: true})
})
