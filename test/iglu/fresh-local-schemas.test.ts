import {test} from 'node:test'
import assert from 'node:assert/strict'
import {mkdir, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {buildSelfDescribingEvent} from '@snowplow/node-tracker'
import {MicroClient} from '../../src/client/micro-client.js'
import {errorMessages, formatErrorMessage} from '../../src/client/error-messages.js'
import {startAcmeMicro, acmeSchema, CHECKOUT} from '../helpers/acme-micro.js'
import {tracker} from '../client/tracking.js'

const NEW = 'iglu:com.acme/new_thing/jsonschema/1-0-0'

/** Sends `data` as `schema` until an event of it comes out with `status` (the watcher needs a moment), 15 s deadline. */
async function sendUntil(port: number, client: MicroClient, schema: string, data: Record<string, unknown>, status: 'good' | 'incomplete'): Promise<void> {
  const deadline = Date.now() + 15_000
  const tr = tracker(port)
  for (;;) {
    await client.reset()
    tr.track(buildSelfDescribingEvent({event: {schema, data}}))
    await client.wait({}, {count: 1, timeout: 5000})
    const [event] = await client.captured({})
    if (event?.status === status) return
    if (Date.now() > deadline) assert.fail(`never ${status}: ${event?.errors.join('\n')}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

test('a schema added to or edited in a --schemas folder is used by the next event, whatever the cache TTL', async (t) => {
  const {micro, schemas} = await startAcmeMicro(t)
  const client = new MicroClient(micro.url)
  // a miss, cached (Micro's default resolver: cacheTtl 60 s)
  await sendUntil(micro.port, client, NEW, {a: 1}, 'incomplete')
  const folder = path.join(schemas, 'com.acme', 'new_thing', 'jsonschema')
  await mkdir(folder, {recursive: true})
  await writeFile(path.join(folder, '1-0-0'), JSON.stringify(acmeSchema('new_thing', '1-0-0', {a: {type: 'integer'}}, ['a'])))
  await sendUntil(micro.port, client, NEW, {a: 1}, 'good')

  // an edit: step becomes a string
  await sendUntil(micro.port, client, CHECKOUT, {step: 'two'}, 'incomplete')
  await writeFile(path.join(schemas, 'com.acme', 'checkout', 'jsonschema', '1-0-0'), JSON.stringify(acmeSchema('checkout', '1-0-0', {step: {type: 'string'}}, ['step'])))
  await sendUntil(micro.port, client, CHECKOUT, {step: 'two'}, 'good')
})

test('a resolution error answered from the cache says so', () => {
  const row = JSON.stringify({
    schema: 'iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/2-0-1',
    data: {failure: {timestamp: '2026-01-01T10:05:00.000Z', messages: [{schemaKey: NEW, error: {error: 'ResolutionError', lookupHistory: [
      {repository: 'Iglu Central', errors: [{error: 'NotFound'}], attempts: 1, lastAttempt: '2026-01-01T10:00:00.000Z'},
    ]}}]}, payload: {}},
  })
  assert.deepEqual(errorMessages([row]).map(formatErrorMessage), [
    `${NEW}: schema not found (looked in Iglu Central); a cached answer: the repositories were last asked at 2026-01-01T10:00:00.000Z`,
  ])
  const fresh = row.replace('10:00:00.000Z', '10:04:59.900Z')
  assert.doesNotMatch(formatErrorMessage(errorMessages([fresh])[0]!), /cached/)
})
