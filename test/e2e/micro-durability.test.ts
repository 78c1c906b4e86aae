import {test} from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import {newTracker, buildPageView, type Tracker} from '@snowplow/node-tracker'
import {startMicroProcess} from './micro-process.js'
import {storedPayloads, tempDir} from '../micro/fixtures.js'

const TRACKERS = 8
const KILL_AFTER_ACKS = 300

/** Every event id found in the stored payloads (tp2 POST bodies and GET querystrings). */
function storedEventIds(dbFile: string): Set<string> {
  const db = new BetterSqlite3(dbFile)
  try {
    const ids = new Set<string>()
    for (const {payload} of storedPayloads(db)) {
      if (payload.body) {
        for (const event of (JSON.parse(payload.body) as {data: {eid: string}[]}).data) ids.add(event.eid)
      } else {
        const eid = new URLSearchParams(payload.querystring).get('eid')
        if (eid) ids.add(eid)
      }
    }
    return ids
  } finally {
    db.close()
  }
}

test('kill -9 mid-load loses no acknowledged event: every 200 the trackers got is in the database', async (t) => {
  const dbFile = path.join(await tempDir(t), 'micro.db')
  const micro = await startMicroProcess(t, ['--port', '0', '--db', dbFile])

  const acknowledged = new Set<string>()
  let sent = 0
  let settled = 0
  let killed = false
  let onKill!: () => void
  const killedNow = new Promise<void>((resolve) => (onKill = resolve))

  const trackers: Tracker[] = Array.from({length: TRACKERS}, (_, i) =>
    newTracker(
      {namespace: `load-${i}`, appId: 'durability'},
      {
        endpoint: micro.url,
        eventMethod: i % 2 === 0 ? 'post' : 'get',
        bufferSize: 1,
        retryFailedRequests: false,
        onRequestSuccess: (batch) => {
          settled += batch.length
          // every 200 received is an acknowledgement, even one reported after the kill
          for (const event of batch) acknowledged.add(String(event.eid))
          if (!killed && acknowledged.size >= KILL_AFTER_ACKS) {
            killed = true
            micro.child.kill('SIGKILL')
            onKill()
          }
        },
        onRequestFailure: (failure) => {
          settled += failure.events.length
        },
      },
    ),
  )

  const loops = trackers.map(async (tracker, i) => {
    for (let n = 0; !killed; n++) {
      sent++
      tracker.track(buildPageView({pageUrl: `https://shop.example/${i}/${n}`}))
      await tracker.flush()
    }
  })

  await killedNow
  const {signal} = await micro.exited
  assert.equal(signal, 'SIGKILL')
  await Promise.all(loops)
  // the trackers report each request after flush() resolves: wait until every one is accounted for
  const deadline = Date.now() + 10_000
  while (settled < sent && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
  assert.equal(settled, sent, 'every tracker request settled')

  const stored = storedEventIds(dbFile)
  const lost = [...acknowledged].filter((eid) => !stored.has(eid))
  assert.ok(acknowledged.size >= KILL_AFTER_ACKS)
  assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.size} acknowledged events missing`)
  t.diagnostic(`acknowledged ${acknowledged.size}, stored ${stored.size}, sent ${sent}`)
})
