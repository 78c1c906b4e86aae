import {unsupportedFlag} from './errors.js'

/**
 * Snowplow Micro command-line forms that oclif cannot express, handled before oclif parses:
 * `-Dkey=value` (JVM system properties: collector/enrich overrides, the EventLog switch) are taken
 * out; `-s/--storage FILE`, `-a/--auth FILE` and `--yauaa` are refused with what to use instead.
 * sp's own `--storage`/`--no-storage` (a switch) keeps working: only `--storage` followed by a
 * value is Micro's PostgreSQL form.
 */
export interface MicroArgv {
  argv: string[]
  systemProperties: Record<string, string>
}

export const REFUSALS = {
  storage:
    "Snowplow Micro's -s/--storage FILE (PostgreSQL storage config) is not an sp micro option: sp micro always keeps events durably in SQLite (--db FILE, default .sp/micro.db; --db :memory: for a throwaway run). To load events into PostgreSQL, see --postgres in sp micro --help.",
  auth:
    "Snowplow Micro's -a/--auth FILE (Snowplow Console authorization) is not supported: sp micro has no Console to ask. Its /micro/* API is open to whoever can reach it, and it binds 127.0.0.1 by default; keep it there, or put an authenticating reverse proxy in front.",
  yauaa:
    "--yauaa is not supported: YAUAA is a Java library and no Node library reproduces its fields. Use the ua_parser enrichment (ua_parser_config) for user-agent fields instead.",
} as const

export function preprocessMicroArgv(argv: readonly string[]): MicroArgv {
  const out: string[] = []
  const systemProperties: Record<string, string> = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') {
      out.push(...argv.slice(i))
      break
    }
    const next = argv[i + 1]
    const hasValue = next !== undefined && !next.startsWith('-')
    if (arg.startsWith('-D')) {
      const spec = arg.length > 2 ? arg.slice(2) : argv[++i] ?? ''
      const eq = spec.indexOf('=')
      if (eq <= 0) throw unsupportedFlag(`Invalid -D override ${JSON.stringify(spec)}: expected -Dkey=value, e.g. -Dcollector.cookie.name=sp`)
      systemProperties[spec.slice(0, eq)] = spec.slice(eq + 1)
    } else if (arg === '-s' || arg.startsWith('--storage=') || (arg === '--storage' && hasValue) || /^-s./.test(arg)) {
      throw unsupportedFlag(REFUSALS.storage)
    } else if (arg === '-a' || arg === '--auth' || arg.startsWith('--auth=') || /^-a./.test(arg)) {
      throw unsupportedFlag(REFUSALS.auth)
    } else if (arg === '--yauaa') {
      throw unsupportedFlag(REFUSALS.yauaa)
    } else {
      out.push(arg)
    }
  }
  return {argv: out, systemProperties}
}
