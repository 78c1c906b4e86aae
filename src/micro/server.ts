import Fastify, {type FastifyInstance} from 'fastify'
import {ensureStoreFolder, openStore} from '../store/sqlite-store.js'
import type {Store} from '../store/store.js'
import {collectorPlugin} from '../collector/plugin.js'
import {microApiPlugin} from '../api/plugin.js'
import {UI_PATH, defaultUiDir} from '../api/routes/ui.js'
import {validateCollectorConfig, type CollectorConfig} from '../collector/config.js'
import type {Pipeline} from '../pipeline/types.js'
import type {MicroOptions} from './options.js'
import {listenError} from './errors.js'
import {closingClientErrorHandler} from './client-error.js'
import {rateLimitedLog} from './log-limit.js'
import {createEnrichPipeline} from '../pipeline/enrich-pipeline.js'
import {createMicroIgluClient, stopMicroIglu} from './iglu.js'
import {createEventWriter} from '../output/event-writer.js'
import {registryPart} from '../registry/micro-part.js'
import {createRegistryRepository} from '../registry/repository.js'
import type {IgluClient} from '../iglu/types.js'
import {lockDatabase, type InstanceLock} from './instance-lock.js'
import type {PostgresFollower} from '../postgres/follower.js'
import {registerLoaderRoute} from '../postgres/micro-part.js'
import type {FullIgluClient} from '../iglu/client.js'
import {startupSchemaCache} from './schema-cache.js'
import {OriginPolicy, originGuardHook} from '../api/origin-guard.js'
import {createDestinationSender} from '../output/destination.js'
import {createEventLog} from '../output/event-log.js'
import {listenTls, type RunningTls} from './tls.js'
import {registerCollectorExtras} from '../collector/micro-routes.js'
import {loadMicroEnrichments} from '../enrichments/micro.js'

export interface RunningMicro {
  /** e.g. http://127.0.0.1:9090 */
  url: string
  port: number
  app: FastifyInstance
  store: Store
  /** the `--postgres` loader, when configured */
  postgres?: PostgresFollower
  /** e.g. https://127.0.0.1:9543, when HTTPS is on */
  tlsUrl?: string
  /** stop accepting, finish in-flight requests, then close the database */
  close(): Promise<void>
}

/** What sits on the one fastify instance, in registration order; `surface` names it in the ready line. */
interface MicroPart {
  surface: string
  register(app: FastifyInstance): Promise<void>
}

// Snowplow's limits (collector.networking): request line 20480 + headers 40960; Node counts both
// in one maxHeaderSize and answers 431 beyond it.
const MAX_HEADER_BYTES = 20480 + 40960

/**
 * Opens the store, builds one fastify instance with the API, the registry and the collector (in
 * that order: `/micro/*` and `/api/*` must win over the collector's `/:vendor/:version`), listens.
 */
export async function startMicro(options: MicroOptions): Promise<RunningMicro> {
  const log = options.log ?? (() => {})
  const collectorConfig = validateCollectorConfig(options.collector)
  // the lock comes before the store is opened: a refused second sp micro must not start a writer
  // or migrate the file under the running one
  ensureStoreFolder(options.dbFile)
  const lock: InstanceLock = lockDatabase(options.dbFile)
  // what start-up has opened so far, closed in reverse order if a later step fails
  const opened: (() => unknown)[] = [() => lock.release()]
  const abandon = async (error: unknown): Promise<never> => {
    for (const close of opened.reverse()) await Promise.resolve().then(close).catch(() => {})
    throw error
  }
  let store: Store
  try {
    store = openStore({file: options.dbFile})
  } catch (error) {
    return abandon(error)
  }
  opened.push(() => store.close())
  // the registry (/api/*) lives in the same database and is the resolver's first repository
  let iglu: IgluClient
  let ownIglu: FullIgluClient | undefined
  try {
    iglu = options.igluClient ?? (ownIglu = await createMicroIgluClient(options.iglu ?? {}, [createRegistryRepository(store.db)], log))
  } catch (error) {
    return abandon(error)
  }
  opened.push(() => stopMicroIglu(iglu))
  let enrichments
  try {
    enrichments = await loadMicroEnrichments(options, iglu, log)
  } catch (error) {
    return abandon(error)
  }
  const pipeline = createEnrichPipeline({iglu, enrichments})
  if (options.output) store.subscribe(createEventWriter(options.output.format, options.output.write))
  // SQLite stays the source of truth: the loader follows the store from its cursor, after the 200
  let postgres: PostgresFollower | undefined
  try {
    // loaded only when asked for: the pg client is no part of every sp micro's start-up
    postgres = options.postgres ? (await import('../postgres/follower.js')).startPostgresFollower(store, iglu, {...options.postgres, log}) : undefined
    if (postgres) log(`Loading good events into PostgreSQL ${postgres.target.display} (status: /micro/loader)`)
  } catch (error) {
    return abandon(error)
  }
  opened.push(() => postgres?.close())
  const destination = options.destination ? createDestinationSender(options.destination.url, options.destination.format, log) : undefined
  if (destination) store.subscribe(destination)
  if (options.eventLog) store.subscribe(createEventLog(log))
  const app = Fastify({
    logger: false,
    routerOptions: {maxParamLength: 2048},
    http: {maxHeaderSize: MAX_HEADER_BYTES},
    // a stalled client must not hold a shutdown forever
    forceCloseConnections: 'idle',
    clientErrorHandler: closingClientErrorHandler,
  })
  opened.push(() => app.close())

  let shuttingDown = false
  // requests already in flight at shutdown are answered, then their keep-alive connections end,
  // so close() does not wait for clients to drop idle sockets
  // (callback style: an async hook would cost a promise on every tracking request)
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (shuttingDown) reply.header('connection', 'close')
    done(null, payload)
  })

  // browsers: CORS, cross-site state changes and Host checks for /micro and /api (docs/security.md)
  const origins = new OriginPolicy({bindHost: options.host, corsOrigins: options.corsOrigins, allowedHosts: options.allowedHosts})
  app.addHook('onRequest', originGuardHook(origins))
  const registry = registryPart(store.db, {superApiKey: options.igluSuperApiKey, allowPatches: options.allowPatches, origins}, iglu, log)
  if (options.collectorExtras) registerCollectorExtras(app, options.collectorExtras)

  const parts: MicroPart[] = [
    // API (/micro/*) and registry (/api/*) plugins register here, before the collector.
    {
      surface: 'micro api',
      async register(app) {
        await app.register(microApiPlugin, {
          store,
          storage: options.storage !== false,
          legacyReset: options.legacyReset === true,
          iglu,
          schemaDirs: options.iglu?.schemaDirs,
          schemaAccess: registry.canRead,
          origins,
        })
        // --no-storage: /micro/loader is one more /micro route answering 404
        if (options.storage !== false) registerLoaderRoute(app, postgres, origins)
      },
    },
    registry,
    collectorPart(store, collectorConfig, pipeline, log),
  ]

  try {
    for (const part of parts) await part.register(app)
    // the web UI is the page at `/` unless something else answers it (Micro: 404 there)
    if (options.storage !== false && !app.hasRoute({method: 'GET', url: '/'})) app.get('/', async (_request, reply) => reply.redirect(UI_PATH, 302))
    await app.ready()
  } catch (error) {
    return abandon(error)
  }
  try {
    await app.listen({port: options.port, host: options.host})
  } catch (error) {
    return abandon(listenError(error, options.host, options.port))
  }

  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : options.port
  const host = options.host.includes(':') ? `[${options.host}]` : options.host
  const url = `http://${host}:${port}`
  lock.announce(url)
  let tls: RunningTls | undefined
  try {
    tls = options.tls ? await listenTls(app, options.tls, options.host, MAX_HEADER_BYTES) : undefined
  } catch (error) {
    return abandon(error)
  }
  if (tls) log(`sp micro HTTPS: REST interface bound to ${tls.url} (certificate: ${options.tls!.source})`)
  log(`sp micro ready: REST interface bound to ${url} (${parts.map((p) => p.surface).join(', ')})`)
  const schemaCacheWork = new AbortController()
  if (ownIglu !== undefined && options.iglu?.checkSchemaCache === true) void startupSchemaCache(ownIglu, log, schemaCacheWork.signal)
  // the CLI's banner names the UI's URL; a copy without the built UI says so once
  if (options.storage !== false && defaultUiDir() === null) log('web UI not built (npm run build builds it)')

  let closing: Promise<void> | undefined
  return {
    url,
    port,
    app,
    store,
    postgres,
    tlsUrl: tls?.url,
    close() {
      closing ??= (async () => {
        shuttingDown = true
        schemaCacheWork.abort()
        await Promise.all([app.close(), tls?.close()])
        await destination?.drain()
        await postgres?.close()
        store.close()
        lock.release()
        stopMicroIglu(iglu)
      })()
      return closing
    },
  }
}

/** The collector, handing each payload to the enrich pipeline. */
function collectorPart(store: Store, config: CollectorConfig, pipeline: Pipeline, log: (line: string) => void): MicroPart {
  const logError = rateLimitedLog(log)
  return {
    surface: 'collector',
    async register(app) {
      await app.register(collectorPlugin, {store, config, pipeline, onError: (message) => logError(`[ERROR] collector - ${message}`)})
    },
  }
}
