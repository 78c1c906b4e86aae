import type {NodeContext, SchemaNode} from './linters.js'

export interface VisitedNode extends NodeContext {
  node: SchemaNode
}

function isObject(v: unknown): v is SchemaNode {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function child(pointer: string, ...parts: Array<string | number>): string {
  return (pointer === '/' ? '' : pointer) + '/' + parts.join('/')
}

/**
 * Every sub-schema schema-ddl's `Schema.traverse` visits (items, tuple items, additionalItems,
 * properties, additionalProperties, patternProperties, oneOf) and, beyond igluctl, anyOf, allOf,
 * not and definitions, whose mistakes igluctl never sees.
 */
export function traverseSchema(root: SchemaNode): VisitedNode[] {
  const out: VisitedNode[] = []
  const visit = (node: SchemaNode, pointer: string, via: NodeContext['via']): void => {
    out.push({node, pointer, via})
    const {properties, patternProperties, definitions, items, additionalItems, additionalProperties} = node
    if (isObject(properties)) {
      for (const [k, v] of Object.entries(properties)) if (isObject(v)) visit(v, child(pointer, 'properties', k), 'field')
    }
    if (isObject(items)) visit(items, child(pointer, 'items'), 'field')
    else if (Array.isArray(items)) items.forEach((v, i) => isObject(v) && visit(v, child(pointer, 'items', i), 'field'))
    if (isObject(additionalItems)) visit(additionalItems, child(pointer, 'additionalItems'), 'field')
    if (isObject(additionalProperties)) visit(additionalProperties, child(pointer, 'additionalProperties'), 'field')
    if (isObject(patternProperties)) {
      for (const [k, v] of Object.entries(patternProperties)) {
        if (isObject(v)) visit(v, child(pointer, 'patternProperties', k), 'field')
      }
    }
    for (const keyword of ['oneOf', 'anyOf', 'allOf'] as const) {
      const branches = node[keyword]
      if (Array.isArray(branches)) {
        branches.forEach((v, i) => isObject(v) && visit(v, child(pointer, keyword, i), keyword === 'oneOf' ? 'field' : 'combinator'))
      }
    }
    if (isObject(node.not)) visit(node.not, child(pointer, 'not'), 'combinator')
    if (isObject(definitions)) {
      for (const [k, v] of Object.entries(definitions)) if (isObject(v)) visit(v, child(pointer, 'definitions', k), 'field')
    }
  }
  visit(root, '/', 'root')
  return out
}
