#!/usr/bin/env node
// Writes oclif.manifest.json (every command's id, flags, args and help) after `tsc`, so a run of
// `sp` reads one JSON file instead of importing every command module to find the one it runs.
// Built with @oclif/core's own Plugin loader, as the `oclif manifest` command does.
import {renameSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {Plugin} from '@oclif/core'

export async function writeManifest(root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')) {
  const plugin = new Plugin({root, type: 'core', ignoreManifest: true, errorOnManifestCreate: true})
  await plugin.load()
  const file = path.join(root, 'oclif.manifest.json')
  // write then rename: concurrent `sp` runs never read half a file
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, JSON.stringify(plugin.manifest, null, 2) + '\n')
  renameSync(tmp, file)
  return {file, commands: Object.keys(plugin.manifest.commands).length}
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const {file, commands} = await writeManifest()
  process.stdout.write(`${path.basename(file)}: ${commands} commands\n`)
}
