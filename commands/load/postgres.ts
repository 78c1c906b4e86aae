import {existsSync} from 'node:fs'
import path from 'node:path'
import {Args, Command, Flags} from '@oclif/core'
import {exitWithError} from '../../src/cli/exit-codes.js'
import {openStore} from '../../src/store/index.js'
import {defaultDbFile} from '../../src/micro/options.js'
import {createMicroIgluClient} from '../../src/micro/iglu.js'
import {createRegistryRepository} from '../../src/registry/repository.js'
import {parseSince} from '../../src/client/duration.js'
import {loadStore} from '../../src/postgres/index.js'
import {noStoreError, noUrlError} from '../../src/postgres/errors.js'
import {formatSummary, progressBar} from '../../src/postgres/progress.js'

export default class LoadPostgres extends Command {
  static override summary = 'Load the events an sp micro store holds into PostgreSQL (atomic.events plus one table per schema).'

  static override description =
    'The loader sp micro --postgres runs, over what a SQLite store already holds: every good event (or those collected since --since) goes to atomic.events, its entities to their schema tables, created or migrated from the Iglu schemas. Loading again inserts nothing twice. A value PostgreSQL would refuse is reported with its column and the event is skipped; the exit code is then 1.'

  static override examples = [
    {description: 'Load .sp/micro.db into a local database', command: '<%= config.bin %> load postgres postgres://postgres@localhost:5432/snowplow'},
    {description: 'Only the last hour, from another store', command: '<%= config.bin %> load postgres postgres://localhost/snowplow --db ci/micro.db --since 1h'},
    {description: 'Summary as JSON', command: 'SP_POSTGRES_URL=postgres://localhost/snowplow <%= config.bin %> load postgres --json'},
  ]

  static override args = {
    url: Args.string({description: 'postgres://user:password@host:5432/database (default $SP_POSTGRES_URL)'}),
  }

  static override flags = {
    db: Flags.string({summary: 'SQLite store to read (default .sp/micro.db).'}),
    since: Flags.string({summary: 'Only events collected since a duration ago (1h) or an ISO-8601 time.'}),
    'postgres-schema': Flags.string({summary: 'PostgreSQL schema for the tables.', default: 'atomic'}),
    iglu: Flags.string({summary: 'Iglu resolver config JSON for the schemas (default: as sp micro).'}),
    schemas: Flags.string({summary: 'Local schema folder, consulted first (repeatable).', multiple: true}),
    offline: Flags.boolean({summary: 'Never fetch schemas over the network.', default: false}),
    json: Flags.boolean({summary: 'Print the summary as JSON.', default: false}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(LoadPostgres)
    try {
      const url = args.url ?? process.env.SP_POSTGRES_URL
      if (!url) throw noUrlError()
      const file = path.resolve(flags.db ?? defaultDbFile())
      if (!existsSync(file)) throw noStoreError(file)
      const sinceMs = flags.since === undefined ? undefined : Date.parse(parseSince(flags.since))
      const store = openStore({file})
      try {
        const iglu = await createMicroIgluClient(
          {resolverFile: flags.iglu, schemaDirs: (flags.schemas ?? []).map((d) => path.resolve(d)), offline: flags.offline},
          [createRegistryRepository(store.db)],
        )
        const tty = process.stderr.isTTY === true && !flags.json
        const summary = await loadStore(store.db, iglu, {
          url,
          schema: flags['postgres-schema'],
          sinceMs,
          onProgress: tty ? (done, total) => process.stderr.write(`\r${progressBar(done, total)}`) : undefined,
        })
        if (tty) process.stderr.write('\n')
        process.stdout.write(flags.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary))
        if (summary.rejected.length > 0) process.exitCode = 1
      } finally {
        store.close()
      }
    } catch (error) {
      exitWithError(error)
    }
  }
}
