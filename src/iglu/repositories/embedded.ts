import {existsSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {CLASS_PRIORITY, LocalRepository} from './local.js'

export const EMBEDDED_REPOSITORY_NAME = 'Iglu Client Embedded'

/**
 * The `schemas/` folder shipped with sp (resolver-config, self-desc, Snowplow's own schemas), found
 * by walking up from this module (works from src/ under tsx and from dist/).
 */
export function bundledSchemasDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 8; i++) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'schemas'))) return path.join(dir, 'schemas')
    const parent = path.dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'schemas')
}

/** iglu-scala-client's built-in "Iglu Client Embedded" repository (priority 0, no prefixes). */
export function embeddedRepository(): LocalRepository {
  return new LocalRepository({name: EMBEDDED_REPOSITORY_NAME, dir: bundledSchemasDir(), priority: 0, vendorPrefixes: [], classPriority: CLASS_PRIORITY.embedded})
}
