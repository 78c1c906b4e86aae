import {mkdir, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {Command, Flags} from '@oclif/core'
import {EXIT, exitWithError} from '../src/cli/exit-codes.js'
import {colorEnabled, urlFlag} from '../src/cli/event-flags.js'
import {MicroClient} from '../src/client/micro-client.js'
import {parseDuration} from '../src/client/duration.js'
import {SpError} from '../src/errors/sp-error.js'
import {
  githubReport, jsonReport, junitReport, loadSpec, noBadExpectation, parseExpectation, runAssertions, textReport, type AssertReport, type Expectation,
} from '../src/assert/index.js'

export default class Assert extends Command {
  static override summary = 'Fail CI for the right reason: wait for expected events in a running sp micro, then pass (0) or fail (1) with a report.'

  static override description = `Waits up to --timeout for every expectation to hold (event-driven, via POST /micro/wait), then checks them all once and exits:
  0  every expectation holds
  1  an expectation failed: the report shows, for each, the closest events captured and their validation errors
  2  usage or connection error (bad --expect, unreadable --spec, sp micro unreachable)
  130  interrupted (Ctrl-C): the report shows what was found up to then

--expect grammar: SELECTOR[:MATCHER,...][OP COUNT]
  SELECTOR  event type (page_view, pv, struct, se, unstruct …; a misspelt one is an error with a suggestion),
            the event's schema: an Iglu URI (iglu: optional, * in the version: iglu:com.acme/checkout/jsonschema/1-*-*),
            vendor/name or a bare name for any version (com.acme/checkout, link_click), a status (good, bad,
            incomplete, failed) or * (any status)
  MATCHER   path=value, path!=value, path~regex, path (set), !path (not set), over the event's JSON (Micro's GoodEvent);
            a bare field is a canonical field (se_category = event.se_category), data.x is the self-describing event's
            data (event.unstruct_event.data.data.x), * fans out over arrays (event.contexts.data.*.data.id);
            status=…, context=URI, app_id=… and q=TEXT narrow the selection
  OP COUNT  =3, !=0, >=1, <=2, >0, <5 (default >=1); the trailing comparison is always the count
Events count when good, unless a status says otherwise. --spec FILE takes the same in JSON (documented schema
iglu:dev.sp/assert_spec/jsonschema/1-0-0 in schemas/).`

  static override examples = [
    {description: 'At least one page view and no failures at all', command: '<%= config.bin %> assert --expect page_view --no-bad'},
    {description: 'Exactly three checkouts of any 1-x-x version, within 30 s', command: "<%= config.bin %> assert --expect 'iglu:com.acme/checkout/jsonschema/1-*-*=3' --timeout 30s"},
    {description: 'Struct events with a field value', command: "<%= config.bin %> assert --expect 'se:se_category=shop,se_action=add>=2'"},
    {description: 'A spec file, JUnit for the CI test tab', command: '<%= config.bin %> assert --spec asserts.json --reporter junit --output reports/sp-assert.xml'},
    {description: 'GitHub annotations', command: '<%= config.bin %> assert --spec asserts.json --reporter github'},
  ]

  static override flags = {
    url: urlFlag,
    expect: Flags.string({char: 'e', summary: 'An expectation (repeatable), e.g. page_view>=1 (grammar below).', multiple: true, helpValue: 'EXPECTATION'}),
    spec: Flags.string({summary: 'A JSON spec file of expectations (see the README).', helpValue: 'FILE'}),
    'no-bad': Flags.boolean({summary: 'Fail if any bad or incomplete event was captured.', default: false}),
    timeout: Flags.string({summary: 'How long to wait for expectations to hold (500ms, 30s, 2m); the spec\'s timeout when not given, else 10s.', helpValue: 'DURATION'}),
    reporter: Flags.string({summary: 'Report format.', options: ['text', 'junit', 'github', 'json'], default: 'text'}),
    output: Flags.string({char: 'o', summary: 'Write the report to FILE (the text summary still goes to stdout).', helpValue: 'FILE'}),
    json: Flags.boolean({summary: 'Same as --reporter json.', default: false}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Assert)
    let report: AssertReport
    try {
      const expectations: Expectation[] = (flags.expect ?? []).map(parseExpectation)
      let timeoutMs = flags.timeout === undefined ? undefined : parseDuration(flags.timeout, '--timeout')
      let noBad = flags['no-bad']
      if (flags.spec !== undefined) {
        const spec = await loadSpec(flags.spec)
        expectations.push(...spec.expectations)
        timeoutMs ??= spec.timeoutMs
        if (spec.noBad) noBad = false // already in spec.expectations
      }
      if (noBad) expectations.push(noBadExpectation())
      if (expectations.length === 0) throw new SpError('INVALID_OPTION', 'Nothing to check: give --expect, --spec or --no-bad (see sp assert --help).')
      const client = new MicroClient(flags.url)
      if (client.note) process.stderr.write(`Note: ${client.note}\n`)
      // Ctrl-C stops the waiting and reports what is there so far; a second one exits at once
      const interrupt = new AbortController()
      const onSignal = () => {
        process.once('SIGINT', () => process.exit(130))
        interrupt.abort()
      }
      process.once('SIGINT', onSignal)
      report = await runAssertions(client, expectations, {timeoutMs: timeoutMs ?? 10_000, signal: interrupt.signal})
      process.off('SIGINT', onSignal)
      const reporter = flags.json ? 'json' : flags.reporter
      const color = colorEnabled(process.stdout)
      const rendered =
        reporter === 'json' ? jsonReport(report)
        : reporter === 'junit' ? junitReport(report)
        : reporter === 'github' ? githubReport(report, {file: flags.spec})
        : textReport(report, {color: flags.output === undefined && color})
      if (flags.output !== undefined) {
        await mkdir(path.dirname(path.resolve(flags.output)), {recursive: true})
        await writeFile(flags.output, rendered)
        process.stdout.write(textReport(report, {color}))
      } else process.stdout.write(rendered)
    } catch (error) {
      exitWithError(error)
    }
    process.exitCode = report.interrupted ? 130 : report.passed ? EXIT.ok : EXIT.failure
  }
}
