import {test} from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import {openStore} from '../../src/store/index.js'
import {ResetNotifier, waitForEvents} from '../../src/api/wait.js'
import {goodEvent, payloadRecord} from './event-fixtures.js'
import {tempDir} from '../helpers/temp-dir.js'

// What a test harness does in beforeEach: /micro/reset while events committed just before it are
// still being delivered to the open wait. The deleted events must not satisfy it.
for (const kind of ['memory', 'file'] as const) {
  test(`a wait does not count events a reset deleted while they were being delivered (${kind} store)`, async (t) => {
    const store = openStore({file: kind === 'memory' ? ':memory:' : path.join(await tempDir(t), 'micro.db')})
    t.after(() => store.close())
    await store.commit(payloadRecord(), [goodEvent()]) // ids before the reset are not 1 again
    const resets = new ResetNotifier()
    const waiting = waitForEvents(store, {filter: {}, count: 2, timeoutMs: 200}, undefined, resets)
    const committed = store.commit(payloadRecord(), [goodEvent()])
    store.reset()
    resets.notify()
    await committed
    const outcome = await waiting
    assert.equal(store.db.prepare('SELECT count(*) FROM events').pluck().get(), 0)
    assert.deepEqual([outcome.status, outcome.matched], ['timeout', 0])
  })
}
