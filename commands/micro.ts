import {Command, Flags} from '@oclif/core'
import {microOptionsFromFlags} from '../src/micro/flags.js'
import {validateCollectorConfig} from '../src/collector/config.js'
import {exitWithError} from '../src/cli/exit-codes.js'
import {flagConflict} from '../src/micro/errors.js'
import {preprocessMicroArgv} from '../src/config/micro-argv.js'
import {prepareMicroLaunch} from '../src/config/micro-launch.js'

// with --tail the UI owns the terminal: log lines wait until it is closed
let heldLogs: string[] | null = null
const log = (line: string) => (heldLogs === null ? process.stderr.write(`${line}\n`) : heldLogs.push(line))

export default class Micro extends Command {
  static override summary = 'Run a local Snowplow pipeline: collector, enrich and Iglu validation, a durable SQLite store, the Snowplow Micro API and an Iglu Server-compatible registry.'

  static override description = `Trackers send events to it exactly as to a Snowplow collector. Every request is kept as a Thrift CollectorPayload and committed to SQLite before it is answered, so an acknowledged event survives even kill -9.

Logs go to stderr; stdout is reserved for event output.

Snowplow Micro's command line works unchanged: -c/--config/--collector-config, -i/--iglu, -t, -j, -d, --no-storage and -Dkey=value overrides (e.g. -Dcollector.cookie.name=sp), its config folder and MICRO_* environment variables. Micro's -s/--storage, -a/--auth and --yauaa are refused with what to use instead (docs/coming-from-micro.md).`

  static override examples = [
    {description: 'Collector on http://127.0.0.1:9090, events in .sp/micro.db', command: '<%= config.bin %> micro'},
    {description: 'A throwaway instance on a free port', command: '<%= config.bin %> micro --port 0 --db :memory:'},
    {description: 'Reachable from other machines (an explicit choice)', command: '<%= config.bin %> micro --host 0.0.0.0'},
    {
      description: 'Accept a custom tracker path as tp2',
      command: '<%= config.bin %> micro --path-map /com.acme/track=/com.snowplowanalytics.snowplow/tp2',
    },
    {description: 'Collection and output only, no /micro/* API (Micro\'s --no-storage)', command: '<%= config.bin %> micro --no-storage'},
    {description: 'Enable /r/tp2 redirects to one domain', command: '<%= config.bin %> micro --redirects --redirect-domain shop.example'},
    {description: 'Validate against your own schemas, offline, and print enriched TSV', command: '<%= config.bin %> micro --schemas ./schemas --offline --output-tsv'},
    {description: 'Run your pipeline\'s enrichment configs (campaign, referer, ua_parser, IP lookups, JavaScript…)', command: '<%= config.bin %> micro --enrichments ./enrichments'},
    {description: 'Server and live event view in one terminal', command: '<%= config.bin %> micro --tail'},
    {description: 'Also load events into PostgreSQL (atomic.events + one table per schema)', command: '<%= config.bin %> micro --postgres postgres://postgres@localhost:5432/snowplow'},
    {description: 'Let a web app on another origin read the Micro API from the browser', command: '<%= config.bin %> micro --cors-origin https://app.example.test'},
    {description: 'Pipe events as lossy JSON into jq', command: "<%= config.bin %> micro -j | jq 'select(.event_name == \"page_view\")'"},
    {description: 'Start as Snowplow Micro is started (its config files work unchanged)', command: '<%= config.bin %> micro --collector-config micro.conf --iglu iglu.json'},
    {description: 'A Micro config folder (micro.conf, iglu.json, iglu-client-embedded/schemas, ssl-certificate.p12)', command: '<%= config.bin %> micro --config-dir ./micro-config'},
    {description: 'Send enriched TSV to an HTTP endpoint, one POST per payload', command: '<%= config.bin %> micro -t -d http://localhost:8080/events'},
    {description: 'HTTPS for phones and test devices (HTTP stays up)', command: '<%= config.bin %> micro --host 0.0.0.0 --tls-self-signed'},
  ]

  // Grouped by concern; each maps to MicroOptions in src/micro/flags.ts.
  static override flags = {
    // network
    port: Flags.integer({summary: 'Port to listen on (0 = any free port).', default: 9090}),
    host: Flags.string({
      summary: 'Interface to bind.',
      description: 'Default 127.0.0.1 (this machine only). 0.0.0.0 binds all interfaces and makes the collector reachable from the network: an explicit choice.',
      default: '127.0.0.1',
    }),
    // storage
    db: Flags.string({summary: 'SQLite file for payloads and events (":memory:" for a throwaway run).', description: 'Default: .sp/micro.db under the working directory (the folder is created).'}),
    // micro api
    storage: Flags.boolean({
      summary: 'Serve the /micro/* API (--no-storage: every /micro/* answers 404, as in Snowplow Micro; collection and output keep working).',
      allowNo: true,
      default: true,
    }),
    'legacy-reset': Flags.boolean({summary: 'Answer /micro/reset with Micro 3.x\'s {"total":0,"good":0,"bad":0} instead of "Reset completed".', default: false}),
    // collector
    'path-map': Flags.string({summary: 'Custom path FROM=TO, e.g. /com.acme/track=/com.snowplowanalytics.snowplow/tp2 (repeatable).', multiple: true}),
    cookie: Flags.boolean({summary: 'Set the network user id cookie (--no-cookie disables it).', allowNo: true, default: true}),
    'cookie-name': Flags.string({summary: 'Name of the network user id cookie.', default: 'sp'}),
    'cookie-domain': Flags.string({summary: 'Cookie domain, used when it is (a parent of) the Origin host (repeatable, first match wins).', multiple: true}),
    'cookie-fallback-domain': Flags.string({summary: 'Cookie domain when no --cookie-domain matches the Origin.'}),
    'cookie-expiry': Flags.string({summary: 'Cookie lifetime in days or with a unit (365, 365d, 12h).', default: '365d'}),
    'cookie-secure': Flags.boolean({summary: 'Mark the cookie Secure.', allowNo: true, default: true}),
    'cookie-same-site': Flags.string({summary: 'Cookie SameSite attribute.', options: ['None', 'Lax', 'Strict'], default: 'None'}),
    'dnt-cookie-name': Flags.string({summary: 'Do-not-track cookie name: matching requests are answered but not stored.', dependsOn: ['dnt-cookie-value']}),
    'dnt-cookie-value': Flags.string({summary: 'Regular expression the do-not-track cookie value must match.', dependsOn: ['dnt-cookie-name']}),
    redirects: Flags.boolean({summary: 'Enable /r/* redirects (off by default, as in Snowplow).', default: false}),
    'redirect-domain': Flags.string({summary: 'Allowed redirect target host (repeatable; none = any).', multiple: true}),
    'max-payload-size': Flags.string({summary: 'Payloads larger than this (serialized) become size_violation failed events.', default: '1mb'}),
    'drop-payload-size': Flags.string({summary: 'Request bodies larger than this are refused with 413 and not stored.', default: '2mb'}),
    // enrich
    iglu: Flags.string({char: 'i', summary: 'Iglu resolver config JSON (Snowplow resolver-config) for schema lookups.', description: 'Default: the embedded schemas, --schemas folders, then Iglu Central (and MICRO_IGLU_REGISTRY_URL / MICRO_IGLU_API_KEY when set).'}),
    schemas: Flags.string({summary: 'Local schema folder (vendor/name/jsonschema/1-0-0 files), consulted first (repeatable).', multiple: true}),
    offline: Flags.boolean({summary: 'Never fetch schemas over the network: embedded and local schemas only.', default: false}),
    'output-tsv': Flags.boolean({char: 't', summary: 'Write every enriched event (good and incomplete) to stdout as enriched TSV, one line each.', default: false}),
    'output-json': Flags.boolean({char: 'j', summary: 'Write every enriched event (good and incomplete) to stdout as the analytics SDK lossy JSON, one line each.', default: false}),
    // Snowplow Micro's command line and config (src/config)
    config: Flags.string({
      char: 'c',
      aliases: ['collector-config'],
      summary: 'Config file: Snowplow Micro\'s HOCON (collector { … }, enrich { … }) or a JSON/HOCON file of sp micro options keyed by flag name.',
      description: 'Flags given on the command line beat the file. Micro\'s -Dcollector.x.y=value overrides work too.',
    }),
    'config-dir': Flags.string({summary: 'Snowplow Micro config folder: micro.conf, iglu.json, iglu-client-embedded/schemas, ssl-certificate.p12, enrichments/.', description: 'Without --config, --iglu, --config-dir or --schemas, /config is read when it holds Micro\'s files (as in Micro\'s image).'}),
    destination: Flags.string({char: 'd', summary: 'POST each payload\'s events to this http(s) URL instead of stdout (needs -t or -j; as Micro).'}),
    quiet: Flags.boolean({summary: 'No event log (the [INFO] EventLog - GOOD … / [WARN] EventLog - BAD … line per event on stderr).', default: false}),
    'tls-port': Flags.integer({summary: 'HTTPS port, beside HTTP (default: collector.ssl.port, else 9543; 0 = any free port).'}),
    'tls-cert': Flags.string({summary: 'PEM certificate (chain) for HTTPS; with --tls-key.', dependsOn: ['tls-key']}),
    'tls-key': Flags.string({summary: 'PEM private key for HTTPS; with --tls-cert.', dependsOn: ['tls-cert']}),
    'tls-self-signed': Flags.boolean({summary: 'HTTPS with a generated certificate for localhost (its SHA-256 fingerprint is printed).', default: false}),
    // enrichments
    enrichments: Flags.string({
      summary: 'Folder of Snowplow enrichment configs (*.json, *.hocon) and JavaScript enrichments (*.js), as Micro\'s /config/enrichments.',
      description: 'Each config is validated against its Iglu schema at startup; disabled ones are skipped. See docs/enrichments.md. Check a folder without starting: sp enrichments check DIR.',
    }),
    // browser access to /micro and /api (docs/security.md)
    'cors-origin': Flags.string({summary: 'Let pages of this origin use /micro and /api from a browser (repeatable; * = any). Loopback pages always can.', multiple: true}),
    'allowed-host': Flags.string({summary: 'Accept this Host name for /micro and /api besides localhost, 127.0.0.1, [::1] and --host (repeatable).', multiple: true}),
    // registry (/api/*)
    'api-key': Flags.string({summary: 'Super API key of the Iglu registry under /api (a UUID).', description: 'Default: $SP_IGLU_SUPER_API_KEY; when neither is set, one is generated and printed on stderr at startup. Create scoped keys with sp schema keygen.', env: 'SP_IGLU_SUPER_API_KEY'}),
    'allow-patches': Flags.boolean({summary: 'Let the registry overwrite published schema versions (and DELETE them): handy in development.', default: false}),
    // one terminal
    tail: Flags.boolean({
      summary: 'Also watch the events in this terminal, as sp tail shows them; quitting the view (q) stops the server.',
      description: 'Logs wait until the view is closed. Not with -t/-j (stdout carries the event output then).',
      default: false,
      exclusive: ['output-tsv', 'output-json'],
    }),
    // postgres loader
    postgres: Flags.string({
      summary: 'Also load every good event into PostgreSQL: atomic.events plus one table per entity schema (Snowplow Postgres loader layout).',
      description: 'postgres://user:password@host:5432/database. SQLite stays the source of truth: the loader follows it with a cursor, retries while Postgres is down and reports its lag at /micro/loader. See docs/postgres.md.',
      env: 'SP_POSTGRES_URL',
    }),
    'postgres-schema': Flags.string({summary: 'PostgreSQL schema for the loaded tables (default atomic).'}),
  }

  async run(): Promise<void> {
    let micro
    let parsed
    let microApi = true
    try {
      // Micro's -Dkey=value, and its -s/-a/--yauaa forms (refused with what to use instead)
      const {argv, systemProperties} = preprocessMicroArgv(this.argv)
      this.argv = argv
      parsed = {...(await this.parse(Micro)), systemProperties}
    } catch (error) {
      if ((error as {oclif?: unknown}).oclif !== undefined) throw error
      exitWithError(error)
    }
    // listen for signals before the ready line: a harness may stop us the moment it sees it
    const shutdown = waitForShutdownSignal()
    try {
      const {flags, metadata, systemProperties} = parsed
      const explicit = new Set(Object.keys(flags).filter((name) => metadata.flags[name]?.setFromDefault !== true))
      const launch = prepareMicroLaunch({flags, explicit, systemProperties, flagShapes: Micro.flags, defaultConfigDir: '/config', log})
      const options = launch.finish(microOptionsFromFlags(launch.flags, process.cwd(), log))
      // also checked by startMicro; here so a bad flag is reported before the storage line
      validateCollectorConfig(options.collector)
      microApi = options.storage !== false
      if (flags.tail && !microApi) throw flagConflict('--tail shows events through the /micro API, which --no-storage turns off: drop one of them')
      log(`Storing events in ${options.dbFile === ':memory:' ? 'memory' : options.dbFile}`)
      // fastify, better-sqlite3, thrift and ajv load only when micro runs, not for `sp --help`
      const {startMicro} = await import('../src/micro/server.js')
      micro = await startMicro(options)
    } catch (error) {
      exitWithError(error)
    }
    if (microApi) log(`Watch events: sp tail --url ${micro.url} (or sp micro --tail), or in a browser at ${micro.url}/micro/ui`)
    if (parsed.flags.tail) {
      const stop = new AbortController()
      void shutdown.then(() => stop.abort())
      heldLogs = []
      try {
        // the UI (ink, react) is loaded only when asked for: sp micro starts without it
        const {tailInThisTerminal} = await import('../src/tui/micro-tail.js')
        await tailInThisTerminal(micro.url, stop.signal)
      } finally {
        const held = heldLogs
        heldLogs = null
        for (const line of held) log(line)
      }
    } else await shutdown
    log('sp micro shutting down: finishing in-flight requests')
    try {
      await micro.close()
    } catch (error) {
      exitWithError(error)
    }
    log('sp micro stopped')
  }
}

/** Resolves on the first SIGINT/SIGTERM; a second one exits at once. */
function waitForShutdownSignal(): Promise<void> {
  return new Promise((resolve) => {
    const onSignal = () => {
      process.removeListener('SIGINT', onSignal)
      process.removeListener('SIGTERM', onSignal)
      process.once('SIGINT', () => process.exit(130))
      process.once('SIGTERM', () => process.exit(143))
      resolve()
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  })
}
