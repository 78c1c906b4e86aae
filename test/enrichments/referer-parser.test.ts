import {test} from 'node:test'
import assert from 'node:assert/strict'
import {writeFile} from 'node:fs/promises'
import path from 'node:path'
import {RefererParserEnrichment} from '../../src/enrichments/referer-parser.js'
import {tempDir} from '../helpers/temp-dir.js'
import {enrichWith, fields, rawEvent} from './helpers.js'

// A small referer database of our own, in the referer-parser JSON layout (the real one is the
// user's file: see docs/enrichments.md on its licence).
const DATABASE = {
  search: {
    Google: {domains: ['google.com', 'google.co.uk'], parameters: ['q']},
  },
  social: {Facebook: {domains: ['facebook.com']}},
  email: {'Yahoo! Mail': {domains: ['mail.yahoo.net']}},
  chatbot: {ChatGPT: {domains: ['chatgpt.com']}},
  unknown: {Outbrain: {domains: ['paid.outbrain.com']}},
}
const PAGE_HOST = 'www.snowplowanalytics.com'

async function parser(t: Parameters<typeof tempDir>[0], parameters: Record<string, unknown> = {}, file = 'referer-tests.json', text = JSON.stringify(DATABASE)) {
  const dir = await tempDir(t)
  await writeFile(path.join(dir, file), text)
  return RefererParserEnrichment.fromConfig(
    {file: 'refr.json', schema: '', vendor: '', name: 'referer_parser', model: 2, revision: 0, addition: 1, data: {parameters: {internalDomains: [], uri: dir, database: file, ...parameters}}},
    {cacheDir: dir, baseDir: dir, log: () => {}},
  )
}

async function refr(e: RefererParserEnrichment, referrer: string) {
  const f = fields(await enrichWith(rawEvent({url: `https://${PAGE_HOST}/page`, refr: referrer}), [e]))
  return [f.refr_medium, f.refr_source, f.refr_term]
}

const E1: Array<[string, string, unknown[]]> = [
  ['Google search', 'http://www.google.com/search?q=gateway+oracle+cards+denise+linn&hl=en&client=safari', ['search', 'Google', 'gateway oracle cards denise linn']],
  ['Facebook social', 'http://www.facebook.com/l.php?u=http%3A%2F%2Fwww.psychicbazaar.com&h=yAQHZtXxS&s=1', ['social', 'Facebook', null]],
  ['Yahoo! Mail', 'http://36ohk6dgmcd1n-c.c.yom.mail.yahoo.net/om/api/1.0/openmail.app.invoke/36ohk6dgmcd1n/11/1.0.35/us/en-US/view.html/0', ['email', 'Yahoo! Mail', null]],
  ['ChatGPT', 'https://www.chatgpt.com', ['chatbot', 'ChatGPT', null]],
  ['Internal referer', 'https://www.snowplowanalytics.com/account/profile', ['internal', null, null]],
  ['Custom referer (internal domain)', 'https://www.internaldomain.com/path', ['internal', null, null]],
  ['Unknown referer', 'http://www.spyfu.com/domain.aspx?d=3897225171967988459', ['unknown', null, null]],
]

for (const [name, referrer, expected] of E1) {
  test(`RefererParserEnrichmentSpec e1: ${name}`, async (t) => {
    assert.deepEqual(await refr(await parser(t, {internalDomains: [' www.internaldomain.com ']}), referrer), expected)
  })
}

const TABS = 'http://www.google.com/search?q=%0Agateway%09oracle%09cards%09denise%09linn&hl=en&client=safari'

test('RefererParserEnrichmentSpec e2: tabs and newlines in search terms are replaced', async (t) => {
  assert.deepEqual(await refr(await parser(t), TABS), ['search', 'Google', 'gateway    oracle    cards    denise    linn'])
})

test('RefererParserEnrichmentSpec e3: referers from the config file are used (and win over the database)', async (t) => {
  const e = await parser(t, {referrers: {search: {MyDomain: {domains: ['acme.com']}}, social: {'Google Social': {domains: ['google.co.uk']}}}})
  assert.deepEqual(await refr(e, 'http://www.acme.com?whatever'), ['search', 'MyDomain', null])
  assert.deepEqual(await refr(e, 'https://www.google.co.uk/'), ['social', 'Google Social', null])
})

test('RefererParserEnrichmentSpec e4: referers can be an empty section in the config file', async (t) => {
  assert.deepEqual(await refr(await parser(t, {referrers: {}}), TABS), ['search', 'Google', 'gateway    oracle    cards    denise    linn'])
})

test('RefererParserEnrichmentSpec e5: a wrong referers section fails with a helpful message', async (t) => {
  await assert.rejects(parser(t, {referrers: 'not_an_object'}), /Can't decode referers: Referers json must be an object/)
})

test('referer_parser: a database in the YAML layout; a missing database fails startup naming the file', async (t) => {
  const yml = await parser(t, {}, 'referers.yml', 'search:\n  Google:\n    domains: [google.com]\n    parameters: [q]\n')
  assert.deepEqual(await refr(yml, 'https://www.google.com/search?q=x'), ['search', 'Google', 'x'])
  const dir = await tempDir(t)
  await assert.rejects(
    RefererParserEnrichment.fromConfig(
      {file: 'refr.json', schema: '', vendor: '', name: 'referer_parser', model: 2, revision: 0, addition: 1, data: {parameters: {internalDomains: [], uri: dir, database: 'missing.json'}}},
      {cacheDir: dir, baseDir: dir, log: () => {}},
    ),
    (e: Error) => /refr\.json: cannot read .*missing\.json: no such file/.test(e.message),
  )
})

test('referer_parser: not a web referrer (mailto:, no host) sets nothing; a path-specific entry wins over the host', async (t) => {
  const e = await parser(t, {referrers: {search: {'Google Images': {domains: ['google.com/images'], parameters: ['q']}}}})
  assert.deepEqual(await refr(e, 'mailto:someone@example.com'), [null, null, null])
  assert.deepEqual(await refr(e, 'https://www.google.com/images/a?q=cat'), ['search', 'Google Images', 'cat'])
  assert.deepEqual(await refr(e, 'https://www.google.com/search?hl=en&q=dog&q=cat'), ['search', 'Google', 'dog'])
})
