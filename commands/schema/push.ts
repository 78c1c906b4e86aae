import {Args, Command, Flags} from '@oclif/core'
import {exitWithError} from '../../src/cli/exit-codes.js'
import {registryUrl, registryUrlFlag} from '../../src/cli/event-flags.js'
import {pushBlockingReportLine} from '../../src/lint/index.js'
import {defaultMetaCheck} from '../../src/lint/meta-check.js'
import {checkApiKey, createRegistryClient, outcomeLine, pushSchemas, summaryLine} from '../../src/schema-client/index.js'

export default class SchemaPush extends Command {
  static override summary = 'Lint, then publish schemas to an Iglu Server (or sp micro) in SchemaVer order.'

  static override description = `Runs the lint file checks and the error-level linters first: any error stops the push before a single request. Then PUTs each schema to <url>/api/schemas/<vendor>/<name>/<format>/<version> with the "apikey" header, in SchemaVer order (1-0-2 before 1-0-10; igluctl sorts paths as text and gets 409s), printing the server's answer for each and a summary. Exit 1 if any schema was rejected (igluctl exits 0). A version already there with identical content counts as unchanged, so re-running a push is harmless.

--url (alias --registry) is the server root, as for igluctl (a trailing /api is removed for you). The key comes from --api-key or SP_IGLU_API_KEY and is never printed. Refusals are explained in place: unknown key, read key, key for another vendor, existing version (409), wrong URL.`

  static override examples = [
    {description: 'Publish to a local sp micro', command: '<%= config.bin %> schema push schemas/ --url http://127.0.0.1:9090 --api-key $KEY'},
    {description: 'See what would be created or patched', command: '<%= config.bin %> schema push schemas/ --url https://iglu.acme.com --dry-run'},
    {description: 'Key from the environment, public schemas', command: 'SP_IGLU_API_KEY=… <%= config.bin %> schema push schemas/ --url https://iglu.acme.com --public'},
  ]

  static override args = {
    path: Args.string({description: 'folder of schemas or one schema file', default: '.'}),
  }

  static override flags = {
    url: registryUrlFlag,
    'api-key': Flags.string({summary: 'Write key for the vendor, or the super key (default: $SP_IGLU_API_KEY).', env: 'SP_IGLU_API_KEY'}),
    public: Flags.boolean({summary: 'Publish as public schemas (readable without a key).', default: false}),
    'dry-run': Flags.boolean({summary: 'Lint and compare with the registry; send nothing.', default: false}),
    json: Flags.boolean({summary: 'Print the result as JSON.', default: false}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(SchemaPush)
    let result
    let client
    try {
      const apiKey = checkApiKey(flags['api-key'])
      client = createRegistryClient({registry: registryUrl(flags.url), apiKey})
      if (client.note) process.stderr.write(`Note: ${client.note}\n`)
      result = await pushSchemas(args.path, {
        client,
        apiKeySent: apiKey !== undefined,
        isPublic: flags.public,
        dryRun: flags['dry-run'],
        metaCheck: defaultMetaCheck(),
        onOutcome: flags.json ? undefined : (o) => process.stdout.write(outcomeLine(o) + '\n'),
      })
    } catch (error) {
      exitWithError(error)
    }
    if (flags.json) {
      process.stdout.write(JSON.stringify(result, null, 2) + '\n')
    } else if (result.blockedBy.problems.length > 0 || result.blockedBy.reports.length > 0) {
      const lines = [...result.blockedBy.problems.map((p) => `${p.message} [error: blocks the push]`), ...result.blockedBy.reports.map(pushBlockingReportLine)]
      process.stderr.write(lines.join('\n') + '\nPush stopped before sending anything: fix the errors above; warnings do not block a push (sp schema lint shows the full report).\n')
    } else {
      process.stdout.write(summaryLine(result, client.root, flags['dry-run']) + '\n')
    }
    if (!result.ok) process.exitCode = 1
  }
}
