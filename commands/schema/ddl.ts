import {Args, Command, Flags} from '@oclif/core'
import {exitWithError} from '../../src/cli/exit-codes.js'
import {mkdir, writeFile} from 'node:fs/promises'
import path from 'node:path'
// the DDL modules only: src/postgres/index.js would load the pg client too
import {staticDdl, staticDdlFiles, staticTables} from '../../src/postgres/ddl.js'
import {readSchemaInputs} from '../../src/postgres/schema-input.js'
import {typeDdl} from '../../src/postgres/column-types.js'
import {ddlInputError} from '../../src/postgres/errors.js'

export default class SchemaDdl extends Command {
  static override summary = 'Print the PostgreSQL tables sp micro --postgres creates for your schemas (igluctl static generate style).'

  static override description =
    'One CREATE TABLE per vendor/name/model in the Snowplow Postgres loader layout: schema_vendor, schema_name, schema_format, schema_version, root_id (UUID, as atomic.events.event_id), root_tstamp, then the properties as typed columns. Versions of one model are merged (later additions become nullable columns) and the table is commented with the newest URI. Review it, then apply it with psql.'

  static override strict = false

  static override examples = [
    {description: 'Tables for a folder of schemas', command: '<%= config.bin %> schema ddl --postgres ./schemas'},
    {description: 'Including atomic.events, applied with psql', command: '<%= config.bin %> schema ddl --postgres --with-events ./schemas | psql "$DATABASE_URL"'},
    {description: 'From Iglu URIs, resolved like sp micro does', command: '<%= config.bin %> schema ddl --postgres iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0'},
    {description: 'The columns as JSON', command: '<%= config.bin %> schema ddl --postgres ./schemas --json'},
    {description: 'One file per table, as igluctl static generate writes them', command: '<%= config.bin %> schema ddl --postgres ./schemas --output ./ddl'},
  ]

  static override args = {
    input: Args.string({description: 'schema folder, schema file or iglu: URI (several allowed; default ./schemas)'}),
  }

  static override flags = {
    postgres: Flags.boolean({summary: 'Generate PostgreSQL DDL (the only dialect so far; required).', default: false}),
    dbschema: Flags.string({summary: 'PostgreSQL schema the tables go in.', default: 'atomic'}),
    'with-events': Flags.boolean({summary: 'Also print atomic.events.', default: false}),
    iglu: Flags.string({summary: 'Iglu resolver config JSON, for iglu: inputs.'}),
    schemas: Flags.string({summary: 'Local schema folder consulted first for iglu: inputs (repeatable).', multiple: true}),
    offline: Flags.boolean({summary: 'Never fetch schemas over the network.', default: false}),
    json: Flags.boolean({summary: 'Print the tables and their columns as JSON instead of SQL.', default: false}),
    output: Flags.string({summary: 'Write one file per table under this folder (igluctl layout: sql/<vendor>/<name>_<model>.sql) instead of printing.'}),
  }

  async run(): Promise<void> {
    const {argv, flags} = await this.parse(SchemaDdl)
    try {
      if (!flags.postgres) throw ddlInputError('Say which database: sp schema ddl --postgres (PostgreSQL is the only dialect so far).')
      const inputs = argv.length > 0 ? (argv as string[]) : ['schemas']
      const {documents, warnings} = await readSchemaInputs(inputs, {resolverFile: flags.iglu, schemaDirs: flags.schemas, offline: flags.offline})
      for (const warning of warnings) process.stderr.write(`Warning: ${warning}\n`)
      const tables = staticTables(documents)
      if (flags.json) {
        const shown = tables.map((t) => ({...t, columns: t.columns.map((c) => ({name: c.name, type: typeDdl(c.type), notNull: c.notNull}))}))
        process.stdout.write(`${JSON.stringify({schema: flags.dbschema, tables: shown}, null, 2)}\n`)
        return
      }
      if (flags.output) {
        for (const [file, sql] of staticDdlFiles(tables, flags.dbschema, flags['with-events'])) {
          const target = path.join(flags.output, file)
          await mkdir(path.dirname(target), {recursive: true})
          await writeFile(target, sql)
          process.stderr.write(`File [${target}] was written successfully!\n`)
        }
        return
      }
      process.stdout.write(staticDdl(tables, flags.dbschema, flags['with-events']))
    } catch (error) {
      exitWithError(error)
    }
  }
}
