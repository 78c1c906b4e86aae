import path from 'node:path'
import type {TestContext} from 'node:test'
import {startMicro, type RunningMicro} from '../../src/micro/server.js'
import {defaultMicroOptions, type MicroOptions} from '../../src/micro/options.js'
import {defaultCollectorConfig, type CollectorConfig} from '../../src/collector/config.js'
import {decodeCollectorPayload} from '../../src/thrift/codec.js'
import type {CollectorPayload} from '../../src/thrift/collector-payload.js'
import type {Database} from 'better-sqlite3'
import {tempDir} from '../helpers/temp-dir.js'

export {tempDir}

export interface TestMicroOptions extends Partial<Omit<MicroOptions, 'collector'>> {
  collector?: Partial<CollectorConfig>
}

/** A real `sp micro` on a loopback port from the OS, with a SQLite file in a temp folder. */
export async function startTestMicro(t: TestContext, options: TestMicroOptions = {}): Promise<RunningMicro> {
  const dbFile = options.dbFile ?? path.join(await tempDir(t), 'micro.db')
  const {collector, ...rest} = options
  // offline: tests never reach Iglu Central once enrich runs inside sp micro
  const micro = await startMicro(
    defaultMicroOptions({port: 0, iglu: {offline: true}, ...rest, dbFile, collector: {...defaultCollectorConfig(), ...collector}}),
  )
  t.after(() => micro.close())
  return micro
}

export interface StoredPayload {
  id: number
  receivedAt: number
  ip: string
  path: string
  thrift: Buffer
  payload: CollectorPayload
}

/** Every stored payload, decoded, oldest first. */
export function storedPayloads(db: Database): StoredPayload[] {
  const rows = db.prepare('SELECT id, received_at, ip, path, thrift FROM payloads ORDER BY id').all() as {
    id: number
    received_at: number
    ip: string
    path: string
    thrift: Buffer
  }[]
  return rows.map((r) => ({id: r.id, receivedAt: r.received_at, ip: r.ip, path: r.path, thrift: r.thrift, payload: decodeCollectorPayload(r.thrift)}))
}

export interface StoredEventRow {
  id: number
  payload_id: number
  status: string
  event_id: string | null
  api_vendor: string | null
  api_version: string | null
  collector_tstamp: number
  errors: string
  bad_row: string | null
  collector_payload: string | null
}

export function storedEvents(db: Database): StoredEventRow[] {
  return db.prepare('SELECT * FROM events ORDER BY id').all() as StoredEventRow[]
}

export interface RawResponse {
  status: number
  headers: import('node:http').IncomingHttpHeaders
  body: Buffer
}

/**
 * One HTTP/1.1 request with exactly the headers given (fetch hides or rewrites some, e.g. Host and
 * Cookie ordering), for tests that check what the collector stores.
 */
export async function rawRequest(
  baseUrl: string,
  options: {method?: string; path: string; headers?: Record<string, string | string[]>; body?: string | Buffer},
): Promise<RawResponse> {
  const {request} = await import('node:http')
  const url = new URL(baseUrl)
  return new Promise((resolve, reject) => {
    const req = request(
      {host: url.hostname, port: url.port, method: options.method ?? 'GET', path: options.path, headers: options.headers, agent: false},
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks)}))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}
