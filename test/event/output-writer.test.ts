import {test} from 'node:test'
import assert from 'node:assert/strict'
import {createEventWriter, formatEventLine, resolveOutputFormat} from '../../src/output/event-writer.js'
import {createEnrichedEvent, setField, toTsv, toCanonicalJson} from '../../src/event/index.js'
import type {ProcessedEvent} from '../../src/store/types.js'

function processed(status: ProcessedEvent['status'], withEvent: boolean): ProcessedEvent {
  const ev = createEnrichedEvent()
  setField(ev, 'app_id', 'shop')
  setField(ev, 'event_id', 'c6ef3124-b53a-4b13-a233-0088f79dcbcb')
  setField(ev, 'contexts', [{schema: 'iglu:org.schema/WebPage/jsonschema/1-0-0', data: {genre: 'blog'}}])
  return {
    status,
    eventId: 'c6ef3124-b53a-4b13-a233-0088f79dcbcb',
    eventType: null,
    schema: null,
    contexts: [],
    appId: 'shop',
    collectorTstamp: 0,
    api: null,
    rawEvent: null,
    event: withEvent ? toCanonicalJson(ev) : null,
    tsv: withEvent ? toTsv(ev) : null,
    collectorPayload: null,
    errors: [],
    badRow: null,
  }
}

test('-t/-j: one TSV or lossy JSON line per enriched event, incomplete included, bad skipped', () => {
  const lines: string[] = []
  createEventWriter('tsv', (c) => lines.push(c))([processed('good', true), processed('bad', false), processed('incomplete', true)])
  assert.equal(lines.length, 1)
  const tsvLines = lines[0]!.split('\n')
  assert.equal(tsvLines.length, 3) // two lines and the final newline
  assert.equal(tsvLines[0]!.split('\t').length, 131)

  const json = JSON.parse(formatEventLine(processed('good', true), 'json')!)
  assert.equal(json.app_id, 'shop')
  assert.deepEqual(json.contexts_org_schema_web_page_1, [{genre: 'blog', _schema_version: 'iglu:org.schema/WebPage/jsonschema/1-0-0'}])
  assert.equal(formatEventLine(processed('bad', false), 'json'), null)
})

test("both output formats are refused with Micro's message", () => {
  assert.throws(() => resolveOutputFormat({outputTsv: true, outputJson: true}), {message: 'Cannot specify both --output-tsv and --output-json'})
  assert.equal(resolveOutputFormat({outputTsv: true}), 'tsv')
  assert.equal(resolveOutputFormat({outputJson: true}), 'json')
  assert.equal(resolveOutputFormat({}), null)
})
