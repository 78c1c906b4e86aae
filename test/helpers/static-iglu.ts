import {createServer, type Server} from 'node:http'
import {readFile} from 'node:fs/promises'
import path from 'node:path'
import type {AddressInfo} from 'node:net'
import {repoRoot} from './repo-root.js'

/** The project's own fixture repository (test/fixtures/iglu): a few standard schemas, written for the tests. */
export const fixtureIgluDir = path.join(repoRoot, 'test', 'fixtures', 'iglu')

/** Its schemas folder, as a `--schemas` / `schemaDirs` entry. */
export const fixtureSchemasDir = path.join(fixtureIgluDir, 'schemas')

export interface StaticIgluServer {
  /** Root URI to put in a resolver config (`http://127.0.0.1:PORT`), as for iglucentral.com. */
  url: string
  /** Every request path served, in order, so tests can prove cache hits. */
  requests: string[]
  close(): Promise<void>
}

/**
 * Serves a static Iglu repository (default: the fixture repository) on a loopback port from the OS,
 * so tests never touch the internet. `/schemas/<vendor>/<name>/<format>/<version>` maps to files.
 */
export async function serveStaticIglu(root: string = fixtureIgluDir): Promise<StaticIgluServer> {
  const requests: string[] = []
  const server: Server = createServer(async (req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    requests.push(urlPath)
    const file = path.resolve(root, '.' + urlPath)
    if (!file.startsWith(path.resolve(root) + path.sep)) {
      res.writeHead(404).end()
      return
    }
    try {
      const body = await readFile(file)
      res.writeHead(200, {'content-type': 'application/json'}).end(body)
    } catch {
      res.writeHead(404, {'content-type': 'text/plain'}).end('not found')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
