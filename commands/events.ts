import {Command, Flags} from '@oclif/core'
import {exitWithError} from '../src/cli/exit-codes.js'
import {colorEnabled, eventFilterFlags, filterFromFlags, urlFlag} from '../src/cli/event-flags.js'
import {MicroClient} from '../src/client/micro-client.js'
import {formatEventJsonLine, formatEventsTable, formatEventsTsv} from '../src/tui/line-format.js'

export default class Events extends Command {
  static override summary = 'Query the events a running sp micro captured: good, bad and incomplete, with the Micro API filters.'

  static override description = `Newest first. Filters combine (AND) exactly as in the API (POST /micro/good, /micro/bad). Formats:
  table   aligned columns: what happened for each event, a short error for failures (default)
  json    one JSON array of {status, eventId, eventType, schema, contexts, appId, collectorTstamp, errors, what, good, bad}
          where good is Micro's GoodEvent (good and incomplete events) and bad Micro's BadEvent (bad and incomplete)
  ndjson  the same records, one per line
  tsv     the 131-column enriched TSV of good and incomplete events, ready for a warehouse loader

Exit codes: 0 ok, 2 usage or connection error.`

  static override examples = [
    {description: 'The 50 newest events', command: '<%= config.bin %> events'},
    {description: 'Failures of one schema in the last 10 minutes, with their errors', command: '<%= config.bin %> events --failed --schema iglu:com.acme/checkout/jsonschema/1-*-* --since 10m'},
    {description: 'Button clicks of any vendor and version', command: '<%= config.bin %> events --schema button_click'},
    {description: 'Page views of one app as NDJSON for jq', command: "<%= config.bin %> events --event-type pv --app-id shop --format ndjson | jq '.good.event.page_url'"},
    {description: 'Enriched TSV for a loader', command: '<%= config.bin %> events --good --limit 10000 --format tsv > events.tsv'},
    {description: 'Against a micro in a container', command: '<%= config.bin %> events --url http://micro:9090 --json'},
  ]

  static override flags = {
    url: urlFlag,
    ...eventFilterFlags,
    limit: Flags.integer({summary: 'At most this many events (the newest).', default: 50, min: 1}),
    format: Flags.string({summary: 'Output format.', options: ['table', 'json', 'ndjson', 'tsv'], default: 'table'}),
    json: Flags.boolean({summary: 'Same as --format json.', default: false}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Events)
    try {
      const client = new MicroClient(flags.url)
      if (client.note) process.stderr.write(`Note: ${client.note}\n`)
      const events = await client.captured({...filterFromFlags(flags), limit: flags.limit})
      const format = flags.json ? 'json' : flags.format
      if (format === 'json') process.stdout.write(JSON.stringify(events, null, 2) + '\n')
      else if (format === 'ndjson') process.stdout.write(events.map((e) => formatEventJsonLine(e) + '\n').join(''))
      else if (format === 'tsv') {
        const {text, skipped} = formatEventsTsv(events)
        process.stdout.write(text)
        if (skipped > 0) process.stderr.write(`sp events: ${skipped} bad event(s) left out: they never reached enrich, so they have no enriched TSV (see --format json)\n`)
      } else if (events.length === 0) process.stderr.write(`No events match (${client.url}).\n`)
      else process.stdout.write(formatEventsTable(events, {color: colorEnabled(process.stdout), width: process.stdout.columns}))
    } catch (error) {
      exitWithError(error)
    }
  }
}
