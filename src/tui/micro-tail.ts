import {MicroClient} from '../client/micro-client.js'
import {colorEnabled, isCI} from '../cli/event-flags.js'
import {runLineTail} from './line-tail.js'
import {runTui} from './run.js'

/**
 * `sp micro --tail`: the server's own events in the same terminal, as `sp tail` shows them (the
 * full-screen UI on a terminal, one line per event otherwise). Resolves when the user quits the UI
 * or `signal` aborts.
 */
export async function tailInThisTerminal(url: string, signal: AbortSignal): Promise<void> {
  const client = new MicroClient(url)
  if (process.stdout.isTTY === true && process.stdin.isTTY === true && !isCI()) {
    await runTui(client, {filter: {}, statuses: [], last: 100, signal})
    return
  }
  await runLineTail(client, {
    filter: {},
    last: 100,
    json: false,
    color: colorEnabled(process.stdout),
    signal,
    write: (line) => process.stdout.write(line),
    notice: () => {},
  })
}
