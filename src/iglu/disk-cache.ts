import {mkdir, rename, writeFile} from 'node:fs/promises'
import {homedir} from 'node:os'
import path from 'node:path'
import type {SchemaKey, SelfDescribingSchema} from './types.js'
import {isSafeSchemaKey, schemaKeyToPath} from './schema-key.js'
import {LocalRepository} from './repositories/local.js'

export const DISK_CACHE_REPOSITORY_NAME = 'Disk cache'

/** SP_IGLU_CACHE_DIR, else $XDG_CACHE_HOME/sp/iglu, else ~/.cache/sp/iglu. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SP_IGLU_CACHE_DIR) return path.resolve(env.SP_IGLU_CACHE_DIR)
  const base = env.XDG_CACHE_HOME ? env.XDG_CACHE_HOME : path.join(homedir(), '.cache')
  return path.join(base, 'sp', 'iglu')
}

/**
 * Schemas fetched over HTTP, kept as `<dir>/<vendor>/<name>/<format>/<version>.json` (the folder is
 * itself a valid local schema folder), so a schema resolved once keeps working offline.
 */
export class DiskCache {
  readonly dir: string
  readonly repository: LocalRepository

  constructor(dir: string) {
    this.dir = path.resolve(dir)
    this.repository = new LocalRepository({name: DISK_CACHE_REPOSITORY_NAME, dir: this.dir, priority: 0, classPriority: 50})
  }

  /** Writes atomically (temp file + rename); a failure to cache never fails a resolution. */
  async store(key: SchemaKey, schema: SelfDescribingSchema): Promise<void> {
    if (!isSafeSchemaKey(key)) return
    const file = path.join(this.dir, `${schemaKeyToPath(key)}.json`)
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
    try {
      await mkdir(path.dirname(file), {recursive: true})
      await writeFile(tmp, JSON.stringify(schema, null, 2) + '\n')
      await rename(tmp, file)
    } catch {
      // read-only home, full disk: the in-memory cache still works
    }
  }
}
