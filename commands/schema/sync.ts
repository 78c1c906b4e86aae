import {Command, Flags} from '@oclif/core'
import {exitWithError} from '../../src/cli/exit-codes.js'
import {defaultCacheDir} from '../../src/iglu/disk-cache.js'
import {DEFAULT_SYNC_SOURCE, syncSchemas} from '../../src/iglu/sync.js'

export default class SchemaSync extends Command {
  static override summary = 'Copy a whole Iglu repository into the persistent schema cache, so sp micro --offline has every schema.'

  static override description = `--from DIR reads a local Iglu repository (a clone of Iglu Central, or any folder of vendor/name/jsonschema/M-R-A files); --from URL reads an Iglu Server (GET /api/schemas, with --api-key for private schemas) or a static registry (its /schemas list; Iglu Central's site has none, so from it sp copies the schemas Snowplow's trackers attach by default). Default: ${DEFAULT_SYNC_SOURCE}.

The cache is the folder sp micro and sp schema resolve fall back to offline: $SP_IGLU_CACHE_DIR, else $XDG_CACHE_HOME/sp/iglu, else ~/.cache/sp/iglu. Files already identical are left alone; a schema that cannot be read is listed and skipped.`

  static override examples = [
    {description: 'The tracker schemas from Iglu Central, before going offline', command: '<%= config.bin %> schema sync'},
    {description: 'All of Iglu Central from a clone', command: 'git clone https://github.com/snowplow/iglu-central && <%= config.bin %> schema sync --from iglu-central'},
    {description: 'Everything your Iglu Server lets your key read', command: '<%= config.bin %> schema sync --from https://iglu.acme.com --api-key $KEY'},
  ]

  static override flags = {
    from: Flags.string({summary: 'Local Iglu repository folder, or Iglu Server / static registry URL.', default: DEFAULT_SYNC_SOURCE}),
    'api-key': Flags.string({summary: 'Iglu Server key to read private schemas (default: $SP_IGLU_API_KEY).', env: 'SP_IGLU_API_KEY'}),
    json: Flags.boolean({summary: 'Print the result as JSON (source, via, cacheDir, copied, unchanged, skipped).', default: false}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(SchemaSync)
    try {
      const result = await syncSchemas({from: flags.from, cacheDir: defaultCacheDir(), apiKey: flags['api-key']})
      if (flags.json) {
        process.stdout.write(JSON.stringify(result, null, 2) + '\n')
        return
      }
      for (const s of result.skipped) process.stderr.write(`Skipped ${s.what}: ${s.reason}\n`)
      const note = result.via === 'tracker-defaults' ? ' (the source lists no schemas: copied the ones Snowplow\'s trackers attach by default)' : ''
      process.stdout.write(
        `Synced ${result.copied.length + result.unchanged.length} schemas from ${result.source} into ${result.cacheDir}: ${result.copied.length} copied, ${result.unchanged.length} unchanged, ${result.skipped.length} skipped${note}\n`,
      )
    } catch (error) {
      exitWithError(error)
    }
  }
}
