import {Readable} from 'node:stream'
import {createGzip} from 'node:zlib'
import type {FastifyReply, FastifyRequest} from 'fastify'

/** Below this, gzip's framing costs more than it saves. */
const MIN_BYTES = 1024

/** Whether Accept-Encoding allows gzip (`gzip`, `gzip;q=0.5`, `*`), honouring an explicit q=0. */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false
  let star = false
  for (const part of header.toLowerCase().split(',')) {
    const [coding, ...params] = part.trim().split(';')
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    const allowed = q === undefined || Number(q.slice(2)) > 0
    if (coding === 'gzip' || coding === 'x-gzip') return allowed
    if (coding === '*') star = allowed
  }
  return star
}

/**
 * onSend hook: gzips JSON and text answers when the client asks, streaming through zlib so a
 * streamed million-event answer stays a stream. Server-Sent Events are never compressed here
 * (they are written raw and must reach the client at once).
 */
export async function compressPayload(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (reply.getHeader('content-encoding') !== undefined) return payload
  if (!acceptsGzip(request.headers['accept-encoding'] as string | undefined)) return payload
  let source: Readable
  if (typeof payload === 'string' || Buffer.isBuffer(payload)) {
    if (Buffer.byteLength(payload) < MIN_BYTES) return payload
    source = Readable.from([payload])
  } else if (payload instanceof Readable) {
    source = payload
  } else {
    return payload
  }
  reply.header('content-encoding', 'gzip')
  reply.header('vary', appendVary(reply.getHeader('vary')))
  reply.removeHeader('content-length')
  const gzip = createGzip()
  source.on('error', (error) => gzip.destroy(error))
  return source.pipe(gzip)
}

function appendVary(current: unknown): string {
  if (typeof current !== 'string' || current === '') return 'Accept-Encoding'
  return /accept-encoding/i.test(current) ? current : `${current}, Accept-Encoding`
}
