import type {RegistryAnswer} from './client.js'
import {messageOf} from './client.js'

/** What `/api/meta/server` says about the key that was sent. */
export interface AuthInfo {
  vendor: string
  schema: string | null
  key: string[]
}

export interface PushContext {
  vendor: string
  /** `M-R-A` */
  version: string
  isPublic: boolean
  apiKeySent: boolean
  root: string
  /** asks the registry who the key is; undefined when it cannot tell (not every server can) */
  whoAmI: () => Promise<AuthInfo | undefined>
  /** the first addition after `version` the registry does not hold yet (asked on a 409) */
  nextFreeVersion?: () => Promise<string>
}

/** `1-0-1` → `1-0-2`. */
export function nextAddition(version: string): string {
  const [m, r, a] = version.split('-').map(Number)
  return `${m}-${r}-${(a ?? 0) + 1}`
}

/** Why a PUT was refused, and whether the same refusal awaits every other schema (a bad key). */
export interface PushFailure {
  hint?: string
  /** the key itself is refused (unknown, not a UUID, read-only, none sent): pushing on is pointless */
  keyRefused: boolean
}

async function explainForbidden(ctx: PushContext): Promise<PushFailure> {
  if (!ctx.apiKeySent) return {keyRefused: true, hint: 'No API key was sent: pass --api-key or set SP_IGLU_API_KEY (a write key for this vendor, or the super key).'}
  const who = await ctx.whoAmI().catch(() => undefined)
  if (who && who.schema === null && who.key.length === 0) {
    return {
      keyRefused: true,
      hint:
        'The registry does not know this API key (it treats it as anonymous). Check the key, or create one: sp schema keygen --url ' +
        `${ctx.root} --api-key <super key> --vendor-prefix ${ctx.vendor} (sp micro prints its super key at startup).`,
    }
  }
  if (who && who.schema === 'READ') {
    return {keyRefused: true, hint: 'This is a read key: it can read schemas but not publish them. Use the write key printed by the same keygen, or the super key.'}
  }
  if (who) {
    const scope = who.vendor === '' ? 'every vendor' : `vendor prefix '${who.vendor}'`
    return {
      keyRefused: false,
      hint: `This key is scoped to ${scope}, which does not cover '${ctx.vendor}'. Create a write key for it: ` +
        `sp schema keygen --url ${ctx.root} --api-key <super key> --vendor-prefix ${ctx.vendor}`,
    }
  }
  return {
    keyRefused: false,
    hint: `The key may not write '${ctx.vendor}': it is unknown to the registry, a read key, or a write key for another vendor prefix. ` +
      'Use a write key for this vendor (sp schema keygen prints one) or the super key.',
  }
}

async function explainConflict(message: string, ctx: PushContext): Promise<string | undefined> {
  if (message === 'Schema already exists') {
    const next = ctx.nextFreeVersion ? await ctx.nextFreeVersion().catch(() => nextAddition(ctx.version)) : nextAddition(ctx.version)
    return `${ctx.version} is already in the registry with different content. Publish the change as a new version ` +
      `(${next} is the next one free), or, in development only, run sp micro --allow-patches (Iglu Server: patchesAllowed) to overwrite it.`
  }
  if (message.startsWith('Inconsistent schema availability')) {
    return `Every version of a schema shares one visibility: push ${ctx.isPublic ? 'without' : 'with'} --public to match the versions already there.`
  }
  if (message.startsWith('Preceding SchemaVer')) {
    return 'The registry lacks the version before this one. Push the earlier versions too (sp pushes in SchemaVer order, so keep them in PATH).'
  }
  if (message.startsWith('Next revision in the group exists')) {
    return 'A later revision is already published; additions to an older revision are refused. Publish this change after the latest version.'
  }
  if (message.startsWith('Superseded schema version')) {
    return '$supersedes may only list versions that exist in the registry and are lower than this one.'
  }
  return undefined
}

function reportErrors(body: unknown): string | undefined {
  const report = (body as {report?: Array<{message: string; level: string; pointer: string}>})?.report
  if (!Array.isArray(report)) return undefined
  const errors = report.filter((r) => r.level === 'ERROR').map((r) => `${r.pointer} ${r.message}`)
  return errors.length > 0 ? `The registry's schema check failed: ${errors.join('; ')}` : undefined
}

/** One sentence that says why a PUT was refused and what to do about it. */
export async function explainPushFailure(answer: RegistryAnswer, ctx: PushContext): Promise<PushFailure> {
  const message = messageOf(answer)
  switch (answer.status) {
    case 400:
      if (message === 'Invalid UUID for ApiKey') return {keyRefused: true, hint: 'The API key must be a UUID.'}
      return {keyRefused: false, hint: reportErrors(answer.body)}
    case 401:
      return {
        keyRefused: true,
        hint: 'The registry refused the API key (401 Unauthorized). Check --api-key / SP_IGLU_API_KEY: it must be a key of this registry ' +
          '(sp micro prints its super key at startup; sp schema keygen makes write keys).',
      }
    case 403:
      return explainForbidden(ctx)
    case 404:
      return message === 'The schema is not found'
        ? {keyRefused: true, hint: 'Old Iglu Servers answer this to an API key they do not know: check the key.'}
        : {keyRefused: true, hint: `Nothing at ${ctx.root}/api/schemas/...: is --url the server root (e.g. http://127.0.0.1:9090, without /api)?`}
    case 409:
      return {keyRefused: false, hint: await explainConflict(message, ctx)}
    case 413:
      return {keyRefused: false, hint: 'The schema is larger than the registry accepts (Iglu Server: 100 kB).'}
    default:
      return {keyRefused: false, hint: answer.status >= 500 ? 'The registry failed; see its logs.' : undefined}
  }
}

/** keygen refusals, explained. */
export function explainKeygenFailure(answer: RegistryAnswer): string | undefined {
  const message = messageOf(answer)
  if (message === 'Not sufficient privileges to create keys' || answer.status === 401) {
    return 'Only the super key creates keys (sp micro prints it at startup, or set it with sp micro --api-key / SP_IGLU_SUPER_API_KEY); ' +
      'read and write keys cannot.'
  }
  if (message.startsWith('Cannot create')) return 'The prefix is outside the vendor your key may manage.'
  return undefined
}
