import {Args, Command, Flags} from '@oclif/core'
import {exitWithError} from '../../src/cli/exit-codes.js'
import {
  SKIPPABLE_LINTERS, formatGithub, formatJson, formatText, lintPath, parseSkipChecks, parseSkipSchemas,
} from '../../src/lint/index.js'
import {defaultMetaCheck} from '../../src/lint/meta-check.js'
import {printable} from '../../src/cli/printable.js'

export default class SchemaLint extends Command {
  static override summary = "Lint Iglu schemas with igluctl's 18 linters, file checks and report (and a bit more)."

  static override description = `Checks every <vendor>/<name>/jsonschema/<version> file under PATH (or one file): readable, JSON, self-describing, path matching "self", a 1-0-0 per schema and no gaps between versions; then the draft-04 meta-schema and the linters, with igluctl's messages, levels and OK / FAILURE / TOTAL report. Exit 1 when anything at all is reported (as igluctl), else 0.

Beyond igluctl: anyOf, allOf, not and definitions are linted too (igluctl never looks inside them); "ipv6" is a known format (igluctl flags it by a typo); keywords draft-04 does not know (const, examples, …: silently ignored by validation) are flagged by the extra unknownKeywords linter; a schema with only BigQuery-name issues is reported instead of crashing.

Skippable checks: ${SKIPPABLE_LINTERS.join(', ')}.`

  static override examples = [
    {description: 'Lint a schema folder (igluctl layout)', command: '<%= config.bin %> schema lint schemas/'},
    {description: 'Skip checks teams often silence', command: '<%= config.bin %> schema lint schemas/ --skip-checks description,optionalNull'},
    {description: 'Annotate a GitHub pull request', command: '<%= config.bin %> schema lint schemas/ --format github'},
    {description: 'Machine-readable report', command: '<%= config.bin %> schema lint schemas/ --json'},
  ]

  static override args = {
    path: Args.string({description: 'folder of schemas or one schema file', default: '.'}),
  }

  static override flags = {
    'skip-checks': Flags.string({summary: 'Comma-separated linters to skip (only non-error linters can be skipped).'}),
    'skip-schemas': Flags.string({summary: 'Comma-separated Iglu URIs to leave out, e.g. iglu:com.acme/a/jsonschema/1-0-0,iglu:…'}),
    format: Flags.string({summary: 'Report format.', options: ['text', 'json', 'github'], default: 'text'}),
    json: Flags.boolean({summary: 'Same as --format json.', default: false}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(SchemaLint)
    let result
    try {
      const skipChecks = parseSkipChecks(flags['skip-checks'])
      const skipSchemas = parseSkipSchemas(flags['skip-schemas'])
      result = await lintPath(args.path, {metaCheck: defaultMetaCheck(), skipChecks, skipSchemas})
    } catch (error) {
      exitWithError(error)
    }
    const format = flags.json ? 'json' : flags.format
    if (format === 'json') {
      process.stdout.write(JSON.stringify(formatJson(result), null, 2) + '\n')
    } else if (format === 'github') {
      process.stdout.write(formatGithub(result).map((line) => printable(line, true)).join('\n') + '\n')
    } else {
      const {lines, toStderr} = formatText(result)
      // names and values come from the files: no control characters reach the terminal
      ;(toStderr ? process.stderr : process.stdout).write(lines.map((line) => printable(line)).join('\n') + '\n')
    }
    if (!result.ok) process.exitCode = 1
  }
}
