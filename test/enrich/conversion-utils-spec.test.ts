/**
 * Port of Snowplow Enrich 6's conversionUtilsSpecs.scala (modules/common/src/test/scala/.../utils/)
 * and clientEnrichmentSpecs.scala, for the conversions sp performs: StringToUriSpec, ExplodeUriSpec,
 * FixTabsNewlinesSpec, DecodeBase64UrlSpec, ValidateUuidSpec, StringToJIntegerSpec,
 * StringToBooleanLikeJByteSpec, ExtractQueryStringSpec, TabSeparatedEnrichedEventSpec and
 * ExtractViewDimensionsSpec. Our own test code.
 */
import {test} from 'node:test'
import assert from 'node:assert/strict'
import {explodeUri} from '../../src/enrich/uri.js'
import {ConversionError, toBool, toCleanString, toInt, toResolution, toUuid} from '../../src/enrich/converters.js'
import {decodeBase64Lenient} from '../../src/adapters/base64.js'
import {parsePairs} from '../../src/adapters/querystring.js'
import {createEnrichedEvent, FIELDS, FIELD_COUNT, toTsv} from '../../src/event/index.js'

const stringToUri = (url: string) => explodeUri(url)?.uri

function withChars(chars: string): string[] {
  return [
    `http://www.example.com/a/b/${chars}`,
    `http://www.example.com/a${chars}`,
    `http://www.example.com/a${chars}${chars}`,
    `http://www.example.com/a${chars}${chars}${chars}b/c`,
    `http://www.example.com/a${chars}/c${chars}${chars}d`,
    `http://www.example.com/a${chars}b/456?d=e${chars}${chars}f&g=h${chars}i&j=k`,
    `http://www.example.com/a${chars}b/c?d=e&f=g${chars}${chars}${chars}h`,
  ]
}

test('StringToUriSpec: work with hostname having underscore (Java keeps it, with no server host)', () => {
  const parts = explodeUri('http://www.ex_ample.com')!
  assert.equal(parts.uri, 'http://www.ex_ample.com')
  assert.equal(parts.host, null)
})

test('StringToUriSpec: work with basic URL and not modify it', () => {
  const urls = [
    'http://www.example.com',
    'http://www.example.com/',
    'http://www.example.com/a',
    'http://www.google.com/se+arch?q=gateway+oracle+cards+denise+linn&hl=en&client=safari',
    ...withChars(''),
  ]
  for (const url of urls) assert.equal(stringToUri(url), url)
})

test('StringToUriSpec: work with URL with space and encode spaces as %20', () => {
  assert.equal(stringToUri('http://www.example.com/sp a ce'), 'http://www.example.com/sp%20a%20ce')
})

test('StringToUriSpec: work with correctly percent-encoded URL and not modify it', () => {
  assert.equal(stringToUri('www.example.com/a%23b/?c=d%24e'), 'www.example.com/a%23b/?c=d%24e')
})

test('StringToUriSpec: work with URL containing special characters or macros', () => {
  // how scala-uri (Enrich's fallback parser) writes them back, per the spec's own helper
  const encode = (url: string) => {
    let out = url
      .replace(/%/g, '%25')
      .replace(/ /g, '%20')
      .replace(/\|/g, '%7C')
      .replace(/\$/g, '%24')
      .replace(/\{/g, '%7B')
      .replace(/\}/g, '%7D')
      .replace(/\[/g, '%5B')
      .replace(/\]/g, '%5D')
      .replace(/#/g, '%23')
      .replace('%23', '#')
    const i = out.indexOf('#')
    if (i >= 0) out = out.slice(0, i) + out.slice(i).replace(/\?/g, '%3F').replace(/\//g, '%2F').replace(/=/g, '%3D').replace(/&/g, '%26')
    return out
  }
  const specials = ['|', '${a}', '${a b}', '$[a]', '$[a b]', '#{a}', '#{a b}', '#{{a}}', '#{{a b}}', '#a#', '#a b#', '##a##', '##a b##', '%a%', '%a b%', '%%a%%', '%%a b%%', '%%%a%%%', '%%%a b%%%']
  for (const chars of specials) for (const url of withChars(chars)) assert.equal(stringToUri(url), encode(url), url)
})

test('ExplodeUriSpec: exploding URIs into their component pieces', () => {
  const table: [string, string, string, string, number, string | null, string | null, string | null][] = [
    ['With path, qs & #', 'http://www.psychicbazaar.com/oracles/119-psycards-deck.html?view=print#detail', 'http', 'www.psychicbazaar.com', 80, '/oracles/119-psycards-deck.html', 'view=print', 'detail'],
    ['With path & space in qs', 'http://psy.bz/genre/all/type/all?utm_source=google&utm_medium=cpc&utm_term=buy%2Btarot&utm_campaign=spring_sale', 'http', 'psy.bz', 80, '/genre/all/type/all', 'utm_source=google&utm_medium=cpc&utm_term=buy%2Btarot&utm_campaign=spring_sale', null],
    ['With path & no www', 'http://snowplowanalytics.com/analytics/index.html', 'http', 'snowplowanalytics.com', 80, '/analytics/index.html', null, null],
    ['Port specified', 'http://www.nbnz.co.nz:440/login.asp', 'http', 'www.nbnz.co.nz', 440, '/login.asp', null, null],
    ['HTTPS & #', 'https://www.lancs.ac.uk#footer', 'https', 'www.lancs.ac.uk', 443, null, null, 'footer'],
    ['www2 & trailing /', 'https://www2.williamhill.com/', 'https', 'www2.williamhill.com', 443, '/', null, null],
    ['Tab & newline in qs', 'http://www.ebay.co.uk/sch/i.html?_from=R40&_trksid=m570.l2736&_nkw=%09+Clear+Quartz+Point+Rock+Crystal%0ADowsing+Pendulum', 'http', 'www.ebay.co.uk', 80, '/sch/i.html', '_from=R40&_trksid=m570.l2736&_nkw=%09+Clear+Quartz+Point+Rock+Crystal%0ADowsing+Pendulum', null],
    ['Tab & newline in path', 'https://snowplowanalytics.com/analytic%0As/index%09nasty.html', 'https', 'snowplowanalytics.com', 443, '/analytic%0As/index%09nasty.html', null, null],
    ['Tab & newline in #', 'http://psy.bz/oracles/psycards.html?view=print#detail%09is%0Acorrupted', 'http', 'psy.bz', 80, '/oracles/psycards.html', 'view=print', 'detail%09is%0Acorrupted'],
  ]
  for (const [name, uri, scheme, host, port, path, query, fragment] of table) {
    const {uri: _, ...parts} = explodeUri(uri)!
    assert.deepEqual(parts, {scheme, host, port, path, query, fragment}, name)
  }
})

test('FixTabsNewlinesSpec: replacing tabs, newlines and control characters', () => {
  const SAFE_TAB = '    '
  const table: [string, string, string | null][] = [
    ['Empty string', '', null],
    ['String with true-tab', '\t', SAFE_TAB],
    ['String with \\t', '\t', SAFE_TAB],
    ['String with \\\\t', '\\\t', `\\${SAFE_TAB}`],
    ['String with \\b', '\b', null],
    ['String ending in newline', 'Hello\n', 'Hello'],
    ['String with control char', '\u0002', null],
    ['String with space', '\u0020', ' '],
    ['String with black diamond', '�', '�'],
    ['String with everything', 'Hi\t\u0002�\u0020\bJo\t\u0002', `Hi${SAFE_TAB}� Jo${SAFE_TAB}`],
  ]
  for (const [name, input, expected] of table) assert.equal(toCleanString(input), expected, name)
})

test('DecodeBase64UrlSpec e2: no string makes decoding fail', () => {
  for (const s of ['', '=', '====', '\u0000', '¢¢¢', 'a', 'ab', 'abc', '-_', '+/', 'äöü - &', '\ud800']) assert.equal(typeof decodeBase64Lenient(s), 'string', JSON.stringify(s))
})

test('DecodeBase64UrlSpec e3: decode valid Base64 (URL-safe) encoded strings', () => {
  const table: [string, string, string][] = [
    ['Lua Tracker String #1', 'Sm9oblNtaXRo', 'JohnSmith'],
    ['Lua Tracker String #2', 'am9obitzbWl0aA', 'john+smith'],
    ['Lua Tracker String #3', 'Sm9obiBTbWl0aA', 'John Smith'],
    ['Lua Tracker JSON #1', 'eyJhZ2UiOjIzLCJuYW1lIjoiSm9obiJ9', '{"age":23,"name":"John"}'],
    ['Lua Tracker JSON #2', 'eyJteVRlbXAiOjIzLjMsIm15VW5pdCI6ImNlbHNpdXMifQ', '{"myTemp":23.3,"myUnit":"celsius"}'],
    [
      'Lua Tracker JSON #3',
      'eyJldmVudCI6InBhZ2VfcGluZyIsIm1vYmlsZSI6dHJ1ZSwicHJvcGVydGllcyI6eyJtYXhfeCI6OTYwLCJtYXhfeSI6MTA4MCwibWluX3giOjAsIm1pbl95IjotMTJ9fQ',
      '{"event":"page_ping","mobile":true,"properties":{"max_x":960,"max_y":1080,"min_x":0,"min_y":-12}}',
    ],
    [
      'Lua Tracker JSON #4',
      'eyJldmVudCI6ImJhc2tldF9jaGFuZ2UiLCJwcmljZSI6MjMuMzksInByb2R1Y3RfaWQiOiJQQlowMDAzNDUiLCJxdWFudGl0eSI6LTIsInRzdGFtcCI6MTY3ODAyMzAwMH0',
      '{"event":"basket_change","price":23.39,"product_id":"PBZ000345","quantity":-2,"tstamp":1678023000}',
    ],
    [
      'JS Tracker JSON #1',
      'eyJwcm9kdWN0X2lkIjoiQVNPMDEwNDMiLCJjYXRlZ29yeSI6IkRyZXNzZXMiLCJicmFuZCI6IkFDTUUiLCJyZXR1cm5pbmciOnRydWUsInByaWNlIjo0OS45NSwic2l6ZXMiOlsieHMiLCJzIiwibCIsInhsIiwieHhsIl0sImF2YWlsYWJsZV9zaW5jZSRkdCI6MTU4MDF9',
      '{"product_id":"ASO01043","category":"Dresses","brand":"ACME","returning":true,"price":49.95,"sizes":["xs","s","l","xl","xxl"],"available_since$dt":15801}',
    ],
    ['Unescaped characters', 'äöü - &', ''],
    ['Blank string', '', ''],
  ]
  for (const [name, encoded, expected] of table) assert.equal(decodeBase64Lenient(encoded), expected, name)
})

test('ValidateUuidSpec: lower-cased UUIDs for valid lower/upper-case UUIDs, failure otherwise', () => {
  const table: [string, string][] = [
    ['f732d278-120e-4ab6-845b-c1f11cd85dc7', 'f732d278-120e-4ab6-845b-c1f11cd85dc7'],
    ['a729d278-110a-4ac6-845b-d1f12ce45ac7', 'a729d278-110a-4ac6-845b-d1f12ce45ac7'],
    ['A729D278-110A-4AC6-845B-D1F12CE45AC7', 'a729d278-110a-4ac6-845b-d1f12ce45ac7'],
    ['F732D278-120E-4AB6-845B-C1F11CD85DC7', 'f732d278-120e-4ab6-845b-c1f11cd85dc7'],
  ]
  for (const [input, expected] of table) assert.equal(toUuid(input), expected)
  for (const bad of ['', 'x', '{f732d278-120e-4ab6-845b-c1f11cd85dc7}', 'f732d278120e4ab6845bc1f11cd85dc7', 'g732d278-120e-4ab6-845b-c1f11cd85dc7']) {
    assert.deepEqual(toUuid(bad), new ConversionError('Not a valid UUID'), bad)
  }
})

test('StringToJIntegerSpec: fail on what is not an Integer, convert the rest', () => {
  for (const bad of ['', '1999.', '1999.00', '0x54', 'NaN', '6.72E5']) assert.deepEqual(toInt(bad), new ConversionError('Cannot be converted to java.lang.Integer'), bad)
  const table: [string, number][] = [['0', 0], ['23', 23], ['-2012103', -2012103], ['-1', -1]]
  for (const [input, expected] of table) assert.equal(toInt(input), expected)
  assert.equal(toInt('null'), null)
})

test('StringToBooleanLikeJByteSpec: only 1 and 0', () => {
  for (const bad of ['', '2', '-1', '0.0', '19,999.99', 'a', '0x54']) assert.deepEqual(toBool(bad), new ConversionError('Cannot be converted to Boolean-like java.lang.Byte'), bad)
  assert.equal(toBool('1'), 1)
  assert.equal(toBool('0'), 0)
})

test('ExtractQueryStringSpec e1–e4: a parameter, one without value (None), an empty value, repeated keys', () => {
  assert.deepEqual(parsePairs('a=b'), [{name: 'a', value: 'b'}])
  assert.deepEqual(parsePairs('a'), [{name: 'a', value: null}])
  assert.deepEqual(parsePairs('a='), [{name: 'a', value: ''}])
  assert.deepEqual(parsePairs('a=b&a=c'), [{name: 'a', value: 'b'}, {name: 'a', value: 'c'}])
})

test('TabSeparatedEnrichedEventSpec: 131 tab-separated empty fields for an empty event', () => {
  assert.equal(toTsv(createEnrichedEvent()), '\t'.repeat(130))
})

test('TabSeparatedEnrichedEventSpec: every simple field in its position', () => {
  const sample: Record<string, unknown> = {string: 'b6a1d0c2-9d7b-4a53-9c57-5f0d2b7c1e11', uuid: 'b6a1d0c2-9d7b-4a53-9c57-5f0d2b7c1e11', int: 42, float: 42.1, num: '42.1', bool: 1}
  const printed: Record<string, string> = {int: '42', float: '42.1', num: '42.1', bool: '1'}
  for (let i = 0; i < FIELD_COUNT; i++) {
    const kind = FIELDS[i]!.kind
    if (!(kind in sample)) continue
    const e = createEnrichedEvent()
    e[i] = sample[kind] as never
    const cols = toTsv(e).split('\t')
    assert.equal(cols.length, 131)
    assert.equal(cols[i], printed[kind] ?? sample[kind], FIELDS[i]!.name)
  }
})

test('TabSeparatedEnrichedEventSpec: unstruct_event in position 58, contexts in 52, derived_contexts in 122', () => {
  const sdj = {schema: 'iglu:myvendor/myschema/jsonschema/1-0-0', data: {foo: 'bar'}}
  const contexts = '{"schema":"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1","data":[{"schema":"iglu:myvendor/myschema/jsonschema/1-0-0","data":{"foo":"bar"}}]}'
  const cases: [number, unknown, string][] = [
    [58, sdj, '{"schema":"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0","data":{"schema":"iglu:myvendor/myschema/jsonschema/1-0-0","data":{"foo":"bar"}}}'],
    [52, [sdj], contexts],
    [122, [sdj], contexts],
  ]
  for (const [i, value, expected] of cases) {
    const e = createEnrichedEvent()
    e[i] = value as never
    const cols = toTsv(e).split('\t')
    assert.equal(cols.length, 131)
    assert.equal(cols[i], expected, FIELDS[i]!.name)
  }
})

test('ExtractViewDimensionsSpec: screen dimensions and their errors', () => {
  const regex = new ConversionError('Does not conform to regex (\\d+)x(\\d+)')
  const range = new ConversionError('Could not be converted to java.lang.Integer s')
  const table: [string, string, unknown][] = [
    ['valid desktop', '1200x800', [1200, 800]],
    ['valid mobile', '76x128', [76, 128]],
    ['invalid empty', '', regex],
    ['invalid hex', '76xEE', regex],
    ['invalid negative', '1200x-17', regex],
    ['Arabic number', '٤٥٦٧x680', regex],
    ['number > int #1', '760x3389336768', range],
    ['number > int #2', '9989336768x1200', range],
  ]
  for (const [name, input, expected] of table) assert.deepEqual(toResolution(input), expected, name)
})
