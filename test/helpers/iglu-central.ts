import {existsSync} from 'node:fs'
import path from 'node:path'
import {repoRoot} from './repo-root.js'

/**
 * A copy of Iglu Central for the suites that check sp against all of it (lint all, compile all, bad
 * rows against Snowplow's own schemas). Optional: SP_IGLU_CENTRAL_DIR, else `iglu-central` in
 * SP_SHARED_DIR or in `../shared` beside the checkout, as CI lays it out. A fresh clone has none.
 */
function findIgluCentral(): string | undefined {
  const dir = path.resolve(
    process.env.SP_IGLU_CENTRAL_DIR ?? path.join(process.env.SP_SHARED_DIR ?? path.join(repoRoot, '..', 'shared'), 'iglu-central'),
  )
  return existsSync(path.join(dir, 'schemas')) ? dir : undefined
}

export const igluCentralDir: string | undefined = findIgluCentral()

/** For `{skip: igluCentralSkip}`: false when a copy is found, else the one-line reason. */
export const igluCentralSkip: string | false = igluCentralDir
  ? false
  : 'needs a copy of Iglu Central: set SP_IGLU_CENTRAL_DIR (or put it at ../shared/iglu-central)'

/** The copy's directory; only call it from a test skipped with `igluCentralSkip`. */
export function requireIgluCentral(): string {
  if (!igluCentralDir) throw new Error(igluCentralSkip as string)
  return igluCentralDir
}
