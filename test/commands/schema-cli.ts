import {execFile} from 'node:child_process'
import path from 'node:path'
import {repoRoot} from '../helpers/shared-dir.js'

export interface Run {
  code: number
  stdout: string
  stderr: string
}

/** `sp …` as a user runs it (bin/run.js loads the compiled commands from dist/). */
export function sp(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(repoRoot, 'bin', 'run.js'), ...args], {env: {...process.env, NODE_NO_WARNINGS: '1', ...env}, cwd: repoRoot}, (error, stdout, stderr) => {
      resolve({code: error ? ((error as {code?: number}).code ?? 1) : 0, stdout, stderr})
    })
  })
}
