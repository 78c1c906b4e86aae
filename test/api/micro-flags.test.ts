import {test} from 'node:test'
import assert from 'node:assert/strict'
import {microOptionsFromFlags} from '../../src/micro/flags.js'

test('sp micro flags: --no-storage and --legacy-reset reach the API options', () => {
  const defaults = microOptionsFromFlags({}, '/tmp')
  assert.equal(defaults.storage, true)
  assert.equal(defaults.legacyReset, false)
  const flagged = microOptionsFromFlags({storage: false, 'legacy-reset': true}, '/tmp')
  assert.equal(flagged.storage, false)
  assert.equal(flagged.legacyReset, true)
})
