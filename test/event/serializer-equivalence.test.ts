import {test} from 'node:test'
import assert from 'node:assert/strict'
import {
  FIELDS,
  FIELD_COUNT,
  createEnrichedEvent,
  toTsv,
  tsvReadsBack,
  isWholeTsvLine,
  toCanonicalJson,
  tsvValue,
  canonicalValueJson,
  formatIsoTimestamp,
  formatTsvTimestamp,
  formatIsoMillis,
  type AtomicValue,
  type EnrichedEvent,
} from '../../src/event/index.js'
import {formatIsoTimestampJson} from '../../src/event/timestamps.js'

/**
 * The serializers append blocks of unset fields in one piece, quote plain strings without a
 * helper call and format timestamps from tables. These tests hold them to the field-by-field
 * definitions (and timestamps to Date#toISOString) on random events, unusual values included.
 */

let seed = 11
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!

const STRINGS = ['', 'web', 'ünïcödé ✓', '😀', '\ud800lone', '\udc00', 'quote"back\\slash', 'tab\tnew\nline', '\u0000', '\u2028', 'x'.repeat(5000)]
const TIMES = [0, 1, 999, 86399999, 951782400000, 1700000000000, 1700000000123, 253402300799999, 253402300800000, -1, -62198755200001, 4102444800000]

function randomValue(kind: string): AtomicValue {
  switch (kind) {
    case 'string':
    case 'uuid':
      return pick(STRINGS)
    case 'int':
      return pick([0, -1, 2147483647, 80, 443])
    case 'float':
      return pick([0, 52.52, -13.4, NaN, Infinity])
    case 'num':
      return pick(['1000', '0.00001', '12345678901234567890.123', '-0', '1E+3', 'abc'])
    case 'bool':
      return pick([0, 1])
    case 'ts':
      return rnd() < 0.5 ? pick(TIMES) : Math.floor(rnd() * 253402300800000)
    case 'contexts':
      return pick([[], [{schema: 'iglu:a/b/jsonschema/1-0-0', data: {s: pick(STRINGS)}}]])
    default:
      return {schema: 'iglu:a/b/jsonschema/1-0-0', data: {n: rnd()}}
  }
}

function randomEvent(): EnrichedEvent {
  const ev = createEnrichedEvent()
  const density = pick([0, 0.05, 0.3, 0.7, 1])
  for (let i = 0; i < FIELD_COUNT; i++) if (rnd() < density) ev[i] = randomValue(FIELDS[i]!.kind)
  return ev
}

const referenceTsv = (ev: EnrichedEvent) => ev.map((v, i) => tsvValue(FIELDS[i]!.kind, v)).join('\t')
const referenceJson = (ev: EnrichedEvent) =>
  '{' + ev.map((v, i) => JSON.stringify(FIELDS[i]!.name) + ':' + canonicalValueJson(FIELDS[i]!.kind, v)).join(',') + '}'

test('TSV and canonical JSON equal their field-by-field definitions on random events', () => {
  for (let n = 0; n < 2000; n++) {
    const ev = randomEvent()
    assert.equal(toTsv(ev), referenceTsv(ev), `event ${n}`)
    assert.equal(toCanonicalJson(ev), referenceJson(ev), `event ${n}`)
  }
  const empty = createEnrichedEvent()
  assert.equal(toCanonicalJson(empty), referenceJson(empty))
  const full = createEnrichedEvent().map((_, i) => randomValue(FIELDS[i]!.kind))
  assert.equal(toCanonicalJson(full), referenceJson(full))
  assert.equal(toTsv(full), referenceTsv(full))
})

test('strings are escaped as JSON.stringify does, lone surrogates included', () => {
  for (const s of STRINGS) {
    const ev = createEnrichedEvent()
    ev[0] = s
    assert.ok(toCanonicalJson(ev).startsWith('{"app_id":' + JSON.stringify(s) + ','))
  }
})

test('contexts JSON is shared between the two serializers and stays right when many values interleave', () => {
  const events = Array.from({length: 12}, (_, i) => {
    const ev = createEnrichedEvent()
    ev[52] = [{schema: 'iglu:a/b/jsonschema/1-0-0', data: {i}}]
    ev[58] = {schema: 'iglu:a/c/jsonschema/1-0-0', data: {i}}
    return ev
  })
  for (let round = 0; round < 3; round++) {
    for (const ev of events) assert.equal(toCanonicalJson(ev), referenceJson(ev))
    for (const ev of [...events].reverse()) assert.equal(toTsv(ev), referenceTsv(ev))
  }
})

test('timestamps from tables equal the Date#toISOString forms, fallbacks outside 1970..9999', () => {
  const values = [...TIMES, -8.64e15, 8.64e15, 1700000000000 - 1, 1700000000000 + 86400000]
  for (let n = 0; n < 20000; n++) values.push(Math.floor(rnd() * 3e14) - 2e13)
  for (const ms of values) {
    const iso = new Date(ms).toISOString()
    assert.equal(formatTsvTimestamp(ms), iso.slice(0, 10) + ' ' + iso.slice(11, 23), `tsv ${ms}`)
    assert.equal(formatIsoTimestamp(ms), iso.endsWith('.000Z') ? iso.slice(0, -5) + 'Z' : iso, `iso ${ms}`)
    assert.equal(formatIsoTimestampJson(ms), JSON.stringify(formatIsoTimestamp(ms)), `json ${ms}`)
    assert.equal(formatIsoMillis(ms), iso, `millis ${ms}`)
  }
})

test('tsvReadsBack gives isWholeTsvLine\'s answer on the line, without making or scanning it', () => {
  const answers = new Set<boolean>()
  for (let round = 0; round < 2000; round++) {
    const ev = randomEvent()
    const whole = isWholeTsvLine(toTsv(ev))
    assert.equal(tsvReadsBack(ev), whole, `event ${round}`)
    answers.add(whole)
  }
  assert.deepEqual([...answers].sort(), [false, true], 'both kinds of line occur')
})
