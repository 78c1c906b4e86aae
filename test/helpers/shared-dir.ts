import path from 'node:path'
import {fileURLToPath} from 'node:url'

/** Repository root (the folder holding package.json). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

/** `../shared` beside the checkout, as laid out for developers and CI (override: SP_SHARED_DIR). */
export const sharedDir = process.env.SP_SHARED_DIR ?? path.resolve(repoRoot, '..', 'shared')

export const igluCentralDir = path.join(sharedDir, 'iglu-central')
