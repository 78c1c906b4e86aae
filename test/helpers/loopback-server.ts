import {createServer, request as httpRequest, type IncomingMessage, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'

export interface SeenRequest {
  method: string
  url: string
  headers: IncomingMessage['headers']
}

/** A loopback HTTP server (port from the OS) answering with `handler`, recording every request. */
export async function loopbackServer(
  t: {after: (fn: () => Promise<void>) => void},
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{url: string; seen: SeenRequest[]}> {
  const seen: SeenRequest[] = []
  const server = createServer((req, res) => {
    seen.push({method: req.method!, url: req.url!, headers: req.headers})
    req.resume()
    req.on('end', () => handler(req, res))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(() => new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  }))
  return {url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen}
}

export const json = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, {'content-type': 'application/json'}).end(JSON.stringify(body))

export const SUPER_KEY = '48b267d7-cd2b-4f22-bae4-0f002008b5ad'

export function schemaDoc(vendor: string, name: string, version = '1-0-0', format = 'jsonschema'): Record<string, unknown> {
  return {
    $schema: 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#',
    self: {vendor, name, format, version},
    description: 'a test schema',
    type: 'object',
    properties: {id: {type: 'string', maxLength: 10, description: 'id'}},
    additionalProperties: false,
  }
}

export interface RawAnswer {
  status: number
  headers: IncomingMessage['headers']
  body: string
}

/** A request with exactly these headers (fetch refuses to set Host, Origin or Sec-Fetch-*). */
export function rawRequest(url: string, method: string, pathAndQuery: string, headers: Record<string, string> = {}, body?: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url + pathAndQuery, {method, headers}, (res) => {
      let text = ''
      res.setEncoding('latin1')
      res.on('data', (c) => (text += c))
      res.on('end', () => resolve({status: res.statusCode!, headers: res.headers, body: text}))
    })
    req.on('error', reject)
    req.end(body)
  })
}
