import {randomUUID} from 'node:crypto'
import type {IgluClient} from '../iglu/types.js'
import {runValidating, type Validating} from '../iglu/validating.js'
import type {RawEvent} from '../adapters/raw-event.js'
import {decodeBase64Lenient} from '../adapters/base64.js'
import {F, FIELDS, FIELD_INDEX} from '../event/fields.js'
import {createEnrichedEvent, type EnrichedEvent, type SelfDescribing} from '../event/enriched-event.js'
import {formatIsoTimestamp, isRedshiftCompatible} from '../event/timestamps.js'
import {toPartiallyEnrichedEvent} from '../event/partial.js'
import {SP_PROCESSOR, type Processor} from '../badrows/envelope.js'
import {formatOutOfRange, toCleanString, toIpAddress} from './converters.js'
import {transform} from './transform.js'
import {distinctEntities, extractContexts, extractUnstruct} from './input-jsons.js'
import {explodeUri} from './uri.js'
import {derivedTstamp, extractSchemaFields} from './schema-fields.js'
import {parseCrossDomain} from './cross-domain.js'
import {
  atomicViolation,
  enrichmentFailureEntity,
  schemaViolationEntity,
  type AtomicProblem,
  type EnrichmentFailureMessage,
  type SchemaViolation,
  type SchemaViolationMessage,
} from './failures.js'
import {SP_VERSION} from '../version.js'

export interface EnrichOptions {
  iglu: IgluClient
  processor?: Processor
  /** v_etl, default `sp-<version>` */
  etlVersion?: string
  /** clock for etl_tstamp and failure timestamps (tests) */
  now?: () => number
}

export type EnrichFailure =
  | {type: 'schema_violations'; messages: SchemaViolationMessage[]}
  | {type: 'enrichment_failures'; messages: EnrichmentFailureMessage[]}

export interface EnrichOutcome {
  /** the event to emit: valid, or (with `failure`) incomplete with failure entities in derived_contexts */
  event: EnrichedEvent
  /** the highest-priority failure (schema violations > enrichment failures > atomic lengths) */
  failure: EnrichFailure | null
  /** PartiallyEnrichedEvent for the bad row, taken before long fields were nulled */
  partial: Record<string, string | number | null> | null
  etlTstamp: number
}

export const DEFAULT_ETL_VERSION = `sp-${SP_VERSION}`

// The length-limited string fields and their limits, as parallel arrays: checked for every event.
const LIMITED_INDEX: readonly number[] = FIELDS.flatMap((f, index) => (f.kind === 'string' && f.limit > 0 ? [index] : []))
const LIMITED_MAX: readonly number[] = LIMITED_INDEX.map((index) => FIELDS[index]!.limit)

function setUri(event: EnrichedEvent, text: string | null, first: number): string | null {
  if (text === null) return null
  const parts = explodeUri(text)
  if (!parts) return text
  event[first] = parts.scheme
  event[first + 1] = parts.host
  event[first + 2] = parts.port
  event[first + 3] = parts.path
  event[first + 4] = parts.query
  event[first + 5] = parts.fragment
  return parts.uri
}

/**
 * One raw event → one enriched event, in enrich's order: setup, Transform + input JSON validation
 * (phase 1: schema_violations), enrichments (phase 2: enrichment_failures), atomic field lengths
 * (phase 3: schema_violations). Like Enrich 6 with emitFailed, a failing event is still emitted,
 * without its invalid parts and with failure entities prepended to derived_contexts.
 */
export function enrichEvent(raw: RawEvent, options: EnrichOptions): EnrichOutcome | Promise<EnrichOutcome> {
  return runValidating(enrichSteps(raw, options), options.iglu)
}

function* enrichSteps(raw: RawEvent, options: EnrichOptions): Validating<EnrichOutcome> {
  const processor = options.processor ?? SP_PROCESSOR
  const etl = options.now ? options.now() : Date.now()
  const ev = createEnrichedEvent()
  const params = raw.parameters

  // Setup (EnrichmentManager.setupEnrichedEvent)
  ev[F.event_id] = randomUUID()
  ev[F.v_collector] = raw.source.name || null
  ev[F.v_etl] = options.etlVersion ?? DEFAULT_ETL_VERSION
  ev[F.etl_tstamp] = etl
  ev[F.network_userid] = raw.context.userId
  ev[F.user_ipaddress] = raw.context.ipAddress === null ? null : toIpAddress(toCleanString(raw.context.ipAddress) ?? '')
  ev[F.useragent] = raw.context.useragent === null ? null : toCleanString(raw.context.useragent)
  const enrichmentFailures: EnrichmentFailureMessage[] = []
  const collector = raw.context.timestamp
  if (isRedshiftCompatible(collector)) {
    ev[F.collector_tstamp] = collector
  } else {
    enrichmentFailures.push({
      enrichment: null,
      message: {field: 'collector_tstamp', value: String(collector), expectation: `Formatted as ${formatOutOfRange(collector)} is not Redshift-compatible`},
    })
  }

  // Phase 1: atomic fields, then the self-describing inputs
  const violations: SchemaViolation[] = []
  const parseErrors = transform(params, ev)
  if (parseErrors.length > 0) {
    violations.push(atomicViolation(parseErrors.map((e) => ({...e, keyword: 'atomic_field_parse_error' as const}))))
  }
  const cx = params.cx
  const co = params.co
  const contextsText = cx != null ? decodeBase64Lenient(cx) : co != null ? co : null
  let derivedContexts: SelfDescribing[] | null = null
  if (contextsText !== null) {
    const contexts = yield* extractContexts(contextsText)
    if (contexts.entities.length > 0) ev[F.contexts] = contexts.entities
    for (const v of contexts.violations) violations.push(v)
    if (contexts.derived.length > 0) derivedContexts = contexts.derived
  }
  const uePx = params.ue_px
  const uePr = params.ue_pr
  const unstructText = uePx != null ? decodeBase64Lenient(uePx) : uePr != null ? uePr : null
  let unstructKey = null
  if (unstructText !== null) {
    const unstruct = yield* extractUnstruct(unstructText)
    ev[F.unstruct_event] = unstruct.event
    unstructKey = unstruct.key
    for (const v of unstruct.violations) violations.push(v)
    // Enrich lists the event's validation_info before the contexts' ones
    if (unstruct.derived.length > 0) derivedContexts = [...unstruct.derived, ...(derivedContexts ?? [])]
  }
  if (derivedContexts !== null) ev[F.derived_contexts] = distinctEntities(derivedContexts)

  // Phase 2: the enrichments enrich always runs
  if (ev[F.v_collector] === null) {
    enrichmentFailures.push({enrichment: null, message: {field: 'v_collector', value: null, expectation: 'should be set'}})
  }
  const pageUrl = (ev[F.page_url] as string | null) ?? (raw.context.refererUri === null ? null : toCleanString(raw.context.refererUri))
  ev[F.page_url] = setUri(ev, pageUrl, F.page_urlscheme)
  if (ev[F.collector_tstamp] !== null) {
    ev[F.derived_tstamp] = derivedTstamp(
      ev[F.true_tstamp] as number | null,
      ev[F.collector_tstamp] as number,
      ev[F.dvce_sent_tstamp] as number | null,
      ev[F.dvce_created_tstamp] as number | null,
    )
  }
  ev[F.page_referrer] = setUri(ev, ev[F.page_referrer] as string | null, F.refr_urlscheme)
  // cross-domain `_sp`: Enrich reads it with or without the cross_navigation enrichment
  const crossDomain = parseCrossDomain(ev[F.page_urlquery] as string | null)
  if (!crossDomain.ok) enrichmentFailures.push(crossDomain.failure)
  else if (crossDomain.fields !== null) {
    ev[F.refr_domain_userid] = crossDomain.fields.domain_user_id
    ev[F.refr_dvce_tstamp] = crossDomain.fields.timestamp
  }
  const schema = extractSchemaFields(ev[F.event] as string | null, unstructKey)
  if (typeof schema === 'string') {
    enrichmentFailures.push({enrichment: null, message: {field: 'event', value: ev[F.event] as string | null, expectation: schema}})
  } else if (schema !== null) {
    ev[F.event_vendor] = schema.vendor
    ev[F.event_name] = schema.name
    ev[F.event_format] = schema.format
    ev[F.event_version] = schema.version
  }

  // Phase 3: atomic field lengths
  const tooLong: AtomicProblem[] = []
  for (let i = 0; i < LIMITED_INDEX.length; i++) {
    const v = ev[LIMITED_INDEX[i]!] as string | null
    const limit = LIMITED_MAX[i]!
    if (v !== null && v.length > limit) {
      const name = FIELDS[LIMITED_INDEX[i]!]!.name
      tooLong.push({field: name, value: v, message: `Field is longer than maximum allowed size ${limit}`, keyword: 'atomic_field_length_exceeded'})
    }
  }

  if (violations.length === 0 && enrichmentFailures.length === 0 && tooLong.length === 0) {
    return {event: ev, failure: null, partial: null, etlTstamp: etl}
  }

  const partial = toPartiallyEnrichedEvent(ev)
  const lengthViolation = tooLong.length > 0 ? atomicViolation(tooLong) : null
  for (const p of tooLong) ev[FIELD_INDEX[p.field]!] = null

  const timestamp = formatIsoTimestamp(etl)
  const entities: SelfDescribing[] = []
  for (const v of violations) entities.push(schemaViolationEntity(v, timestamp, processor))
  for (const f of enrichmentFailures) entities.push(enrichmentFailureEntity(f, timestamp, processor))
  if (lengthViolation) entities.push(schemaViolationEntity(lengthViolation, timestamp, processor))
  const derived = ev[F.derived_contexts] as SelfDescribing[] | null
  ev[F.derived_contexts] = derived ? [...entities, ...derived] : entities

  const failure: EnrichFailure =
    violations.length > 0
      ? {type: 'schema_violations', messages: violations.map((v) => v.message)}
      : enrichmentFailures.length > 0
        ? {type: 'enrichment_failures', messages: enrichmentFailures}
        : {type: 'schema_violations', messages: [lengthViolation!.message]}
  return {event: ev, failure, partial, etlTstamp: etl}
}
