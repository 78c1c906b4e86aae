import {mkdtempSync, mkdirSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {createIgluClient, resolverConfigFor, type IgluClient} from '../../src/iglu/index.js'

const SELF_DESC = 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#'

/**
 * Our own stand-ins for the Iglu Central schemas Enrich's specs use (only the constraints the specs
 * exercise), so the ported specs run offline and without ../shared.
 */
const FIXTURES: Record<string, Record<string, unknown>> = {
  'com.snowplowanalytics.snowplow/geolocation_context/jsonschema/1-0-0': {
    type: 'object',
    properties: {latitude: {type: 'number'}, longitude: {type: 'number'}, altitude: {type: ['number', 'null']}},
    required: ['latitude', 'longitude'],
  },
  'com.snowplowanalytics.snowplow/mobile_context/jsonschema/1-0-0': {
    type: 'object',
    properties: {osType: {type: 'string'}, osVersion: {type: 'string'}, deviceManufacturer: {type: 'string'}, deviceModel: {type: 'string'}},
    required: ['osType', 'osVersion', 'deviceManufacturer', 'deviceModel'],
  },
  'com.acme/big_numbers/jsonschema/1-0-0': {type: 'object', properties: {n: {type: 'integer'}, list: {type: 'array'}}, additionalProperties: true},
  'com.acme/anything/jsonschema/1-0-0': {type: 'object'},
  'com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0': {type: 'object', properties: {id: {type: 'string', format: 'uuid'}}, required: ['id']},
  'com.google.analytics/cookies/jsonschema/1-0-0': {type: 'object', properties: {_ga: {type: 'string'}}},
  'org.w3/PerformanceTiming/jsonschema/1-0-0': {type: 'object', properties: {navigationStart: {type: 'integer'}}},
  'com.snowplowanalytics.snowplow/application_error/jsonschema/1-0-1': {
    type: 'object',
    properties: {message: {type: 'string', minLength: 1}, programmingLanguage: {enum: ['JAVA', 'JAVASCRIPT']}, stackTrace: {type: ['string', 'null']}},
    required: ['programmingLanguage', 'message'],
  },
  'com.acme/email_sent/jsonschema/1-0-0': {
    type: 'object',
    properties: {emailAddress: {type: 'string'}, emailAddress2: {type: 'string'}},
    additionalProperties: false,
    required: ['emailAddress', 'emailAddress2'],
  },
  'com.snowplowanalytics.snowplow/client_session/jsonschema/1-0-1': {
    type: 'object',
    properties: {
      userId: {type: 'string', format: 'uuid'},
      sessionId: {type: 'string', format: 'uuid'},
      sessionIndex: {type: 'integer', minimum: 0},
      previousSessionId: {type: ['string', 'null'], format: 'uuid'},
      storageMechanism: {enum: ['SQLITE', 'COOKIE_1', 'COOKIE_3', 'LOCAL_STORAGE', 'FLASH_LSO']},
      firstEventId: {type: ['string', 'null'], format: 'uuid'},
    },
    required: ['userId', 'sessionId', 'sessionIndex', 'previousSessionId', 'storageMechanism'],
  },
  // superseded schemas: 1-0-0 is validated with 1-0-1, 2-0-0 with 2-0-1
  'com.acme/superseding_example/jsonschema/1-0-0': {
    $supersededBy: '1-0-1',
    type: 'object',
    properties: {field_a: {type: 'string'}, field_b: {type: 'string'}, field_c: {type: 'string'}},
    required: ['field_a', 'field_b'],
    additionalProperties: false,
  },
  'com.acme/superseding_example/jsonschema/1-0-1': {
    type: 'object',
    properties: {field_a: {type: 'string'}, field_b: {type: 'string'}, field_c: {type: 'string'}, field_d: {type: 'string'}},
    required: ['field_a', 'field_b'],
    additionalProperties: false,
  },
  'com.acme/superseding_example/jsonschema/2-0-0': {
    $supersededBy: '2-0-1',
    type: 'object',
    properties: {field_e: {type: 'string'}, field_f: {type: 'string'}},
    required: ['field_e', 'field_f'],
    additionalProperties: false,
  },
  'com.acme/superseding_example/jsonschema/2-0-1': {
    type: 'object',
    properties: {field_e: {type: 'string'}, field_f: {type: 'string'}, field_g: {type: 'string'}},
    required: ['field_e', 'field_f'],
    additionalProperties: false,
  },
  'com.mailgun/message_clicked/jsonschema/1-0-0': {type: 'object', properties: {city: {type: 'string'}, token: {type: 'string'}}},
}

let dir: string | null = null

/** A folder of the fixture schemas (`vendor/name/jsonschema/1-0-0` files), written once per process. */
export function specSchemaDir(): string {
  if (dir !== null) return dir
  const created = mkdtempSync(path.join(tmpdir(), 'sp-spec-schemas-'))
  dir = created
  process.on('exit', () => rmSync(created, {recursive: true, force: true}))
  for (const [key, body] of Object.entries(FIXTURES)) {
    const [vendor, name, format, version] = key.split('/') as [string, string, string, string]
    mkdirSync(path.join(dir, vendor, name, format), {recursive: true})
    writeFileSync(path.join(dir, key), JSON.stringify({$schema: SELF_DESC, self: {vendor, name, format, version}, ...body}))
  }
  return dir
}

/** An offline Iglu client: sp's embedded schemas plus the fixtures above. */
export function specIgluClient(): IgluClient {
  return createIgluClient({config: resolverConfigFor({schemaDirs: [specSchemaDir()]}), offline: true, cacheDir: false, envRepositories: false})
}
