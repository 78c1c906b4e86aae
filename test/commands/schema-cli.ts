import {runSp} from '../e2e/micro-process.js'

export interface Run {
  code: number
  stdout: string
  stderr: string
}

/** `sp …` as a user runs it (bin/run.js loads the compiled commands from dist/); a signal counts as 1. */
export async function sp(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const {code, stdout, stderr} = await runSp(args, {env})
  return {code: code ?? 1, stdout, stderr}
}
