/**
 * Port of Snowplow Enrich 6's JsonUtilsSpec (modules/common/src/test/scala/.../utils/JsonUtilsSpec.scala)
 * e6–e8 (`extractJson`: depth limit and parse errors, with circe/jawn's messages), plus the
 * numbers Enrich keeps as written. e1–e5 test `toJson`, a helper of webhook adapters sp does not
 * have. Our own test code.
 */
import {test} from 'node:test'
import assert from 'node:assert/strict'
import {DEFAULT_MAX_JSON_DEPTH, jawnError, parseJsonText, walkJson, TOO_DEEP} from '../../src/adapters/json-text.js'
import {stringifyExact} from '../../src/event/exact-json.js'

const deep = (depth: number, open: string, close: string) => `${open.repeat(depth)}"depth-${depth}"${close.repeat(depth)}`

test("JsonUtilsSpec e6: extractJson can parse JSON that doesn't exceed max depth", () => {
  const json = `
      {
        "f1": "v",
        "f2": 2,
        "f3": true,
        "f4": {
          "f41": {
            "f411": [1, 2, 3],
            "f412": "v",
            "f413": [
              {"f4131": "v"},
              {"f4132": {"f41321": "v"}}
            ]
          }
        },
        "f5": [1, 2, 3],
        "f6": [
          {"f61": "v"},
          {"f62": {"f621": {"f6211": "v"}}}
        ]
      }`
  assert.equal(parseJsonText(json, 10).ok, true)
})

test('JsonUtilsSpec e7: extractJson returns Left when the JSON exceeds max depth (a million levels)', () => {
  const expected = {ok: false, error: 'invalid json: maximum allowed JSON depth exceeded'}
  assert.deepEqual(parseJsonText(deep(1000000, '{"1":', '}'), 40), expected)
  assert.deepEqual(parseJsonText(deep(1000000, '[', ']'), 40), expected)
})

test('JsonUtilsSpec e8: extractJson returns Left when the string is not JSON', () => {
  assert.deepEqual(parseJsonText('{test:', 40), {ok: false, error: `invalid json: expected " got 'test:' (line 1, column 2)`})
})

test("JsonUtils: the depth rule is Enrich's checkIfExceedMaxDepth (a value inside maxDepth containers)", () => {
  assert.equal(DEFAULT_MAX_JSON_DEPTH, 50)
  const tooDeep = (v: unknown, max: number) => walkJson(v, max) === TOO_DEEP
  assert.equal(tooDeep(1, 0), true)
  assert.equal(tooDeep([], 1), false)
  assert.equal(tooDeep([1], 1), true)
  assert.equal(tooDeep({a: {}}, 2), false)
  assert.equal(tooDeep({a: {b: null}}, 2), true)
  // 49 arrays around a value: fine at 50; 50: too deep
  assert.equal(parseJsonText('['.repeat(49) + '1' + ']'.repeat(49)).ok, true)
  assert.equal(parseJsonText('['.repeat(50) + '1' + ']'.repeat(50)).ok, false)
})

test("JsonUtils: jawn's messages for invalid JSON", () => {
  const table: [string, string][] = [
    ['', 'exhausted input'],
    ['body', "expected json value got 'body' (line 1, column 1)"],
    ['{[-', `expected " got '[-' (line 1, column 2)`],
    ['{"a" 1}', "expected : got '1}' (line 1, column 6)"],
    ['[1 2]', "expected ] or , got '2]' (line 1, column 4)"],
    ['{"a":1 "b":2}', `expected } or , got '"b":2}' (line 1, column 8)`],
    ['{"a":1} x', "expected whitespace or eof got 'x' (line 1, column 9)"],
    ['[1,\n  tru]', "expected true got 'tru]' (line 2, column 3)"],
    ['[-]', "expected digit got '-]' (line 1, column 2)"],
    ['["a\u0001"]', "control char (1) in string got '\u0001...' (line 1, column 4)"],
    ['["\\x"]', "illegal escape sequence (\\x) got '\\...' (line 1, column 3)"],
    ['[1,', 'exhausted input'],
    ['{"a":"b', 'exhausted input'],
    ['[1234567890', 'exhausted input'],
  ]
  for (const [text, expected] of table) {
    assert.throws(() => JSON.parse(text))
    assert.equal(jawnError(text), expected, JSON.stringify(text))
  }
})

test('JSON numbers: integers beyond 2^53 and long decimals are kept as written, short ones are JSON.parse\'s', () => {
  const text = '{"big":9223372036854775809,"neg":-18446744073709551617,"ok":1234567890123,"dec":0.12345678901234567890,"list":[9007199254740993,1.5],"s":"12345678901234567890"}'
  const parsed = parseJsonText(text)
  assert.ok(parsed.ok)
  assert.equal((parsed.json as {big: number}).big, 9223372036854775807) // what validation sees: a number
  assert.equal(stringifyExact(parsed.exact), text)
  // no integer beyond 2^53: JSON.parse alone, the same object for validation and output
  const short = parseJsonText('{"a":1.5,"b":[1,2,3],"c":"12345678901234567890","d":9007199254740991}')
  assert.ok(short.ok && short.exact === short.json)
})
