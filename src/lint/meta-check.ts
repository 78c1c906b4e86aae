import {createSchemaValidator} from '../iglu/index.js'
import type {MetaSchemaCheck} from './types.js'

let validator: ReturnType<typeof createSchemaValidator> | undefined

/** The draft-04 meta-schema check of src/iglu's validator (one instance per process). */
export function defaultMetaCheck(): MetaSchemaCheck {
  validator ??= createSchemaValidator()
  const v = validator
  return (schema) => v.checkSchema(schema)
}
