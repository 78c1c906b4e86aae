import {Args, Command, Flags} from '@oclif/core'
import {readFile} from 'node:fs/promises'
import {exitWithError} from '../../src/cli/exit-codes.js'
import {createIgluClient, isOfflineNote, resolverConfigFor} from '../../src/iglu/index.js'
import {parseInstances, validateInstances} from '../../src/schema-client/index.js'
import {instancesUnreadableError} from '../../src/schema-client/errors.js'

async function readInput(file: string): Promise<string> {
  if (file !== '-') return readFile(file, 'utf8').catch((error: unknown) => Promise.reject(instancesUnreadableError(file, error)))
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

export default class SchemaValidate extends Command {
  static override summary = 'Validate self-describing JSON instances (a JSON value, an array, or NDJSON) against their schemas.'

  static override description =
    'Each {"schema": "iglu:…", "data": …} is resolved (embedded schemas, --schemas folders, the resolver config) and validated as enrich does. Failures print Snowplow\'s ResolutionError / ValidationError JSON, one line each. Exit 1 on any failure.'

  static override examples = [
    {description: 'Validate a file against local schemas only', command: '<%= config.bin %> schema validate event.json --schemas schemas/ --offline'},
    {description: 'NDJSON from stdin', command: 'cat events.ndjson | <%= config.bin %> schema validate - --iglu resolver.json'},
  ]

  static override args = {
    file: Args.string({description: 'file with instances, or - for stdin', default: '-'}),
  }

  static override flags = {
    iglu: Flags.string({summary: 'Iglu resolver config JSON (Snowplow resolver-config).'}),
    schemas: Flags.string({summary: 'Local schema folder, consulted first (repeatable).', multiple: true}),
    offline: Flags.boolean({summary: 'Never fetch schemas over the network.', default: false}),
    json: Flags.boolean({summary: 'Print every result as one JSON array.', default: false}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(SchemaValidate)
    let results
    try {
      const config = resolverConfigFor({resolverFile: flags.iglu, schemaDirs: flags.schemas})
      const warn = (message: string) => process.stderr.write(`warning: ${message}\n`)
      const iglu = createIgluClient({config, offline: flags.offline, onWarning: warn})
      // --offline was asked for: its note is not news
      for (const message of iglu.warnings) if (!isOfflineNote(message)) warn(message)
      results = await validateInstances(parseInstances(await readInput(args.file)), iglu)
    } catch (error) {
      exitWithError(error)
    }
    if (flags.json) {
      process.stdout.write(JSON.stringify(results, null, 2) + '\n')
    } else {
      for (const r of results) {
        if (r.ok) process.stdout.write(`OK ${r.schemaKey} (line ${r.line})\n`)
        else process.stdout.write(`FAILED line ${r.line}: ${JSON.stringify({schemaKey: r.schemaKey, error: r.error})}\n`)
      }
      const failed = results.filter((r) => !r.ok).length
      process.stdout.write(`${results.length - failed} valid, ${failed} invalid\n`)
    }
    if (results.length === 0 || results.some((r) => !r.ok)) process.exitCode = 1
  }
}
