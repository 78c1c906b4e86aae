import {Command, Flags} from '@oclif/core'
import {exitWithError} from '../src/cli/exit-codes.js'
import {colorEnabled, eventFilterFlags, filterFromFlags, isCI, statusesFromFlags, urlFlag} from '../src/cli/event-flags.js'
import {MicroClient} from '../src/client/micro-client.js'
import {parseSince} from '../src/client/duration.js'

export default class Tail extends Command {
  static override summary = 'Watch good and bad events arrive in a running sp micro: a live terminal UI, or one line per event.'

  static override description = `Starts with recent history (--last, default 100, or --since), then follows the live stream (GET /micro/stream) and reconnects by itself when the server restarts.

On a terminal: a full-screen list (newest at the bottom, follows unless you scroll). Keys: ↑/↓ or j/k move, Enter opens the event (highlighted JSON, decoded contexts and self-describing event, every error readably), g/b/a show good/bad/all, / filters by schema, event name or text, p pauses, c clears, q quits, ? help.

Line mode (one line per event, or NDJSON with --json) when stdout is not a terminal, with --no-tui or --json, or under CI: made for | grep and logs. Status is a symbol as well as a colour (✓ good, ✗ bad, ◐ incomplete); NO_COLOR is honoured.`

  static override examples = [
    {description: 'Live view of everything', command: '<%= config.bin %> tail'},
    {description: 'Only failures of one schema, starting with the last 5 minutes', command: '<%= config.bin %> tail --failed --schema iglu:com.acme/checkout/jsonschema/1-*-* --since 5m'},
    {description: 'Lines for grep', command: '<%= config.bin %> tail --no-tui | grep checkout'},
    {description: 'NDJSON into jq, in CI logs', command: "<%= config.bin %> tail --json | jq -c 'select(.status != \"good\")'"},
  ]

  static override flags = {
    url: urlFlag,
    ...eventFilterFlags,
    last: Flags.integer({summary: 'Start with the N newest matching events (default 100; 0 = live only).', min: 0}),
    tui: Flags.boolean({summary: 'Full-screen UI on a terminal (--no-tui: line mode).', allowNo: true, default: true}),
    json: Flags.boolean({summary: 'Line mode, one NDJSON object per event (the stream event: id, status, eventId, eventType, schema, contexts, appId, collectorTstamp, errors).', default: false}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Tail)
    try {
      const client = new MicroClient(flags.url)
      const statuses = statusesFromFlags(flags)
      // --since is where history starts, not a filter on live events
      const filter = filterFromFlags({...flags, since: undefined})
      const since = flags.since === undefined ? undefined : parseSince(flags.since)
      const last = since === undefined ? (flags.last ?? 100) : flags.last
      const controller = new AbortController()
      const stop = () => controller.abort()
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
      const tui = flags.tui && !flags.json && process.stdout.isTTY === true && process.stdin.isTTY === true && !isCI()
      // ink and react load only for the full-screen UI
      if (tui) {
        const {runTui} = await import('../src/tui/run.js')
        await runTui(client, {filter, statuses, last, since, signal: controller.signal})
      } else {
        const {runLineTail} = await import('../src/tui/line-tail.js')
        await runLineTail(client, {
          filter,
          last,
          since,
          json: flags.json,
          color: colorEnabled(process.stdout),
          signal: controller.signal,
          write: (line) => process.stdout.write(line),
          notice: (line) => process.stderr.write(`${line}\n`),
        })
      }
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
    } catch (error) {
      exitWithError(error)
    }
  }
}
