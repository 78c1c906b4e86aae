import {test} from 'node:test'
import assert from 'node:assert/strict'
import {writeFile} from 'node:fs/promises'
import path from 'node:path'
import {sp} from './schema-cli.js'
import {startAcmeMicro} from '../helpers/acme-micro.js'
import {suggestCommand} from '../../src/cli/suggestions.js'
import {tempDir} from '../helpers/temp-dir.js'

test('did you mean: a mistyped command or flag exits 2 with the one meant, never an internal id or the whole usage', async () => {
  const [tial, pus, prot] = await Promise.all([sp(['tial']), sp(['schema', 'pus', 'schemas']), sp(['micro', '--prot', '1'])])
  assert.equal(tial.code, 2)
  assert.match(tial.stderr.replace(/\s*›\s*/g, ' '), /"sp tial" is not an sp command\. Did you mean "sp tail"\?/)
  assert.equal(pus.code, 2)
  assert.match(pus.stderr.replace(/\s*›\s*/g, ' '), /"sp schema pus schemas" is not an sp command\. Did you mean "sp schema push schemas"\?/)
  assert.doesNotMatch(pus.stderr, /schema:pus/)
  assert.equal(prot.code, 2)
  assert.match(prot.stderr, /Unknown flag --prot: did you mean --port\?\s+See sp micro --help for its flags\./)
  assert.doesNotMatch(prot.stderr, /USAGE/)
  assert.deepEqual(suggestCommand(['evnets'], ['events', 'tail', 'schema:push']), {command: 'events', rest: []})
  assert.equal(suggestCommand(['zzz'], ['events', 'tail']), undefined)
})

test('sp assert: an unknown event type exits 2 at once, with a suggestion', async () => {
  const started = Date.now()
  const run = await sp(['assert', '--url', 'http://127.0.0.1:9', '--expect', 'pageview', '--timeout', '60s'])
  assert.equal(run.code, 2)
  assert.match(run.stderr, /unknown event type "pageview"; did you mean page_view\?/)
  assert.ok(Date.now() - started < 30_000, 'it does not wait out the timeout')
})

test('--url without a scheme, or with a trailing /micro, works the same for sp events; an invalid --iglu file exits 2', async (t) => {
  const {micro} = await startAcmeMicro(t)
  const bare = await sp(['events', '--url', `127.0.0.1:${micro.port}`, '--json'])
  assert.equal(bare.code, 0, bare.stderr)
  assert.deepEqual(JSON.parse(bare.stdout), [])
  const withMicro = await sp(['events', '--url', `${micro.url}/micro/`, '--json'])
  assert.equal(withMicro.code, 0, withMicro.stderr)
  assert.match(withMicro.stderr, new RegExp(`^Note: --url ends in /micro; sp adds /micro/\\.\\.\\. itself\\. Using ${micro.url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\.`))

  const dir = await tempDir(t, 'sp-iglu-')
  const resolver = path.join(dir, 'resolver.json')
  await writeFile(resolver, '{"schema": "iglu:com.snowplowanalytics.iglu/resolver-config/jsonschema/1-0-1", "data": {"cacheSize": "big"}}')
  const resolve = await sp(['schema', 'resolve', 'iglu:com.acme/x/jsonschema/1-0-0', '--iglu', resolver])
  assert.equal(resolve.code, 2, resolve.stderr)
  const microRun = await sp(['micro', '--port', '0', '--db', ':memory:', '--iglu', path.join(dir, 'missing.json')])
  assert.equal(microRun.code, 2, microRun.stderr)
})
