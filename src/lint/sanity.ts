import {ALL_LINTERS, type SchemaNode} from './linters.js'
import {traverseSchema} from './traverse.js'
import type {LintIssue} from './types.js'

export interface SanityOptions {
  /** linter names to skip (already checked to be skippable) */
  skip?: ReadonlySet<string>
}

/**
 * Runs every linter not skipped over every traversed node of `schema` (a whole self-describing
 * schema: `self` and `$schema` are understood at the root). Never throws on odd input: keywords of
 * the wrong type are left to the draft-04 meta-schema check.
 */
export function lintSchema(schema: SchemaNode, options: SanityOptions = {}): LintIssue[] {
  const linters = ALL_LINTERS.filter((l) => !options.skip?.has(l.name))
  const issues: LintIssue[] = []
  for (const visited of traverseSchema(schema)) {
    for (const linter of linters) {
      const message = linter.check(visited.node, visited)
      if (message !== null) issues.push({linter: linter.name, level: linter.level, pointer: visited.pointer, message})
    }
  }
  return issues
}
