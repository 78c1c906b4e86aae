import {test} from 'node:test'
import assert from 'node:assert/strict'
import {mkdtemp, rm} from 'node:fs/promises'
import os from 'node:os'
import http from 'node:http'
import path from 'node:path'
import {startMicro, type RunningMicro} from '../../src/micro/server.js'
import {defaultMicroOptions} from '../../src/micro/options.js'
import {MicroClient} from '../../src/client/micro-client.js'
import {followStream, type ConnectionStatus} from '../../src/client/stream.js'
import type {StreamEvent} from '../../src/client/types.js'
import {isSpError} from '../../src/errors/sp-error.js'
import {fixtureSchemasDir} from '../helpers/static-iglu.js'

function start(dbFile: string, port = 0): Promise<RunningMicro> {
  return startMicro(defaultMicroOptions({port, host: '127.0.0.1', dbFile, iglu: {schemaDirs: [fixtureSchemasDir], offline: true}}))
}

/** A fresh connection per request: a keep-alive socket to the stopped server must not be reused. */
function get(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    http.get(url, {agent: false}, (res) => {
      res.resume()
      res.on('end', () => resolve())
    }).on('error', reject)
  })
}

async function pageViews(url: string, n: number, tag: string): Promise<void> {
  for (let i = 0; i < n; i++) await get(`${url}/i?e=pv&p=web&tv=test&aid=${tag}&url=${encodeURIComponent(`https://shop.example/${tag}/${i}`)}`)
}

/** Resolves once `predicate` holds, checked on every event / status change (no polling). */
function until<T>(subscribe: (check: () => void) => void, predicate: () => T | undefined, what: string, ms = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms)
    const check = () => {
      const v = predicate()
      if (v !== undefined) {
        clearTimeout(timer)
        resolve(v)
      }
    }
    subscribe(check)
    check()
  })
}

test('replays the last N, then delivers live events; filters apply to both', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sp-stream-'))
  const micro = await start(path.join(dir, 'micro.db'))
  t.after(async () => {
    await micro.close()
    await rm(dir, {recursive: true, force: true})
  })
  await pageViews(micro.url, 5, 'old')
  const events: StreamEvent[] = []
  const listeners: Array<() => void> = []
  const controller = new AbortController()
  t.after(() => controller.abort())
  const done = followStream(new MicroClient(micro.url), {
    last: 2,
    filter: {event_type: 'page_view'},
    signal: controller.signal,
    onEvent: (e) => {
      events.push(e)
      listeners.forEach((l) => l())
    },
  })
  await until((l) => listeners.push(l), () => (events.length >= 2 ? true : undefined), 'the replay')
  await pageViews(micro.url, 1, 'new')
  await get(`${micro.url}/i?e=pp&p=web&tv=test`)
  await pageViews(micro.url, 1, 'newer')
  await until((l) => listeners.push(l), () => (events.length >= 4 ? true : undefined), 'live events')
  controller.abort()
  await done
  assert.deepEqual(events.map((e) => e.appId), ['old', 'old', 'new', 'newer'])
  assert.ok(events.every((e) => e.eventType === 'page_view' && e.status === 'good'))
  assert.ok(events.every((e, i) => i === 0 || e.id > events[i - 1]!.id), 'ids increase')
})

test('reports the disconnect when the server restarts, reconnects and resumes with nothing lost or repeated', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sp-stream-'))
  const dbFile = path.join(dir, 'micro.db')
  let micro = await start(dbFile)
  const port = micro.port
  t.after(async () => {
    await micro.close()
    await rm(dir, {recursive: true, force: true})
  })
  const events: StreamEvent[] = []
  const statuses: ConnectionStatus[] = []
  const listeners: Array<() => void> = []
  const notify = () => listeners.forEach((l) => l())
  const controller = new AbortController()
  t.after(() => controller.abort())
  const done = followStream(new MicroClient(micro.url), {
    last: 0,
    retryMs: 20,
    maxRetryMs: 100,
    signal: controller.signal,
    onEvent: (e) => {
      events.push(e)
      notify()
    },
    onStatus: (s) => {
      statuses.push(s)
      notify()
    },
  })
  await until((l) => listeners.push(l), () => (statuses.some((s) => s.state === 'connected') ? true : undefined), 'connected')
  await pageViews(micro.url, 2, 'before')
  await until((l) => listeners.push(l), () => (events.length >= 2 ? true : undefined), 'events before the restart')
  await micro.close()
  await until((l) => listeners.push(l), () => (statuses.some((s) => s.state === 'disconnected') ? true : undefined), 'disconnected')
  // events stored while the tail is away must still arrive after it reconnects
  micro = await start(dbFile, port)
  await pageViews(micro.url, 2, 'after')
  await until((l) => listeners.push(l), () => (events.length >= 4 ? true : undefined), 'events after the restart')
  controller.abort()
  await done
  assert.deepEqual(events.map((e) => e.appId), ['before', 'before', 'after', 'after'])
  const states = statuses.map((s) => s.state)
  assert.ok(states.lastIndexOf('connected') > states.indexOf('disconnected'), `reconnected: ${states.join(',')}`)
  const down = statuses.find((s) => s.state === 'disconnected')!
  assert.ok(down.reason !== undefined && down.reason !== '')
})

test('a filter the server refuses rejects at once (400) instead of retrying forever', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sp-stream-'))
  const micro = await start(path.join(dir, 'micro.db'))
  t.after(async () => {
    await micro.close()
    await rm(dir, {recursive: true, force: true})
  })
  await assert.rejects(
    followStream(new MicroClient(micro.url), {filter: {status: 'nope' as never}, onEvent: () => {}}),
    (e) => isSpError(e) && e.code === 'CLIENT_HTTP_ERROR' && /400/.test(e.message) && /status/.test(e.message),
  )
})
