import {test} from 'node:test'
import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'
import path from 'node:path'
import {INSTANCE_IGLU_ONLY_SCHEMA, INSTANCE_SCHEMA, SELF_DESC_META_SCHEMA} from '../../src/iglu/meta-schema.js'
import {bundledSchemasDir} from '../../src/iglu/index.js'

// The validator keeps the self-describing meta-schemas in code (no file read at start-up); the
// files in schemas/ are what the embedded repository serves. They must be the same schemas.
test('the meta-schemas in code are the ones schemas/ ships', () => {
  const file = (name: string) =>
    JSON.parse(readFileSync(path.join(bundledSchemasDir(), 'com.snowplowanalytics.self-desc', name, 'jsonschema', '1-0-0'), 'utf8')) as unknown
  assert.deepEqual(SELF_DESC_META_SCHEMA, file('schema'))
  assert.deepEqual(INSTANCE_IGLU_ONLY_SCHEMA, file('instance-iglu-only'))
  assert.deepEqual(INSTANCE_SCHEMA, file('instance'))
})
