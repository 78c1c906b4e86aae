import {existsSync, mkdirSync} from 'node:fs'
import path from 'node:path'

/**
 * `mkdir -p`, one level at a time from the nearest folder that exists. Node's own recursive
 * mkdirSync never returns for some impossible paths (`/proc/nope`: it retries ENOENT forever at
 * full CPU); here every failure is an error at once.
 */
export function makeDirectory(dir: string): void {
  const missing: string[] = []
  let current = path.resolve(dir)
  while (!existsSync(current)) {
    missing.push(current)
    const parent = path.dirname(current)
    if (parent === current) break
    current = parent
  }
  for (const folder of missing.reverse()) mkdirSync(folder)
}
