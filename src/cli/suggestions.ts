import {closestMatch} from '../errors/suggest.js'

/**
 * The command a mistyped one was meant to be: the longest run of leading words that is close to a
 * command id of as many words (`schema pus schemas` → `schema:push`, with `schemas` left as an
 * argument). Undefined when nothing is close.
 */
export function suggestCommand(words: readonly string[], commandIds: readonly string[]): {command: string; rest: string[]} | undefined {
  for (let k = words.length; k >= 1; k--) {
    const wanted = words.slice(0, k).join(':')
    const sameLength = commandIds.filter((id) => id.split(':').length === k)
    // a typo in the command word, under a topic that is spelt right (or close)
    const match = closestMatch(wanted, sameLength)
    if (match !== undefined) return {command: match, rest: words.slice(k)}
  }
  return undefined
}

/** `--prot` → `port`: the flag (or alias) of the command closest to an unknown one. */
export function suggestFlag(unknown: string, flagNames: readonly string[]): string | undefined {
  return closestMatch(unknown.replace(/^-+/, '').replace(/=.*$/, ''), flagNames)
}

interface ParseErrorLike {
  flags?: unknown
  parse?: {input?: {flags?: Record<string, {aliases?: string[]; char?: string}>; context?: {id?: string}}}
}

/**
 * oclif's "Nonexistent flag: --prot" followed by the whole usage becomes one line naming the flag
 * meant ("did you mean --port?"), exit 2. Other errors are returned as they are.
 */
export function friendlierParseError(error: unknown): unknown {
  const e = error as ParseErrorLike | null
  if (e === null || typeof e !== 'object' || !Array.isArray(e.flags) || e.parse?.input?.flags === undefined) return error
  const defined = e.parse.input.flags
  const command = (e.parse.input.context?.id ?? '').replaceAll(':', ' ')
  const names = Object.entries(defined).flatMap(([name, d]) => [name, ...(d.aliases ?? [])])
  const lines = (e.flags as string[]).map((flag) => {
    const meant = suggestFlag(flag, names)
    return `Unknown flag ${flag}${meant === undefined ? '' : `: did you mean --${meant}?`}`
  })
  return Object.assign(new Error(`${lines.join('\n')}\nSee sp ${command} --help for its flags.`), {oclif: {exit: 2}})
}
