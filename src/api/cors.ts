import type {FastifyReply, FastifyRequest} from 'fastify'

/**
 * CORS for every `/micro/*` answer, so browser-based test runners (Cypress, Playwright component
 * tests, a page's own devtools) can read the API. Micro had this in 1.2–2.0 and lost it in 2.1.
 * The origin is echoed with credentials allowed, like the collector does.
 */
export function corsHeaders(request: FastifyRequest): Record<string, string> {
  const origin = request.headers.origin
  if (typeof origin === 'string' && origin !== '' && origin !== 'null') {
    return {'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin'}
  }
  return {'access-control-allow-origin': '*'}
}

export function preflightHeaders(request: FastifyRequest): Record<string, string> {
  const asked = request.headers['access-control-request-headers']
  return {
    ...corsHeaders(request),
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': typeof asked === 'string' && asked !== '' ? asked : 'Content-Type, Authorization, Last-Event-ID',
    'access-control-max-age': '3600',
  }
}

export function addCors(request: FastifyRequest, reply: FastifyReply): void {
  reply.headers(corsHeaders(request))
}
