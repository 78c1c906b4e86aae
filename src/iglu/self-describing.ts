import type {SchemaKey, SelfDescribingSchema} from './types.js'
import {isValidSchemaVer, NAME_PATTERN, VENDOR_PATTERN, schemaKeyToUri} from './schema-key.js'

export const SELF_DESC_SCHEMA_URI = 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#'

/**
 * Checks a parsed repository answer is a self-describing schema for `key`. Returns a problem
 * text (naming `origin`, a file or URL) or undefined when fine.
 */
export function selfDescribingProblem(json: unknown, key: SchemaKey, origin: string): string | undefined {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return `${origin} is not a self-describing JSON Schema: expected a JSON object`
  }
  const self = (json as Record<string, unknown>).self as Record<string, unknown> | undefined
  if (self === null || typeof self !== 'object' || Array.isArray(self)) {
    return `${origin} is not a self-describing JSON Schema: no "self" object`
  }
  const {vendor, name, format, version} = self
  if (typeof vendor !== 'string' || !VENDOR_PATTERN.test(vendor) || typeof name !== 'string' || !NAME_PATTERN.test(name) ||
      typeof format !== 'string' || !NAME_PATTERN.test(format) || typeof version !== 'string' || !isValidSchemaVer(version)) {
    return `${origin} is not a self-describing JSON Schema: "self" must have vendor, name, format and a M-R-A version, got ${JSON.stringify(self)}`
  }
  const declared = `iglu:${vendor}/${name}/${format}/${version}`
  if (declared !== schemaKeyToUri(key)) {
    return `${origin} declares ${declared} in "self" but was looked up as ${schemaKeyToUri(key)}`
  }
  return undefined
}

export function asSelfDescribing(json: unknown): SelfDescribingSchema {
  return json as SelfDescribingSchema
}
