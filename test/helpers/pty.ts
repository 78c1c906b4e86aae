import {spawn, spawnSync, type ChildProcessWithoutNullStreams} from 'node:child_process'
import path from 'node:path'
import {repoRoot} from './repo-root.js'

/** python3 runs pty-relay.py; where it is missing the pseudo-terminal tests are skipped, saying why. */
export const noPty: string | false = spawnSync('python3', ['-c', 'import pty'], {stdio: 'ignore'}).status === 0 ? false : 'python3 (with its pty module) is not installed'

/** `sp <args>` on a real pseudo-terminal (80×24), colour off, not in CI mode. */
export function spawnSpOnPty(args: string[]): ChildProcessWithoutNullStreams {
  const env: NodeJS.ProcessEnv = {...process.env, TERM: 'xterm-256color', NO_COLOR: '1', NODE_NO_WARNINGS: '1'}
  for (const name of ['CI', 'GITHUB_ACTIONS', 'BUILDKITE', 'CONTINUOUS_INTEGRATION', 'FORCE_COLOR']) delete env[name]
  return spawn('python3', [path.join(repoRoot, 'test', 'helpers', 'pty-relay.py'), process.execPath, path.join(repoRoot, 'bin', 'run.js'), ...args], {env, stdio: ['pipe', 'pipe', 'pipe']})
}

/** What a terminal would show, roughly: the drawn text without escape sequences. */
export function visibleText(raw: string): string {
  // eslint-disable-next-line no-control-regex
  return raw.replace(/\u001B\[[0-9;?]*[ -/]*[@-~]|\u001B[()][A-Z0-9]|\u001B[=>78]/g, '')
}
