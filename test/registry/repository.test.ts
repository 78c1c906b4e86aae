import {it} from 'node:test'
import assert from 'node:assert/strict'
import {openStore} from '../../src/store/index.js'
import {createRegistryRepository, SchemaStore, REGISTRY_REPOSITORY_NAME} from '../../src/registry/index.js'
import {schema} from './helpers.js'

const key = (name: string, addition: number) => ({vendor: 'com.acme', name, format: 'jsonschema', version: {model: 1, revision: 0, addition}})

it('the registry as a resolver repository: canonical schemas, NotFound, SchemaVer-sorted lists', async (t) => {
  const store = openStore({file: ':memory:'})
  t.after(() => store.close())
  const schemas = new SchemaStore(store.db)
  const {self: _s, $schema: _d, ...body} = schema('com.acme', 'ev', '1-0-0')
  for (const a of [0, 1, 2, 10, 3, 4, 5, 6, 7, 8, 9]) schemas.save(key('ev', a), body, null, false)

  const repo = createRegistryRepository(store.db)
  assert.equal(repo.name, REGISTRY_REPOSITORY_NAME)
  assert.equal(repo.classPriority, 1)
  const found = await repo.lookup(key('ev', 0))
  assert.deepEqual(found, {ok: true, schema: schema('com.acme', 'ev', '1-0-0')})
  assert.deepEqual(await repo.lookup(key('nope', 0)), {ok: false, error: {error: 'NotFound'}})
  const list = await repo.list!('com.acme', 'ev', 1)
  assert.ok(list.ok)
  assert.deepEqual(list.uris.slice(-3), ['iglu:com.acme/ev/jsonschema/1-0-8', 'iglu:com.acme/ev/jsonschema/1-0-9', 'iglu:com.acme/ev/jsonschema/1-0-10'])
  assert.deepEqual(await repo.list!('com.acme', 'ev', 2), {ok: false, error: {error: 'NotFound'}})
})
