import {Args, Command, Flags} from '@oclif/core'
import path from 'node:path'
import {exitWithError} from '../../src/cli/exit-codes.js'
import {createIgluClient, resolverConfigFor} from '../../src/iglu/index.js'
import {enabledEnrichmentNames, enabledEnrichmentsLine, loadEnrichments} from '../../src/enrichments/registry.js'

export default class EnrichmentsCheck extends Command {
  static override summary = 'Validate a folder of enrichment configs as sp micro --enrichments would, without starting the server.'

  static override description =
    'Reads every *.json self-describing enrichment config (validated against its Iglu schema) and every *.js JavaScript enrichment, reads or downloads the assets they name, and compiles the scripts. Prints the enrichments Micro would log as enabled; the first problem is reported with the file and the field, exit 1.'

  static override examples = [
    {description: 'Check a Micro-style enrichments folder', command: '<%= config.bin %> enrichments check ./enrichments'},
    {description: 'As JSON, for CI', command: '<%= config.bin %> enrichments check ./enrichments --json'},
  ]

  static override args = {
    dir: Args.string({description: 'folder of *.json enrichment configs and *.js scripts', required: true}),
  }

  static override flags = {
    iglu: Flags.string({summary: 'Iglu resolver config JSON (Snowplow resolver-config).'}),
    schemas: Flags.string({summary: 'Local schema folder, consulted first (repeatable).', multiple: true}),
    offline: Flags.boolean({summary: 'Never fetch schemas over the network.', default: false}),
    json: Flags.boolean({summary: 'Print the result as JSON.', default: false}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(EnrichmentsCheck)
    try {
      const iglu = createIgluClient({config: resolverConfigFor({resolverFile: flags.iglu, schemaDirs: flags.schemas}), offline: flags.offline})
      const dir = path.resolve(args.dir)
      const log = (line: string) => process.stderr.write(`${line}\n`)
      const setup = await loadEnrichments(dir, {iglu, log, strict: true})
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ok: true, enabled: enabledEnrichmentNames(setup.enrichments), disabled: setup.disabled, ignored: setup.ignored})}\n`)
        return
      }
      for (const file of setup.disabled) process.stdout.write(`disabled: ${file}\n`)
      for (const file of setup.ignored) process.stdout.write(`ignored (unknown enrichment): ${file}\n`)
      process.stdout.write(`${enabledEnrichmentsLine(setup.enrichments)}\n`)
    } catch (error) {
      exitWithError(error)
    }
  }
}
