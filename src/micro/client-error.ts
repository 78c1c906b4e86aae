import type {Socket} from 'node:net'

/**
 * Answers a request Node could not parse (bad request line or headers, header overflow, timeout)
 * and closes the socket, saying so with `Connection: close` (fastify's default handler closes it
 * without a word, which clients read as a reset), and without a body for a HEAD request.
 */
export function closingClientErrorHandler(error: Error & {code?: string; rawPacket?: unknown}, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const [status, reason] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'Request Timeout'] :
    error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] :
    [400, 'Bad Request']
  const head = Buffer.isBuffer(error.rawPacket) && error.rawPacket.subarray(0, 5).toString('latin1') === 'HEAD '
  const body = head ? '' : JSON.stringify({error: reason, message: 'Client Error', statusCode: status})
  if (socket.writable) {
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    )
  }
  socket.destroySoon()
}
