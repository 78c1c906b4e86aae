import {test} from 'node:test'
import assert from 'node:assert/strict'
import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import {openStore} from '../../src/store/sqlite-store.js'
import {startThreadWriter} from '../../src/store/thread-writer.js'
import {createInlineWriter, type Writer} from '../../src/store/writer.js'
import type {FirstIds, PayloadRow} from '../../src/store/row-writer.js'
import {tempDir} from '../helpers/temp-dir.js'

const EXITING_THREAD = new URL('./fixtures/exiting-writer-thread.ts', import.meta.url).href

function row(n: number): PayloadRow {
  return {receivedAt: 1_700_000_000_000 + n, ipAddress: '10.0.0.1', path: '/com.snowplowanalytics.snowplow/tp2', thrift: new Uint8Array([n]), events: []}
}

function write(writer: Writer, rows: PayloadRow[]): Promise<FirstIds> {
  return new Promise((resolve, reject) => writer.write(rows, (error, ids) => (error ? reject(error) : resolve(ids!))))
}

test('when the writer thread dies, the write in flight fails with the reason and later writes go to the fallback connection', async (t) => {
  const file = path.join(await tempDir(t), 'micro.db')
  openStore({file}).close()
  const db = new BetterSqlite3(file)
  t.after(() => db.close())
  let fallbacks = 0
  const writer = startThreadWriter(file, 1000, () => (fallbacks++, createInlineWriter(db)), EXITING_THREAD)

  await assert.rejects(write(writer, [row(1)]), {message: 'the writer thread stopped (exit code 3)'})
  assert.equal(fallbacks, 1)

  const ids = await write(writer, [row(2), row(3)])
  assert.deepEqual(ids, {payloadId: 1, eventId: 1})
  assert.deepEqual(db.prepare('SELECT received_at FROM payloads ORDER BY id').pluck().all(), [1_700_000_000_002, 1_700_000_000_003])
  writer.reset()
  assert.equal(db.prepare('SELECT count(*) FROM payloads').pluck().get(), 0)
  writer.close()
  assert.equal(fallbacks, 1, 'one replacement for the life of the writer')
})
