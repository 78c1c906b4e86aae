import {Command, Flags} from '@oclif/core'
import {exitWithError} from '../../src/cli/exit-codes.js'
import {apiKeyMissingError} from '../../src/schema-client/errors.js'
// not the schema-client index: that would load the validator (ajv), which keygen never uses
import {checkApiKey, createRegistryClient} from '../../src/schema-client/client.js'
import {generateKeys} from '../../src/schema-client/keygen.js'

export default class SchemaKeygen extends Command {
  static override summary = 'Create a read key and a write key for a vendor prefix (Iglu Server keygen API).'

  static override description =
    'POST <registry>/api/auth/keygen with the super key. The keys cover the prefix and its dot-segment sub-vendors (com.acme covers com.acme.web, not com.acmecorp); the write key publishes, the read key reads private schemas. sp micro prints its super key at startup.'

  static override examples = [
    {description: 'Keys for com.acme on a local sp micro', command: '<%= config.bin %> schema keygen --registry http://127.0.0.1:9090 --api-key $SUPER --vendor-prefix com.acme'},
    {description: 'As JSON', command: '<%= config.bin %> schema keygen --api-key $SUPER --vendor-prefix com.acme --json'},
  ]

  static override flags = {
    registry: Flags.string({summary: 'Iglu Server root URL (without /api).', env: 'SP_IGLU_REGISTRY_URL', default: 'http://127.0.0.1:9090'}),
    'api-key': Flags.string({summary: 'The super key (default: $SP_IGLU_API_KEY).', env: 'SP_IGLU_API_KEY'}),
    'vendor-prefix': Flags.string({summary: 'Vendor the keys are for (* = every vendor).', default: '*'}),
    json: Flags.boolean({summary: 'Print {"read","write"} as JSON.', default: false}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(SchemaKeygen)
    try {
      const apiKey = checkApiKey(flags['api-key'])
      if (!apiKey) throw apiKeyMissingError('create keys (the super key)')
      const client = createRegistryClient({registry: flags.registry, apiKey})
      if (client.note) process.stderr.write(`Note: ${client.note}\n`)
      const keys = await generateKeys(client, flags['vendor-prefix'])
      if (flags.json) process.stdout.write(JSON.stringify(keys) + '\n')
      else process.stdout.write(`Read key: ${keys.read}\nWrite key: ${keys.write}\n`)
    } catch (error) {
      exitWithError(error)
    }
  }
}
