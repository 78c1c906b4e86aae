import path from 'node:path'
import {fileURLToPath} from 'node:url'

/** Repository root (the folder holding package.json). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
