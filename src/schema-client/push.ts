import {compareSchemaVer} from '../iglu/index.js'
import type {SchemaKey} from '../iglu/types.js'
import {readSchemas, schemaPathOf} from '../lint/files.js'
import {lintSchemaFile} from '../lint/run.js'
import type {FileProblem, MetaSchemaCheck, SchemaFile, SchemaReport} from '../lint/types.js'
import {messageOf, type RegistryAnswer, type RegistryClient} from './client.js'
import {explainPushFailure, nextAddition, type AuthInfo} from './explain.js'

export type PushStatus = 'created' | 'updated' | 'unchanged' | 'rejected' | 'would-create' | 'would-patch' | 'would-push'

export interface PushOutcome {
  uri: string
  path: string
  status: PushStatus
  /** HTTP status of the answer (absent for a dry run without registry) */
  httpStatus?: number
  /** the registry's message */
  message: string
  /** why it was refused and what to do */
  hint?: string
}

export interface PushSummary {
  created: number
  updated: number
  unchanged: number
  rejected: number
  wouldCreate: number
  wouldPatch: number
  wouldPush: number
}

export interface PushResult {
  /** file-check problems and lint reports with errors: when non-empty nothing was sent */
  blockedBy: {problems: FileProblem[]; reports: SchemaReport[]}
  outcomes: PushOutcome[]
  /** schemas not sent because the registry refused the key itself (the push stopped at the first refusal) */
  notSent: number
  summary: PushSummary
  ok: boolean
}

export interface PushOptions {
  /** absent only for a dry run that just lists the push order */
  client?: RegistryClient
  apiKeySent: boolean
  isPublic: boolean
  dryRun: boolean
  metaCheck: MetaSchemaCheck
  /** called with each outcome as it happens (streamed output) */
  onOutcome?: (outcome: PushOutcome) => void
}

/** Vendor, name, format, then SchemaVer order: 1-0-2 before 1-0-10 (igluctl sorts paths as text). */
export function pushOrder(a: SchemaKey, b: SchemaKey): number {
  const text = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0)
  return text(a.vendor, b.vendor) || text(a.name, b.name) || text(a.format, b.format) || compareSchemaVer(a.version, b.version)
}

/** JSON with sorted keys, to compare what we push with what the registry holds. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/** Same schema, ignoring what the registry adds on its own (`$supersededBy`). */
function sameSchema(local: unknown, remote: unknown): boolean {
  const strip = (s: unknown): unknown => {
    if (s === null || typeof s !== 'object' || Array.isArray(s)) return s
    const {$supersededBy: _by, ...rest} = s as Record<string, unknown>
    return rest
  }
  return stableJson(strip(local)) === stableJson(strip(remote))
}

const hasLintErrors = (r: SchemaReport): boolean => r.syntax.length > 0 || r.issues.some((i) => i.level === 'error')

/**
 * `sp schema push`: file checks and lint first (errors stop everything before any request), then
 * one PUT per schema in SchemaVer order. A 409 for a version whose content is identical counts as
 * unchanged, so re-running a push in CI is harmless.
 */
export async function pushSchemas(input: string, options: PushOptions): Promise<PushResult> {
  const {schemas, problems} = await readSchemas(input)
  const reports = schemas.map((s) => lintSchemaFile(s, {metaCheck: options.metaCheck}))
  const failing = reports.filter(hasLintErrors)
  const summary: PushSummary = {created: 0, updated: 0, unchanged: 0, rejected: 0, wouldCreate: 0, wouldPatch: 0, wouldPush: 0}
  if (problems.length > 0 || failing.length > 0) {
    return {blockedBy: {problems, reports: failing}, outcomes: [], notSent: 0, summary, ok: false}
  }

  const ordered = [...schemas].sort((a, b) => pushOrder(a.key, b.key))
  const outcomes: PushOutcome[] = []
  let whoAmI: Promise<AuthInfo | undefined> | undefined
  const ask = (): Promise<AuthInfo | undefined> => {
    whoAmI ??= options.client!
      .serverInfo()
      .then((a) => (a.status === 200 ? ((a.body as {authInfo?: AuthInfo}).authInfo ?? undefined) : undefined))
      .catch(() => undefined)
    return whoAmI
  }

  let notSent = 0
  for (const [i, file] of ordered.entries()) {
    const {outcome, keyRefused} = options.dryRun ? {outcome: await dryRunOne(file, options.client), keyRefused: false} : await pushOne(file, options, ask)
    outcomes.push(outcome)
    options.onOutcome?.(outcome)
    count(summary, outcome.status)
    if (keyRefused) {
      // the same refusal awaits every other schema: say it once
      notSent = ordered.length - i - 1
      break
    }
  }
  return {blockedBy: {problems: [], reports: []}, outcomes, notSent, summary, ok: summary.rejected === 0}
}

function count(summary: PushSummary, status: PushStatus): void {
  const field: Record<PushStatus, keyof PushSummary> = {
    created: 'created',
    updated: 'updated',
    unchanged: 'unchanged',
    rejected: 'rejected',
    'would-create': 'wouldCreate',
    'would-patch': 'wouldPatch',
    'would-push': 'wouldPush',
  }
  summary[field[status]]++
}

/**
 * Reads the version first: identical content is unchanged and not sent (with --allow-patches a PUT
 * would answer "updated" for it), then PUTs.
 */
async function pushOne(
  file: SchemaFile,
  options: PushOptions,
  whoAmI: () => Promise<AuthInfo | undefined>,
): Promise<{outcome: PushOutcome; keyRefused: boolean}> {
  const client = options.client!
  const path = schemaPathOf(file.key)
  const uri = `iglu:${path}`
  if (await isIdentical(client, path, file)) {
    return {outcome: {uri, path: file.path, status: 'unchanged', httpStatus: 200, message: 'already in the registry with the same content'}, keyRefused: false}
  }
  const answer = await client.putSchema(path, file.schema, options.isPublic)
  const base = {uri, path: file.path, httpStatus: answer.status, message: messageOf(answer)}
  if (answer.status === 201) return {outcome: {...base, status: 'created'}, keyRefused: false}
  if (answer.status >= 200 && answer.status < 300) return {outcome: {...base, status: 'updated'}, keyRefused: false}
  const version = path.split('/')[3]!
  const failure = await explainPushFailure(answer, {
    vendor: file.key.vendor,
    version,
    isPublic: options.isPublic,
    apiKeySent: options.apiKeySent,
    root: client.root,
    whoAmI,
    nextFreeVersion: () => nextFreeVersion(client, path, version),
  })
  return {outcome: {...base, status: 'rejected', ...(failure.hint ? {hint: failure.hint} : {})}, keyRefused: failure.keyRefused}
}

/** The first addition after `version` the registry does not hold (it answers 404 for it). */
async function nextFreeVersion(client: RegistryClient, path: string, version: string): Promise<string> {
  const head = path.slice(0, path.lastIndexOf('/') + 1)
  let next = nextAddition(version)
  for (let i = 0; i < 100 && (await client.getSchema(head + next)).status === 200; i++) next = nextAddition(next)
  return next
}

async function isIdentical(client: RegistryClient, path: string, file: SchemaFile): Promise<boolean> {
  let remote: RegistryAnswer
  try {
    remote = await client.getSchema(path)
  } catch {
    return false
  }
  return remote.status === 200 && sameSchema(file.schema, remote.body)
}

async function dryRunOne(file: SchemaFile, client: RegistryClient | undefined): Promise<PushOutcome> {
  const path = schemaPathOf(file.key)
  const uri = `iglu:${path}`
  if (!client) return {uri, path: file.path, status: 'would-push', message: 'would be pushed'}
  const remote = await client.getSchema(path)
  if (remote.status === 404) return {uri, path: file.path, status: 'would-create', httpStatus: 404, message: 'would be created'}
  if (remote.status === 200) {
    return sameSchema(file.schema, remote.body)
      ? {uri, path: file.path, status: 'unchanged', httpStatus: 200, message: 'already in the registry with the same content'}
      : {uri, path: file.path, status: 'would-patch', httpStatus: 200, message: 'would be patched (the registry must allow patches)'}
  }
  return {
    uri,
    path: file.path,
    status: 'would-push',
    httpStatus: remote.status,
    message: `would be pushed (reading it back answered ${remote.status}: ${messageOf(remote)})`,
  }
}

/** One line per outcome, igluctl-like for successes: `Schema created at iglu:…  (201)`. */
export function outcomeLine(o: PushOutcome): string {
  switch (o.status) {
    case 'created':
    case 'updated':
      return `${o.message} at ${o.uri}  (${o.httpStatus})`
    case 'unchanged':
      return `Unchanged ${o.uri}: ${o.message}${o.httpStatus ? `  (${o.httpStatus})` : ''}`
    case 'rejected':
      return `Rejected ${o.uri}: ${o.message}  (${o.httpStatus})` + (o.hint ? `\n  ${o.hint}` : '')
    default:
      return `${o.uri} ${o.message}`
  }
}

const schemas = (n: number): string => `${n} schema${n === 1 ? '' : 's'}`

export function summaryLine(result: PushResult, root: string | undefined, dryRun: boolean): string {
  const s = result.summary
  const total = result.outcomes.length + result.notSent
  if (dryRun) {
    const parts = root
      ? [`${s.wouldCreate} would be created`, `${s.wouldPatch} would be patched`, `${s.unchanged} unchanged`]
      : [`${s.wouldPush} would be pushed`]
    if (s.wouldPush > 0 && root) parts.push(`${s.wouldPush} unknown`)
    return `Dry run, nothing sent: ${schemas(total)}, ${parts.join(', ')}`
  }
  const counts = `${s.created} created, ${s.updated} updated, ${s.unchanged} unchanged, ${s.rejected} rejected`
  const accepted = s.created + s.updated + s.unchanged
  if (result.notSent > 0) {
    return `Push stopped: the registry refused the API key, so ${schemas(result.notSent)} of ${total} ${result.notSent === 1 ? 'was' : 'were'} not sent to ${root} (${counts})`
  }
  if (s.rejected === 0) return `Pushed ${schemas(total)} to ${root}: ${counts}`
  return `Pushed ${accepted} of ${schemas(total)} to ${root}: ${counts}`
}
