/**
 * "Draft a schema from this event": a self-describing JSON Schema inferred from the data a
 * tracker sent for a schema no repository holds. A starting point to review, save as
 * `schemas/<vendor>/<name>/jsonschema/<version>` and push (`sp schema push`). It carries what
 * `sp schema lint` asks for: a description, types, maxLength/maximum bounds, no additional properties.
 * No DOM here: the Node tests import this file.
 */
import {parseIgluUri, type Json} from './event-data.js'

export const SELF_DESC_META_SCHEMA = 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#'

type Schema = Record<string, unknown>

const INT_MAX = 2147483647

function stringSchema(value: string): Schema {
  const schema: Schema = {type: 'string'}
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) schema.format = 'date-time'
  else if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) schema.format = 'uuid'
  else if (/^https?:\/\/\S+$/.test(value)) schema.format = 'uri'
  // room to grow: the longest a lint-friendly bound that still fits what was sent
  schema.maxLength = Math.max(255, Math.ceil(value.length / 256) * 256)
  return schema
}

function numberSchema(value: number): Schema {
  if (Number.isInteger(value)) return {type: 'integer', minimum: Math.min(0, value), maximum: Math.max(INT_MAX, value)}
  return {type: 'number', minimum: Math.min(0, Math.floor(value)), maximum: Math.max(INT_MAX, Math.ceil(value))}
}

/** One JSON Schema for all the values seen at one place (an array's items). */
function mergeSchemas(schemas: Schema[]): Schema {
  if (schemas.length === 0) return {}
  const first = JSON.stringify(schemas[0])
  if (schemas.every((s) => JSON.stringify(s) === first)) return schemas[0]!
  const types = new Set(schemas.map((s) => s.type))
  if (types.size === 1 && types.has('object')) {
    const props: Record<string, Schema[]> = {}
    for (const s of schemas) for (const [k, v] of Object.entries(s.properties as Record<string, Schema>)) (props[k] ??= []).push(v)
    const required = Object.keys(props).filter((k) => schemas.every((s) => (s.required as string[]).includes(k)))
    const properties = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, mergeSchemas(v)]))
    return {type: 'object', properties, required, additionalProperties: false}
  }
  if (types.size === 1 && types.has('string')) return {type: 'string', maxLength: Math.max(...schemas.map((s) => s.maxLength as number))}
  return {}
}

export function inferSchema(value: Json): Schema {
  if (value === null) return {type: 'null'}
  if (typeof value === 'string') return stringSchema(value)
  if (typeof value === 'number') return numberSchema(value)
  if (typeof value === 'boolean') return {type: 'boolean'}
  if (Array.isArray(value)) return {type: 'array', items: mergeSchemas(value.map(inferSchema))}
  const properties: Record<string, Schema> = {}
  const required: string[] = []
  for (const [key, item] of Object.entries(value)) {
    // a null says nothing about the type: optional, to be typed by hand
    properties[key] = item === null ? {type: 'null', description: 'Only seen as null: give it its type, e.g. ["string", "null"]'} : inferSchema(item)
    if (item !== null) required.push(key)
  }
  return {type: 'object', properties, required, additionalProperties: false}
}

/** The draft for `uri` (the schema the event named) from what the event sent. */
export function draftSchema(uri: string, data: Json): Schema {
  const key = parseIgluUri(uri) ?? {vendor: 'com.example', name: 'my_event', format: 'jsonschema', version: '1-0-0'}
  const body = inferSchema(data)
  const schema: Schema = {
    $schema: SELF_DESC_META_SCHEMA,
    description: `Drafted by sp micro from an event sent for ${uri}: review the types and bounds before you push it`,
    self: {vendor: key.vendor, name: key.name, format: key.format, version: key.version},
    ...body,
  }
  if (Array.isArray(schema.required) && schema.required.length === 0) delete schema.required
  return schema
}

/** Where the draft goes in a schemas folder that `sp schema push` and `sp micro --schemas` read. */
export function draftPath(uri: string): string {
  const key = parseIgluUri(uri)
  return key ? `schemas/${key.vendor}/${key.name}/${key.format}/${key.version}` : 'schemas/<vendor>/<name>/jsonschema/1-0-0'
}
