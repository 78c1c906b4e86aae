// Iglu Central self-desc schemas (Apache-2.0), inlined so the validator needs no file access.
// The canonical copies ship in schemas/com.snowplowanalytics.self-desc/.

/** iglu:com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0, the meta-schema of Iglu schemas. */
export const SELF_DESC_META_SCHEMA = {
  "$schema": "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#",
  "description": "Meta-schema for self-describing JSON schema",
  "self": {
    "vendor": "com.snowplowanalytics.self-desc",
    "name": "schema",
    "format": "jsonschema",
    "version": "1-0-0"
  },
  "allOf": [
    {
      "properties": {
        "self": {
          "type": "object",
          "properties": {
            "vendor": {
              "type": "string",
              "pattern": "^[a-zA-Z0-9-_.]+$"
            },
            "name": {
              "type": "string",
              "pattern": "^[a-zA-Z0-9-_]+$"
            },
            "format": {
              "type": "string",
              "pattern": "^[a-zA-Z0-9-_]+$"
            },
            "version": {
              "type": "string",
              "pattern": "^[0-9]+-[0-9]+-[0-9]+$"
            }
          },
          "required": [
            "vendor",
            "name",
            "format",
            "version"
          ],
          "additionalProperties": false
        }
      },
      "required": [
        "self"
      ]
    },
    {
      "$ref": "http://json-schema.org/draft-04/schema#"
    }
  ]
} as const

/** iglu:com.snowplowanalytics.self-desc/instance-iglu-only/jsonschema/1-0-0 ({schema, data}), referenced by URL from some schemas. */
export const INSTANCE_IGLU_ONLY_SCHEMA = {
  "$schema": "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#",
  "description": "Top-level schema for the validation process (Iglu-only)",
  "self": {
    "vendor": "com.snowplowanalytics.self-desc",
    "name": "instance-iglu-only",
    "format": "jsonschema",
    "version": "1-0-0"
  },
  "type": "object",
  "properties": {
    "schema": {
      "type": "string",
      "pattern": "^iglu:[a-zA-Z0-9-_.]+/[a-zA-Z0-9-_]+/[a-zA-Z0-9-_]+/[0-9]+-[0-9]+-[0-9]+$"
    },
    "data": {}
  },
  "required": [
    "schema",
    "data"
  ],
  "additionalProperties": false
} as const

/** iglu:com.snowplowanalytics.self-desc/instance/jsonschema/1-0-0. */
export const INSTANCE_SCHEMA = {
  "$schema": "http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#",
  "description": "Top-level schema for the validation process",
  "self": {
    "vendor": "com.snowplowanalytics.self-desc",
    "name": "instance",
    "format": "jsonschema",
    "version": "1-0-0"
  },
  "type": "object",
  "properties": {
    "schema": {
      "type": "string",
      "anyOf": [
        {
          "pattern": "^iglu:[a-zA-Z0-9-_.]+/[a-zA-Z0-9-_]+/[a-zA-Z0-9-_]+/[0-9]+-[0-9]+-[0-9]+$"
        },
        {
          "format": "strict-uri"
        }
      ]
    },
    "data": {}
  },
  "required": [
    "schema",
    "data"
  ],
  "additionalProperties": false
} as const
