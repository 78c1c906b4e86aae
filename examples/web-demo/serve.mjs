#!/usr/bin/env node
// Serves the demo page, and the browser tracker's browser build straight from node_modules (no
// bundler, no CDN). `node serve.mjs [port]` (default 8000), then open http://127.0.0.1:8000/
import {createServer} from 'node:http'
import {readFile} from 'node:fs/promises'
import {createRequire} from 'node:module'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const trackerDir = path.dirname(createRequire(import.meta.url).resolve('@snowplow/browser-tracker/package.json'))

const FILES = {
  '/': [path.join(here, 'index.html'), 'text/html; charset=utf-8'],
  '/app.js': [path.join(here, 'app.js'), 'text/javascript; charset=utf-8'],
  '/vendor/snowplow-browser-tracker.js': [path.join(trackerDir, 'dist', 'index.umd.min.js'), 'text/javascript; charset=utf-8'],
}

/** Starts the demo's static server on 127.0.0.1 (port 0: any free port); resolves with its URL. */
export async function serveDemo(port = 8000) {
  const server = createServer(async (req, res) => {
    const file = FILES[new URL(req.url ?? '/', 'http://x').pathname]
    if (!file) return res.writeHead(404).end('not found')
    res.writeHead(200, {'content-type': file[1]}).end(await readFile(file[0]))
  })
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve))
  return {url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve))}
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const {url} = await serveDemo(Number(process.argv[2] ?? 8000))
  console.log(`sp web demo on ${url}/ (collector: http://127.0.0.1:9090; another: ${url}/?collector=URL)`)
}
