import {Errors, type Hook} from '@oclif/core'
import {suggestCommand} from '../suggestions.js'

/**
 * oclif's `command_not_found` hook: `sp tial` and `sp schema pus schemas` say what was typed and
 * the command that was probably meant (oclif alone printed "command schema:pus:schemas not found"),
 * exit 2 as every usage error.
 */
const hook: Hook<'command_not_found'> = async function ({id, argv, config}) {
  const words = id.split(':')
  const typed = ['sp', ...words, ...(argv ?? [])].join(' ')
  const suggestion = suggestCommand(words, config.commandIDs)
  const hint = suggestion === undefined ? '' : ` Did you mean "sp ${[...suggestion.command.split(':'), ...suggestion.rest, ...(argv ?? [])].join(' ')}"?`
  throw new Errors.CLIError(`"${typed}" is not an sp command.${hint} Run sp --help for the list of commands.`, {exit: 2})
}

export default hook
