import {mkdtemp, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import Fastify, {type FastifyInstance} from 'fastify'
import {openStore, type Store} from '../../src/store/index.js'
import type {CommittedEvent, ProcessedEvent} from '../../src/store/types.js'
import {microApiPlugin, type MicroApiOptions} from '../../src/api/plugin.js'
import {payloadRecord} from './event-fixtures.js'

export interface ApiHarness {
  url: string
  store: Store
  app: FastifyInstance
  /** how many store subscriptions are open (live streams share one; each open wait has one) */
  subscriptions(): number
  /** commits events one payload each, in order (so later = newer) */
  add(...events: ProcessedEvent[]): Promise<CommittedEvent[]>
  get(pathname: string, init?: RequestInit): Promise<Response>
  post(pathname: string, body: unknown, init?: RequestInit): Promise<Response>
  close(): Promise<void>
}

/** A real SQLite store in a temp dir and the API plugin on a loopback port. */
export async function startApi(options: Partial<Omit<MicroApiOptions, 'store'>> = {}): Promise<ApiHarness> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sp-api-'))
  const store = openStore({file: path.join(dir, 'micro.db')})
  let open = 0
  const subscribe = store.subscribe.bind(store)
  store.subscribe = (listener) => {
    open++
    const unsubscribe = subscribe(listener)
    return () => {
      open--
      unsubscribe()
    }
  }
  const app = Fastify({logger: false, forceCloseConnections: true})
  await app.register(microApiPlugin, {store, ...options})
  await app.listen({port: 0, host: '127.0.0.1'})
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    store,
    app,
    subscriptions: () => open,
    async add(...events) {
      const out: CommittedEvent[] = []
      for (const event of events) out.push(...(await store.commit(payloadRecord(event.collectorTstamp), [event])))
      return out
    },
    get: (pathname, init) => fetch(url + pathname, init),
    post: (pathname, body, init) =>
      fetch(url + pathname, {
        method: 'POST',
        body: typeof body === 'string' ? body : JSON.stringify(body),
        ...init,
        headers: {'content-type': 'application/json', ...(init?.headers as Record<string, string> | undefined)},
      }),
    async close() {
      await app.close()
      store.close()
      await rm(dir, {recursive: true, force: true})
    },
  }
}
