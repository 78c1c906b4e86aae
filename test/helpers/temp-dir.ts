import {mkdtemp, rm} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

/** A fresh temp folder, removed after the test. */
export async function tempDir(t: {after: (fn: () => Promise<void>) => void}, prefix = 'sp-test-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix))
  t.after(() => rm(dir, {recursive: true, force: true}))
  return dir
}
