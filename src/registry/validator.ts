import {createSchemaValidator} from '../iglu/index.js'
import type {RegistryValidator} from './plugin.js'

/** The registry's checks through src/iglu's validator (draft-04, Snowplow's wording). */
export function defaultRegistryValidator(): RegistryValidator {
  const validator = createSchemaValidator()
  return {
    checkSchema: (schema) => validator.checkSchema(schema),
    validateData: (key, schema, data) => validator.validate(key, schema, data),
  }
}
