import {test} from 'node:test'
import assert from 'node:assert/strict'
import {columnType, flattenSchema, mergeVersions, snakeCase, tableName, typeDdl} from '../../src/postgres/column-types.js'
import {castValue, utcTimestamp} from '../../src/postgres/values.js'
import {ATOMIC_COLUMNS} from '../../src/postgres/atomic.js'
import {FIELDS} from '../../src/event/fields.js'

const ddl = (schema: Record<string, unknown>) => typeDdl(columnType(schema))

test('type rules of the Snowplow Postgres loader (its TypeSpec), first match wins', () => {
  assert.equal(ddl({type: 'string', format: 'date-time'}), 'TIMESTAMP')
  assert.equal(ddl({type: 'string', format: 'date'}), 'DATE')
  assert.equal(ddl({type: 'array'}), 'JSONB')
  assert.equal(ddl({type: 'integer'}), 'BIGINT')
  assert.equal(ddl({type: 'integer', maximum: 100}), 'INTEGER')
  assert.equal(ddl({type: 'integer', maximum: 10000000000}), 'BIGINT')
  assert.equal(ddl({type: 'number'}), 'DOUBLE PRECISION')
  assert.equal(ddl({type: 'boolean'}), 'BOOLEAN')
  assert.equal(ddl({type: 'string', minLength: 42, maxLength: 42}), 'CHAR(42)')
  assert.equal(ddl({type: 'string', format: 'uuid'}), 'UUID')
  assert.equal(ddl({type: 'string', maxLength: 42}), 'VARCHAR(42)')
  assert.equal(ddl({enum: ['xxx', 'yyy']}), 'VARCHAR(3)')
  assert.equal(ddl({enum: [1, 2]}), 'INTEGER')
  assert.equal(ddl({enum: [12345, 'y']}), 'JSONB')
})

test('type rules: unions, nulls, enums and what falls through to JSONB', () => {
  assert.equal(ddl({type: ['string', 'null'], maxLength: 10}), 'VARCHAR(10)')
  assert.equal(ddl({type: ['string', 'integer']}), 'JSONB')
  assert.equal(ddl({type: ['integer', 'number']}), 'DOUBLE PRECISION')
  assert.equal(ddl({type: ['integer', 'number', 'null']}), 'DOUBLE PRECISION')
  assert.equal(ddl({type: ['array', 'null']}), 'JSONB')
  assert.equal(ddl({type: 'string'}), 'VARCHAR(4096)')
  assert.equal(ddl({type: 'string', enum: ['a', 'bbb']}), 'VARCHAR(3)')
  assert.equal(ddl({type: 'integer', enum: [1, 3000000000]}), 'BIGINT')
  assert.equal(ddl({type: 'integer', enum: [1, 2]}), 'INTEGER')
  assert.equal(ddl({enum: [1, 3000000000]}), 'BIGINT')
  assert.equal(ddl({type: 'number', multipleOf: 0.01}), 'DOUBLE PRECISION')
  assert.equal(ddl({type: 'number', multipleOf: 1}), 'INTEGER') // an integer multipleOf is checked before number
  assert.equal(ddl({enum: [true, false]}), 'JSONB') // a boolean counts as non-numeric too: a "complex" enum
  assert.equal(ddl({type: 'string', format: 'email'}), 'VARCHAR(4096)')
  assert.equal(ddl({type: 'string', format: 'ipv4', maxLength: 15}), 'VARCHAR(15)')
  assert.equal(ddl({}), 'JSONB')
  assert.equal(ddl({type: 'object'}), 'JSONB')
  assert.equal(ddl({type: 'null'}), 'JSONB')
})

test('table names and snake case (schema-ddl StringUtils)', () => {
  assert.equal(tableName('com.acme', 'checkout', 1), 'com_acme_checkout_1')
  assert.equal(tableName('com.acme', 'PascalCase', 13), 'com_acme_pascal_case_13')
  assert.equal(tableName('com.snowplowanalytics.snowplow', 'web_page', 1), 'com_snowplowanalytics_snowplow_web_page_1')
  assert.equal(tableName('me.chuwy', 'pg-test', 1), 'me_chuwy_pg_test_1')
  assert.equal(tableName('Com.Acme-Corp', 'x', 2), 'com_acme_corp_x_2')
  assert.equal(snakeCase('someHTTPRequest'), 'some_http_request')
  assert.equal(snakeCase('targetUrl'), 'target_url')
  assert.equal(snakeCase('a1B'), 'a1_b')
})

// the Snowplow Postgres loader's own migration test schemas (me.chuwy/pg-test 1-0-0 … 1-0-2) and
// the columns its sinkspec expects, in order
const pgTest = (extra: Record<string, unknown>, nestedExtra: Record<string, unknown> = {}) => ({
  properties: {
    requiredString: {type: 'string'},
    requiredUnion: {type: ['string', 'boolean']},
    nested: {properties: {a: {type: 'number'}, b: {}, ...nestedExtra}, required: ['a']},
    someArray: {type: 'array'},
    id: {type: 'string', format: 'uuid'},
    ...extra,
  },
  required: ['requiredString', 'requiredUnion'],
})

test('flattening and version merging give the loader test suite columns (pg-test 1-0-0..1-0-2)', () => {
  const v100 = flattenSchema(pgTest({}))
  const v101 = flattenSchema(pgTest({someDate: {type: 'string', format: 'date-time'}}, {c: {type: ['integer', 'null']}}))
  const v102 = flattenSchema(pgTest({someDate: {type: 'string', format: 'date-time'}, bigInt: {type: 'integer', maximum: 100000000000000}}, {c: {type: ['integer', 'null']}}))
  const show = (cols: ReturnType<typeof flattenSchema>) => cols.map((c) => `${c.name} ${typeDdl(c.type)}${c.notNull ? ' NOT NULL' : ''}`)
  assert.deepEqual(show(v100), [
    'required_string VARCHAR(4096) NOT NULL',
    'required_union JSONB NOT NULL',
    'id UUID',
    'nested.a DOUBLE PRECISION',
    'nested.b JSONB',
    'some_array JSONB',
  ])
  assert.deepEqual(show(mergeVersions([v100, v101, v102])), [
    ...show(v100),
    'nested.c BIGINT',
    'some_date TIMESTAMP',
    'big_int BIGINT',
  ])
})

test('flattening (schema-ddl FlatSchemaSpec): nested required, patternProperties, oneOf, unions, optional enums', () => {
  const names = (schema: Record<string, unknown>) => flattenSchema(schema).map((c) => `${c.name}${c.notNull ? ' NOT NULL' : ''} ${typeDdl(c.type)}`)
  assert.deepEqual(
    names({
      type: 'object',
      required: ['foo'],
      properties: {
        foo: {
          type: 'object',
          required: ['one'],
          properties: {
            one: {type: 'string'},
            nonRequiredNested: {type: 'object', required: ['nestedRequired'], properties: {nestedRequired: {type: 'integer'}}},
          },
        },
      },
    }),
    ['foo.one NOT NULL VARCHAR(4096)', 'foo.non_required_nested.nested_required BIGINT'],
  )
  assert.deepEqual(
    names({
      type: 'object',
      properties: {
        withProps: {type: 'object', patternProperties: {'.x': {type: 'string'}}, properties: {included: {type: 'integer'}}},
        union: {oneOf: [{type: 'object', properties: {inner: {type: 'object'}}}, {type: 'string'}]},
        objOrString: {type: ['object', 'string'], properties: {hidden: {type: 'string'}}},
        list: {type: 'array', items: {type: 'object', properties: {deep: {type: 'string'}}}},
        free: {type: 'object'},
        empty: {type: 'object', properties: {}},
        optionalEnum: {enum: [1, 2]},
        requiredEnum: {enum: [1, 2]},
      },
      required: ['requiredEnum'],
    }),
    ['required_enum NOT NULL INTEGER', 'empty JSONB', 'free JSONB', 'list JSONB', 'obj_or_string JSONB', 'optional_enum JSONB', 'union JSONB', 'with_props.included BIGINT'],
  )
  // a nullable parent makes its required children nullable (an sp choice: {"a": null} must load)
  assert.deepEqual(names({type: 'object', required: ['a'], properties: {a: {type: ['object', 'null'], required: ['b'], properties: {b: {type: 'string'}}}}}), ['a.b VARCHAR(4096)'])
  assert.deepEqual(flattenSchema({type: 'object'}), [])
})

test('atomic.events has the loader\'s 128 columns in TSV order, without the three JSON fields', () => {
  assert.equal(ATOMIC_COLUMNS.length, 128)
  assert.deepEqual(
    ATOMIC_COLUMNS.map((c) => c.name),
    FIELDS.map((f) => f.name).filter((n) => !['contexts', 'unstruct_event', 'derived_contexts'].includes(n)),
  )
  const byName = Object.fromEntries(ATOMIC_COLUMNS.map((c) => [c.name, `${typeDdl(c.type)}${c.notNull ? ' NOT NULL' : ''}`]))
  assert.equal(byName.event_id, 'UUID NOT NULL')
  assert.equal(byName.collector_tstamp, 'TIMESTAMP NOT NULL')
  assert.equal(byName.v_etl, 'VARCHAR(100) NOT NULL')
  assert.equal(byName.user_fingerprint, 'VARCHAR(50)')
  assert.equal(byName.se_label, 'VARCHAR(1000)')
  assert.equal(byName.page_url, 'VARCHAR(4096)')
  assert.equal(byName.geo_latitude, 'DOUBLE PRECISION')
  assert.equal(byName.tr_currency, 'CHAR(3)')
  assert.equal(ATOMIC_COLUMNS.filter((c) => c.notNull).length, 4)
})

test('values: what Postgres would refuse is said before sending, with the reason', () => {
  assert.deepEqual(castValue({kind: 'varchar', size: 3}, 'abcd'), {ok: false, reason: "4 characters, over the column's 3"})
  assert.deepEqual(castValue({kind: 'varchar', size: 3}, '😀😀😀'), {ok: true, value: '😀😀😀'}) // code points, as Postgres counts
  assert.deepEqual(castValue({kind: 'varchar', size: 10}, {a: 1}), {ok: true, value: '{"a":1}'})
  assert.deepEqual(castValue({kind: 'integer'}, 2147483648), {ok: false, reason: 'out of range for INTEGER'})
  assert.deepEqual(castValue({kind: 'bigint'}, 2147483648), {ok: true, value: 2147483648})
  assert.deepEqual(castValue({kind: 'integer'}, 1.5), {ok: false, reason: 'not an integer'})
  assert.deepEqual(castValue({kind: 'uuid'}, 'nope'), {ok: false, reason: 'not a UUID'})
  assert.deepEqual(castValue({kind: 'date'}, '2024-02-30x'), {ok: false, reason: 'not a date (yyyy-mm-dd)'})
  assert.deepEqual(castValue({kind: 'date'}, '2024-02-03'), {ok: true, value: '2024-02-03'}) // the Snowplow loader rejected every date
  assert.deepEqual(castValue({kind: 'jsonb'}, ['a', 1]), {ok: true, value: '["a",1]'})
  assert.deepEqual(castValue({kind: 'jsonb'}, 'a\u0000b'), {ok: false, reason: 'contains \\u0000, which jsonb cannot store'})
  assert.deepEqual(castValue({kind: 'boolean'}, null), {ok: true, value: null})
})

test('timestamps go to TIMESTAMP columns as UTC', () => {
  assert.equal(utcTimestamp('2024-05-06T07:08:09.123Z'), '2024-05-06 07:08:09.123')
  assert.equal(utcTimestamp('2024-05-06T07:08:09.123456Z'), '2024-05-06 07:08:09.123456')
  assert.equal(utcTimestamp('2024-05-06T07:08:09+02:00'), '2024-05-06 05:08:09.000')
  assert.equal(utcTimestamp('2024-05-06T00:30:00-01:30'), '2024-05-06 02:00:00.000')
  assert.equal(utcTimestamp('2024-05-06 07:08:09'), '2024-05-06 07:08:09')
  assert.equal(utcTimestamp('2024-05-06t07:08:09z'), '2024-05-06 07:08:09')
  assert.equal(utcTimestamp('yesterday'), undefined)
})
