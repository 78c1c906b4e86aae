import {Command, Flags} from '@oclif/core'
import {exitWithError} from '../src/cli/exit-codes.js'
import {urlFlag} from '../src/cli/event-flags.js'
import {MicroClient} from '../src/client/micro-client.js'

export default class Reset extends Command {
  static override summary = 'Delete every event a running sp micro captured (POST /micro/reset).'

  static override description = 'Use it between test runs. Exit codes: 0 ok, 2 usage or connection error.'

  static override examples = [
    {description: 'Clear the local micro', command: '<%= config.bin %> reset'},
    {description: 'Clear a micro elsewhere and report what was deleted as JSON', command: '<%= config.bin %> reset --url http://micro:9090 --json'},
  ]

  static override flags = {
    url: urlFlag,
    json: Flags.boolean({summary: 'Print {"url", "deleted": {total, good, bad}} as JSON.', default: false}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Reset)
    try {
      const client = new MicroClient(flags.url)
      if (client.note) process.stderr.write(`Note: ${client.note}\n`)
      const before = await client.counts()
      await client.reset()
      if (flags.json) process.stdout.write(JSON.stringify({url: client.url, deleted: before}) + '\n')
      else process.stdout.write(`Reset completed: deleted ${before.total} event(s) (${before.good} good, ${before.bad} bad) from ${client.url}\n`)
    } catch (error) {
      exitWithError(error)
    }
  }
}
