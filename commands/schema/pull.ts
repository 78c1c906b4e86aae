import {Args, Command, Flags} from '@oclif/core'
import {exitWithError} from '../../src/cli/exit-codes.js'
import {registryUrl, registryUrlFlag} from '../../src/cli/event-flags.js'
import {createRegistryClient, pulledLine, pullSchemas} from '../../src/schema-client/index.js'

export default class SchemaPull extends Command {
  static override summary = 'Download every schema a registry lets you read into DIR/<vendor>/<name>/<format>/<version>.'

  static override description =
    'GET <url>/api/schemas?repr=canonical (public schemas without a key; private ones your key can read), written as 2-space JSON. Files already identical are left alone.'

  static override examples = [
    {description: 'Pull from a local sp micro', command: '<%= config.bin %> schema pull schemas/ --url http://127.0.0.1:9090 --api-key $KEY'},
    {description: 'As JSON (which files were written)', command: '<%= config.bin %> schema pull schemas/ --url https://iglu.acme.com --json'},
  ]

  static override args = {
    dir: Args.string({description: 'output folder', required: true}),
  }

  static override flags = {
    url: registryUrlFlag,
    'api-key': Flags.string({summary: 'Key to read private schemas (default: $SP_IGLU_API_KEY).', env: 'SP_IGLU_API_KEY'}),
    json: Flags.boolean({summary: 'Print the result as JSON.', default: false}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(SchemaPull)
    try {
      const client = createRegistryClient({registry: registryUrl(flags.url), apiKey: flags['api-key']})
      if (client.note) process.stderr.write(`Note: ${client.note}\n`)
      const files = await pullSchemas(args.dir, client)
      if (flags.json) process.stdout.write(JSON.stringify(files, null, 2) + '\n')
      else process.stdout.write(files.map(pulledLine).join('\n') + (files.length > 0 ? '\n' : '') + `Pulled ${files.length} schemas\n`)
    } catch (error) {
      exitWithError(error)
    }
  }
}
