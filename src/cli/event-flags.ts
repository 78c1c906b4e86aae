import {Flags} from '@oclif/core'
import type {EventFilter, EventStatus} from '../client/types.js'
import {parseSince} from '../client/duration.js'
import {unknownEventType} from '../event/event-types.js'
import {SpError} from '../errors/sp-error.js'

/** `--url`, shared by sp tail / events / assert / reset. */
export const urlFlag = Flags.string({
  summary: 'URL of the running sp micro (default: $SP_URL, else http://127.0.0.1:9090).',
  helpValue: 'URL',
})

/**
 * `--url` of the schema commands (`--registry`, igluctl's name, kept as an alias): the Iglu Server
 * root. Unset: $SP_IGLU_REGISTRY_URL (the variable sp micro resolves from), else $SP_URL, else the
 * local sp micro.
 */
export const registryUrlFlag = Flags.string({
  summary: 'Iglu Server root URL, without /api (default: $SP_IGLU_REGISTRY_URL, else $SP_URL, else http://127.0.0.1:9090). Alias: --registry.',
  aliases: ['registry'],
  helpValue: 'URL',
})

export function registryUrl(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = [env.SP_IGLU_REGISTRY_URL, env.SP_URL].find((v) => v !== undefined && v.trim() !== '')
  return flag ?? fromEnv ?? 'http://127.0.0.1:9090'
}

/** The API's event filters as flags, shared by sp tail and sp events. */
export const eventFilterFlags = {
  good: Flags.boolean({summary: 'Only good events.', default: false}),
  bad: Flags.boolean({summary: 'Only bad events (failed before enrich: unreadable payloads, adapter and protocol failures).', default: false}),
  incomplete: Flags.boolean({summary: 'Only incomplete events (failed validation or an enrichment: Enrich 6 failed events).', default: false}),
  failed: Flags.boolean({summary: 'Bad and incomplete events (= --bad --incomplete).', default: false}),
  schema: Flags.string({
    summary: 'Event schema: iglu:com.acme/checkout/jsonschema/1-*-* (iglu: optional, * in the version), com.acme/checkout or checkout (any version). Also finds failed events of that schema.',
    helpValue: 'URI',
  }),
  'event-type': Flags.string({summary: 'Event type: page_view, page_ping, struct, unstruct, transaction … or a tracker code (pv, pp, se, ue, tr, ti).', helpValue: 'TYPE'}),
  context: Flags.string({summary: 'Attached context (entity) URI; repeatable, all must be present.', multiple: true, helpValue: 'URI'}),
  'app-id': Flags.string({summary: 'app_id (case-insensitive).', helpValue: 'ID'}),
  'event-id': Flags.string({summary: 'One event_id.', helpValue: 'UUID'}),
  text: Flags.string({summary: "Free text anywhere in the enriched event's values or the error messages (case-insensitive).", helpValue: 'TEXT'}),
  since: Flags.string({summary: 'Only events collected since: a duration back from now (30s, 5m, 2h) or an ISO-8601 time.', helpValue: 'WHEN'}),
}

export interface EventFilterFlagValues {
  good: boolean
  bad: boolean
  incomplete: boolean
  failed: boolean
  schema?: string
  'event-type'?: string
  context?: string[]
  'app-id'?: string
  'event-id'?: string
  text?: string
  since?: string
}

/** The statuses asked for (empty = all). */
export function statusesFromFlags(flags: EventFilterFlagValues): EventStatus[] {
  const out = new Set<EventStatus>()
  if (flags.good) out.add('good')
  if (flags.bad || flags.failed) out.add('bad')
  if (flags.incomplete || flags.failed) out.add('incomplete')
  return out.size === 3 ? [] : [...out]
}

/** The API filter for the flags; two statuses go as a list (`good,bad`), so limits count right. */
export function filterFromFlags(flags: EventFilterFlagValues, now: number = Date.now()): EventFilter {
  const statuses = statusesFromFlags(flags)
  const filter: EventFilter = {}
  if (statuses.length === 1) filter.status = statuses[0]
  else if (statuses.length === 2) filter.status = statuses.includes('good') ? `${statuses[0]!},${statuses[1]!}` : 'failed'
  if (flags.schema !== undefined) filter.schema = flags.schema
  if (flags['event-type'] !== undefined) {
    const problem = unknownEventType(flags['event-type'])
    if (problem !== undefined) throw new SpError('INVALID_OPTION', `--event-type: ${problem}`)
    filter.event_type = flags['event-type']
  }
  if (flags.context !== undefined && flags.context.length > 0) filter.contexts = flags.context
  if (flags['app-id'] !== undefined) filter.app_id = flags['app-id']
  if (flags['event-id'] !== undefined) filter.event_id = flags['event-id']
  if (flags.text !== undefined) filter.q = flags.text
  if (flags.since !== undefined) filter.since = parseSince(flags.since, now)
  return filter
}

/** Colour on a terminal unless NO_COLOR (https://no-color.org) or FORCE_COLOR=0; FORCE_COLOR forces it. */
export function colorEnabled(stream: {isTTY?: boolean}, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false'
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  return stream.isTTY === true && env.TERM !== 'dumb'
}

/** CI=true (GitHub, GitLab, CircleCI …) or another CI marker. */
export function isCI(env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI
  if (ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false') return true
  return env.GITHUB_ACTIONS === 'true' || env.BUILDKITE === 'true' || env.CONTINUOUS_INTEGRATION !== undefined
}
