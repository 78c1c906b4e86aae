import {test} from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import {openStore} from '../../src/store/index.js'
import {RowWriter, toPayloadRow, RESET_CHUNK_ROWS} from '../../src/store/row-writer.js'
import {readStatusCounts} from '../../src/store/queries/index.js'
import {goodEvent, payloadRecord} from '../api/event-fixtures.js'
import {tempDir} from '../helpers/temp-dir.js'

for (const kind of ['file', 'memory'] as const) {
  test(`a reset in steps (${kind}) deletes what was stored in chunks and keeps what is committed meanwhile`, async (t) => {
    const store = openStore({file: kind === 'memory' ? ':memory:' : path.join(await tempDir(t), 'micro.db')})
    t.after(() => store.close())
    const before = 2 * RESET_CHUNK_ROWS + 500
    new RowWriter(store.db).write(Array.from({length: before}, (_, i) => toPayloadRow(payloadRecord(i), [goodEvent({appId: 'old'})])))
    const resetting = store.resetInSteps()
    const during = await Promise.all(Array.from({length: 5}, () => store.commit(payloadRecord(1), [goodEvent({appId: 'new'})])))
    await resetting
    const apps = store.db.prepare('SELECT app_id FROM events').pluck().all() as string[]
    assert.deepEqual(apps, ['new', 'new', 'new', 'new', 'new'])
    assert.equal(store.db.prepare('SELECT count(*) FROM payloads').pluck().get(), 5)
    assert.deepEqual(readStatusCounts(store.db), {good: 5, bad: 0, incomplete: 0})
    // ids still only grow
    assert.ok(during.flat().every((e) => e.id > before))
    const [next] = await store.commit(payloadRecord(2), [goodEvent()])
    assert.ok(next!.id > Math.max(...during.flat().map((e) => e.id)))
  })
}
