import {spawn, type ChildProcess} from 'node:child_process'
import {once} from 'node:events'
import path from 'node:path'
import type {TestContext} from 'node:test'
import {repoRoot} from '../helpers/shared-dir.js'

/** A real `sp micro` process (bin/run.js, compiled commands in dist/). */
export interface MicroProcess {
  child: ChildProcess
  url: string
  port: number
  stderr(): string
  stdout(): string
  exited: Promise<{code: number | null; signal: NodeJS.Signals | null}>
}

export interface SpawnResult {
  code: number | null
  stdout: string
  stderr: string
}

export interface SpawnOptions {
  cwd?: string
  /** added to the environment */
  env?: Record<string, string>
}

export function spawnSp(args: string[], options: SpawnOptions = {}): {child: ChildProcess; out: {stdout: string; stderr: string}; exited: Promise<{code: number | null; signal: NodeJS.Signals | null}>} {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'run.js'), ...args], {
    cwd: options.cwd ?? repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {...process.env, NODE_NO_WARNINGS: '1', ...options.env},
  })
  const out = {stdout: '', stderr: ''}
  child.stdout!.on('data', (c: Buffer) => (out.stdout += c.toString()))
  child.stderr!.on('data', (c: Buffer) => (out.stderr += c.toString()))
  const exited = once(child, 'exit').then(([code, signal]) => ({code: code as number | null, signal: signal as NodeJS.Signals | null}))
  return {child, out, exited}
}

/** Runs `sp <args>` to completion. */
export async function runSp(args: string[], options: SpawnOptions = {}): Promise<SpawnResult> {
  const {out, exited} = spawnSp(args, options)
  const {code} = await exited
  return {code, ...out}
}

const READY = /REST interface bound to (http:\/\/[^\s]+)/

/** Starts `sp micro` and resolves once its ready line names the URL; killed after the test. */
const READY_DEADLINE_MS = 30_000

export async function startMicroProcess(t: TestContext, args: string[], options: SpawnOptions = {}): Promise<MicroProcess> {
  // --offline: tests never reach Iglu Central
  const {child, out, exited} = spawnSp(['micro', '--offline', ...args], options)
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL')
      await exited
    }
  })
  const url = await new Promise<string>((resolve, reject) => {
    // a micro that hangs before it is ready fails the test instead of hanging the run
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`sp micro was not ready within ${READY_DEADLINE_MS} ms:\n${out.stderr}`))
    }, READY_DEADLINE_MS)
    const onData = () => {
      const match = READY.exec(out.stderr)
      if (match) {
        clearTimeout(timer)
        child.stderr!.off('data', onData)
        resolve(match[1])
      }
    }
    child.stderr!.on('data', onData)
    void exited.then(({code}) => {
      clearTimeout(timer)
      reject(new Error(`sp micro exited (${code}) before it was ready:\n${out.stderr}`))
    })
  })
  return {child, url, port: Number(new URL(url).port), stderr: () => out.stderr, stdout: () => out.stdout, exited}
}
