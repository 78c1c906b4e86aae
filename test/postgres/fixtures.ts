import {mkdir, writeFile} from 'node:fs/promises'
import path from 'node:path'
import {setTimeout as delay} from 'node:timers/promises'
import type {RunningMicro} from '../../src/micro/server.js'
import type {LoaderStatus} from '../../src/postgres/index.js'

const META = 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#'

const sd = (vendor: string, name: string, version: string, body: Record<string, unknown>) => ({
  $schema: META,
  self: {vendor, name, format: 'jsonschema', version},
  type: 'object',
  ...body,
})

/** The schemas the tests load, written as an Iglu folder: Iglu Central's URIs and properties, and our own. */
export const SCHEMAS = [
  // Iglu Central web_page 1-0-0: the id is a pattern-checked string, not format uuid
  sd('com.snowplowanalytics.snowplow', 'web_page', '1-0-0', {
    properties: {id: {type: 'string', pattern: '^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}$'}},
    required: ['id'],
    additionalProperties: false,
  }),
  // Iglu Central link_click 1-0-1
  sd('com.snowplowanalytics.snowplow', 'link_click', '1-0-1', {
    properties: {
      elementId: {type: 'string'},
      elementClasses: {type: 'array', items: {type: 'string'}},
      elementTarget: {type: 'string'},
      targetUrl: {type: 'string', minLength: 1},
      elementContent: {type: 'string'},
    },
    required: ['targetUrl'],
    additionalProperties: false,
  }),
  sd('com.acme', 'every_type', '1-0-0', {
    properties: {
      plainString: {type: 'string'},
      shortString: {type: 'string', maxLength: 5},
      code: {type: 'string', minLength: 2, maxLength: 2},
      uuid: {type: 'string', format: 'uuid'},
      at: {type: 'string', format: 'date-time'},
      day: {type: 'string', format: 'date'},
      count: {type: 'integer'},
      small: {type: 'integer', minimum: 0, maximum: 100},
      big: {type: 'integer', maximum: 9999999999},
      price: {type: 'number'},
      ratio: {type: ['number', 'null']},
      intOrNumber: {type: ['integer', 'number']},
      flag: {type: 'boolean'},
      color: {type: 'string', enum: ['red', 'green', 'blue']},
      mixed: {enum: ['a', 1]},
      union: {type: ['string', 'integer']},
      tags: {type: 'array', items: {type: 'string'}},
      address: {
        type: 'object',
        properties: {streetName: {type: 'string', maxLength: 100}, zip: {type: 'integer'}},
        required: ['streetName'],
      },
      free: {type: 'object'},
      anything: {},
    },
    required: ['plainString', 'address'],
    additionalProperties: false,
  }),
  sd('com.acme', 'checkout', '1-0-0', {properties: {step: {type: 'integer', maximum: 10}}, required: ['step'], additionalProperties: false}),
  sd('com.acme', 'checkout', '1-0-1', {
    properties: {step: {type: 'integer', maximum: 10}, coupon: {type: 'string', maxLength: 12}},
    required: ['step'],
    additionalProperties: false,
  }),
  sd('com.acme', 'checkout', '2-0-0', {properties: {stage: {type: 'string', maxLength: 20}}, required: ['stage'], additionalProperties: false}),
]

export async function writeSchemas(dir: string): Promise<string> {
  for (const schema of SCHEMAS) {
    const folder = path.join(dir, 'schemas', schema.self.vendor, schema.self.name, 'jsonschema')
    await mkdir(folder, {recursive: true})
    await writeFile(path.join(folder, schema.self.version), JSON.stringify(schema))
  }
  return path.join(dir, 'schemas')
}

const UE = 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0'
const CONTEXTS = 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0'

export interface TrackOptions {
  event?: {schema: string; data: unknown}
  contexts?: {schema: string; data: unknown}[]
  params?: Record<string, string>
}

/** One GET /i, as a JS tracker sends it: a page view, or a self-describing event. */
export async function track(micro: RunningMicro, options: TrackOptions = {}): Promise<void> {
  const query = new URLSearchParams({e: options.event ? 'ue' : 'pv', p: 'web', tv: 'js-3.0.0', aid: 'shop', url: 'https://shop.example/cart', ...options.params})
  if (options.event) query.set('ue_pr', JSON.stringify({schema: UE, data: options.event}))
  if (options.contexts) query.set('co', JSON.stringify({schema: CONTEXTS, data: options.contexts}))
  const response = await fetch(`${micro.url}/i?${query}`)
  await response.arrayBuffer()
  if (response.status !== 200) throw new Error(`collector answered ${response.status}`)
}

/** One tp2 POST of `n` page views with a web_page context each, as a tracker's batch. */
export async function trackBatch(micro: RunningMicro, n: number): Promise<void> {
  const data = Array.from({length: n}, () => ({
    e: 'pv', p: 'web', tv: 'js-3.0.0', aid: 'shop', url: 'https://shop.example/',
    co: JSON.stringify({schema: CONTEXTS, data: [webPage(crypto.randomUUID())]}),
  }))
  const response = await fetch(`${micro.url}/com.snowplowanalytics.snowplow/tp2`, {
    method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify({schema: 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4', data}),
  })
  await response.arrayBuffer()
  if (response.status !== 200) throw new Error(`collector answered ${response.status}`)
}

/** Polls until the loader has caught up with the store (lag 0, idle). */
export async function caughtUp(micro: RunningMicro, deadlineMs = 30_000): Promise<LoaderStatus> {
  const deadline = Date.now() + deadlineMs
  for (;;) {
    const status = micro.postgres!.status()
    if (status.lag === 0 && status.state === 'idle') return status
    if (Date.now() > deadline) throw new Error(`loader did not catch up: ${JSON.stringify(status)}`)
    await delay(20)
  }
}

export const webPage = (id: string) => ({schema: 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0', data: {id}})

