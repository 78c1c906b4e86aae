import {lstat, mkdir} from 'node:fs/promises'
import path from 'node:path'
import {isSafeSchemaKey, schemaKeyToPath, schemaKeyToUri} from '../iglu/schema-key.js'
import type {SchemaKey} from '../iglu/types.js'
import {responseError} from './errors.js'

/** `dir` itself or something under it (both already absolute and normalised). */
function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file)
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)
}

/**
 * Where a pulled schema goes: `<dir>/<vendor>/<name>/<format>/<version>`, built only from segments
 * that match Iglu's grammar (vendor not only dots), and checked to stay inside `dir` (a symlink
 * already in `dir` cannot lead it out either). Creates the folders.
 * A registry that answers anything else is refused: its answer is not trusted to name files.
 */
export async function schemaFileIn(dir: string, key: SchemaKey): Promise<string> {
  if (!isSafeSchemaKey(key)) {
    throw responseError(
      `The registry answered a schema whose self (${JSON.stringify(`${key.vendor}/${key.name}/${key.format}`)}) is not a valid Iglu vendor/name/format; nothing was written for it.`,
    )
  }
  const root = path.resolve(dir)
  const file = path.resolve(root, ...schemaKeyToPath(key).split('/'))
  if (!isInside(root, file)) throw escapeError(key, root)
  // folder by folder, so that no symlink (already in `dir`) is ever followed out of it
  await mkdir(root, {recursive: true})
  let current = root
  for (const segment of [key.vendor, key.name, key.format]) {
    current = path.join(current, segment)
    const found = await lstat(current).catch(() => undefined)
    if (found === undefined) await mkdir(current)
    else if (!found.isDirectory()) throw escapeError(key, root)
  }
  // a symlink in the version's place would be written through
  if ((await lstat(file).catch(() => undefined))?.isSymbolicLink()) throw escapeError(key, root)
  return file
}

function escapeError(key: SchemaKey, root: string) {
  return responseError(`Refusing to write ${schemaKeyToUri(key)}: its path would leave ${root}.`)
}
