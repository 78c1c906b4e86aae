import {Args, Command, Flags} from '@oclif/core'
import {exitWithError} from '../../src/cli/exit-codes.js'
import {createIgluClient, parseSchemaKey, resolverConfigFor, schemaKeyToUri} from '../../src/iglu/index.js'

export default class SchemaResolve extends Command {
  static override summary = 'Resolve an Iglu URI the way enrich does and print the schema.'

  static override description =
    'Looks the schema up through the resolver (embedded schemas, --schemas folders, then the repositories of --iglu or the default config). With --trace, each repository tried and its answer go to stderr. When it cannot be resolved: the ResolutionError JSON (Snowplow\'s shape) on stdout and exit 1.'

  static override examples = [
    {description: 'From Iglu Central', command: '<%= config.bin %> schema resolve iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1'},
    {description: 'Why is my schema not found?', command: '<%= config.bin %> schema resolve iglu:com.acme/checkout/jsonschema/1-0-0 --iglu resolver.json --trace'},
  ]

  static override args = {
    uri: Args.string({description: 'iglu:vendor/name/format/M-R-A', required: true}),
  }

  static override flags = {
    iglu: Flags.string({summary: 'Iglu resolver config JSON (Snowplow resolver-config).'}),
    schemas: Flags.string({summary: 'Local schema folder, consulted first (repeatable).', multiple: true}),
    offline: Flags.boolean({summary: 'Never fetch schemas over the network.', default: false}),
    trace: Flags.boolean({summary: 'Print each repository tried and its answer (stderr).', default: false}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(SchemaResolve)
    try {
      const key = parseSchemaKey(args.uri)
      const config = resolverConfigFor({resolverFile: flags.iglu, schemaDirs: flags.schemas})
      const iglu = createIgluClient({config, offline: flags.offline})
      const {result, trace} = await iglu.resolveWithTrace(key)
      if (flags.trace) {
        for (const step of trace) {
          const answer = step.answer.found
            ? `found${step.answer.supersededBy ? ` (superseded by ${step.answer.supersededBy})` : ''}`
            : 'message' in step.answer.error
              ? `${step.answer.error.error}: ${step.answer.error.message}`
              : step.answer.error.error
          process.stderr.write(`${step.repository}${step.location ? ` [${step.location}]` : ''}: ${answer} (${step.ms} ms)\n`)
        }
        const last = trace.at(-1)
        if (result.ok && last?.kind === 'cache') process.stderr.write(`Answered from the persistent schema cache ${last.location} (filled by sp micro and sp schema sync)${flags.offline ? '' : ': the repositories could not answer'}\n`)
      }
      if (result.ok) {
        process.stdout.write(JSON.stringify(result.schema, null, 2) + '\n')
        return
      }
      process.stdout.write(JSON.stringify({schemaKey: schemaKeyToUri(key), error: result.error}) + '\n')
      process.exitCode = 1
    } catch (error) {
      exitWithError(error)
    }
  }
}
