import {test} from 'node:test'
import assert from 'node:assert/strict'
import {draftPath, draftSchema} from '../../src/ui/schema-draft.js'
import {failureErrors, parseJsonPath, valueAt, cellValue, type Json} from '../../src/ui/event-data.js'
import {createSchemaValidator} from '../../src/iglu/validator.js'
import {lintSchema} from '../../src/lint/index.js'
import {selfDescribingProblem} from '../../src/iglu/self-describing.js'

const SENT: Json = {
  order_id: 'o-1',
  placed_at: '2026-03-14T10:00:00.000Z',
  items: [
    {sku: 'a', price: 12.5, quantity: 2},
    {sku: 'b', price: 3, quantity: 1, gift: true},
  ],
  coupon: null,
  user: {id: '7c6b3e1e-7c3f-4b9e-9d3e-2f6d7c3b1a00', homepage: 'https://example.com/me'},
}

test('a drafted schema is self-describing, names the event’s schema and accepts the data that was sent', async () => {
  const draft = draftSchema('iglu:com.acme/order/jsonschema/1-0-0', SENT)
  assert.deepEqual(draft.self, {vendor: 'com.acme', name: 'order', format: 'jsonschema', version: '1-0-0'})
  assert.equal(draft.$schema, 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#')
  assert.equal(draft.additionalProperties, false)
  assert.deepEqual(draft.required, ['order_id', 'placed_at', 'items', 'user'])
  const props = draft.properties as Record<string, Record<string, unknown>>
  assert.equal(props.placed_at!.format, 'date-time')
  assert.equal((props.user!.properties as Record<string, {format?: string}>).id!.format, 'uuid')
  // `gift` appeared in one item only: allowed, not required
  const item = (props.items!.items as {required: string[]; properties: Record<string, unknown>})
  assert.deepEqual(item.required, ['sku', 'price', 'quantity'])
  assert.ok('gift' in item.properties)

  const validator = createSchemaValidator()
  assert.deepEqual(validator.checkSchema(draft), [])
  assert.deepEqual(validator.validate('iglu:com.acme/order/jsonschema/1-0-0', draft, SENT), [])
  assert.equal(selfDescribingProblem(draft, {vendor: 'com.acme', name: 'order', format: 'jsonschema', version: {model: 1, revision: 0, addition: 0}}, 'draft'), undefined)
  const errors = lintSchema(draft as never).filter((i) => i.level === 'error')
  assert.deepEqual(errors, [])
  assert.equal(draftPath('iglu:com.acme/order/jsonschema/1-0-0'), 'schemas/com.acme/order/jsonschema/1-0-0')
})

test('failure entities read from lossy JSON: errors, JSON paths, the value sent', () => {
  const event: Record<string, Json> = {
    app_id: 'shop',
    contexts_com_acme_user_1: [{id: 1}, {id: 2}],
    contexts_com_snowplowanalytics_snowplow_failure_1: [
      {
        failureType: 'ValidationError',
        errors: [{message: '$.items[1].qty: string found, integer expected', source: 'unstruct', path: '$.items[1].qty', keyword: 'type'}],
        schema: 'iglu:com.acme/cart/jsonschema/1-0-0',
        data: {items: [{qty: 1}, {qty: 'two'}]},
      },
    ],
  }
  const [error] = failureErrors(event)
  assert.equal(error!.failureType, 'ValidationError')
  assert.deepEqual(parseJsonPath(error!.path!), ['items', 1, 'qty'])
  assert.equal(valueAt(error!.data, parseJsonPath(error!.path!)!), 'two')
  assert.deepEqual(parseJsonPath("$['a b'][0]"), ['a b', 0])
  assert.equal(parseJsonPath('items.qty'), null)
  // Micro's nested columns: a context column's field is listed over its entities
  assert.deepEqual(cellValue(event, 'contexts_com_acme_user_1.id'), [1, 2])
  assert.equal(cellValue(event, 'app_id'), 'shop')
  assert.equal(cellValue(event, 'missing'), undefined)
})
