import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {
  compareSchemaVer, criterionMatches, parseSchemaCriterion, parseSchemaKey, parseSchemaKeyFromPath, parseSchemaVer,
  schemaCriterionToString, schemaKeyToUri, schemaVerToString,
} from '../../src/iglu/index.js'
import {SpError} from '../../src/errors/sp-error.js'

const code = (fn: () => unknown) => {
  try {
    fn()
  } catch (e) {
    assert.ok(e instanceof SpError)
    return e.code
  }
  assert.fail('expected an SpError')
}

describe('Iglu URIs and SchemaVer', () => {
  it('parses and prints an Iglu URI', () => {
    const key = parseSchemaKey('iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1')
    assert.deepEqual(key, {vendor: 'com.snowplowanalytics.snowplow', name: 'link_click', format: 'jsonschema', version: {model: 1, revision: 0, addition: 1}})
    assert.equal(schemaKeyToUri(key), 'iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1')
  })

  it('rejects bad URIs with INVALID_IGLUURI and bad versions with INVALID_SCHEMAVER', () => {
    for (const bad of ['com.acme/x/jsonschema/1-0-0', 'iglu:com.acme/x/jsonschema', 'iglu:com acme/x/jsonschema/1-0-0', 'iglu:com.acme/x.y/jsonschema/1-0-0', 'iglu:../../etc/passwd/1-0-0', 'iglu:../secret/x/1-0-0', '']) {
      assert.equal(code(() => parseSchemaKey(bad)), 'INVALID_IGLUURI', bad)
    }
    for (const bad of ['iglu:com.acme/x/jsonschema/0-0-0', 'iglu:com.acme/x/jsonschema/1-01-0', 'iglu:com.acme/x/jsonschema/1-0', 'iglu:com.acme/x/jsonschema/boom']) {
      assert.equal(code(() => parseSchemaKey(bad)), 'INVALID_SCHEMAVER', bad)
    }
    assert.throws(() => parseSchemaVer('boom'), /Cannot parse version part 'boom' as SchemaVer, INVALID_SCHEMAVER/)
  })

  it('orders SchemaVers numerically (1-0-10 after 1-0-2)', () => {
    const sorted = ['1-0-10', '2-0-0', '1-0-2', '1-1-0'].map(parseSchemaVer).sort(compareSchemaVer).map(schemaVerToString)
    assert.deepEqual(sorted, ['1-0-2', '1-0-10', '1-1-0', '2-0-0'])
  })

  it('parses paths (last four segments, optional .json)', () => {
    assert.equal(schemaKeyToUri(parseSchemaKeyFromPath('schemas/com.acme/ev/jsonschema/1-0-0')), 'iglu:com.acme/ev/jsonschema/1-0-0')
    assert.equal(schemaKeyToUri(parseSchemaKeyFromPath('/x/com.acme/ev/jsonschema/2-1-0.json')), 'iglu:com.acme/ev/jsonschema/2-1-0')
    assert.equal(code(() => parseSchemaKeyFromPath('ev/jsonschema/1-0-0')), 'INVALID_IGLUURI')
  })

  it('matches schema criteria with wildcards', () => {
    const c = parseSchemaCriterion('iglu:com.acme/x/jsonschema/1-*-*')
    assert.equal(schemaCriterionToString(c), 'iglu:com.acme/x/jsonschema/1-*-*')
    assert.ok(criterionMatches(c, parseSchemaKey('iglu:com.acme/x/jsonschema/1-2-3')))
    assert.ok(!criterionMatches(c, parseSchemaKey('iglu:com.acme/x/jsonschema/2-0-0')))
    assert.ok(!criterionMatches(c, parseSchemaKey('iglu:com.acme/y/jsonschema/1-0-0')))
    assert.ok(criterionMatches(parseSchemaCriterion('iglu:com.acme/x/jsonschema/1-0-*'), parseSchemaKey('iglu:com.acme/x/jsonschema/1-0-7')))
    assert.equal(code(() => parseSchemaCriterion('iglu:com.acme/x/jsonschema/1-*')), 'INVALID_SCHEMA_CRITERION')
  })
})
