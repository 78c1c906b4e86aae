import {unknownKeywordsOf} from '../lint/linters.js'
import {traverseSchema} from '../lint/traverse.js'
import {lintSchema} from '../lint/sanity.js'
import type {MetaSchemaCheck} from '../lint/types.js'

export type ReportLevel = 'ERROR' | 'WARNING' | 'INFO'

/** One item of Iglu Server's schema validation `report`. */
export interface ReportMessage {
  message: string
  level: ReportLevel
  pointer: string
}

const SELF_PATTERNS: Array<[field: 'vendor' | 'name' | 'format' | 'version', pattern: string]> = [
  ['vendor', '^[a-zA-Z0-9-_.]+$'],
  ['name', '^[a-zA-Z0-9-_]+$'],
  ['format', '^[a-zA-Z0-9-_]+$'],
  ['version', '^[0-9]+-[0-9]+-[0-9]+$'],
]

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** `$.properties.a` → `/properties/a` */
function toPointer(path: string): string {
  const rest = path.replace(/^\$\.?/, '')
  return rest === '' ? '/' : '/' + rest.split('.').join('/')
}

/** `/properties/a` + `b` → `$.properties.a.b` */
function toDollarPath(pointer: string, key: string): string {
  return (pointer === '/' ? '$' : '$' + pointer.split('/').join('.')) + '.' + key
}

/**
 * Iglu Server's `validateJsonSchema`: schema-ddl's SelfSyntaxChecker (draft-04 meta-schema and the
 * `self` patterns → ERROR; keywords draft-04 does not define → WARNING) plus every linter at its
 * level. `schema` is the whole self-describing schema.
 */
export function schemaReport(schema: unknown, metaCheck: MetaSchemaCheck): ReportMessage[] {
  if (!isObject(schema)) return [{message: 'Cannot extract JSON Schema', level: 'ERROR', pointer: '/'}]
  const report: ReportMessage[] = []
  const self = schema.self
  if (!isObject(self)) {
    report.push({message: 'JSON Schema is not self-describing', level: 'ERROR', pointer: '/'})
  } else {
    for (const [field, pattern] of SELF_PATTERNS) {
      const value = self[field]
      if (typeof value !== 'string' || !new RegExp(pattern).test(value)) {
        report.push({message: `$.self.${field}: does not match the regex pattern ${pattern}`, level: 'ERROR', pointer: '/self'})
      }
    }
  }
  const {self: _self, $schema: _s, ...body} = schema
  for (const issue of metaCheck(body)) report.push({message: issue.message, level: 'ERROR', pointer: toPointer(issue.path)})
  for (const issue of lintSchema(schema, {skip: new Set(['unknownKeywords'])})) {

    report.push({message: issue.message, level: issue.level.toUpperCase() as ReportLevel, pointer: issue.pointer})
  }
  // The server words unknown keywords as its strict meta-schema does, one message per keyword.
  for (const visited of traverseSchema(schema)) {
    for (const key of unknownKeywordsOf(visited.node, visited)) {
      report.push({
        message: `${toDollarPath(visited.pointer, key)}: is not defined in the schema and the schema does not allow additional properties`,
        level: 'WARNING',
        pointer: visited.pointer,
      })
    }
  }
  return report
}
