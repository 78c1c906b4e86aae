import {readFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

/**
 * The package version, read once from package.json. The file sits two folders up from src/ when
 * run from sources (tsx) and three from dist/src/ when compiled, so walk up until we find ours.
 */
function readPackageVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {name?: string; version?: string}
      if (pkg.name === 'sp' && typeof pkg.version === 'string') return pkg.version
    } catch {
      // not here: keep walking up
    }
    dir = path.dirname(dir)
  }
  return '0.0.0'
}

export const SP_VERSION: string = readPackageVersion()
