import type {FastifyReply, FastifyRequest} from 'fastify'
import {OriginPolicy} from './origin-guard.js'

/**
 * CORS for every `/micro/*` answer, so browser-based test runners (Cypress, Playwright component
 * tests, a page's own devtools) can read the API. Micro had this in 1.2–2.0 and lost it in 2.1.
 * Only the origins the policy allows (loopback pages, the server's own, `--cors-origin`) are
 * echoed, with credentials; any other page gets no CORS headers, so its browser keeps the
 * answer from it (docs/security.md).
 */
export function corsHeaders(request: FastifyRequest, policy: OriginPolicy): Record<string, string> {
  const origin = request.headers.origin
  if (typeof origin === 'string' && policy.allowsOrigin(origin, request.headers.host)) {
    return {'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', vary: 'Origin'}
  }
  // no Origin: not a browser's cross-origin request (those always send one)
  return origin === undefined ? {'access-control-allow-origin': '*', vary: 'Origin'} : {vary: 'Origin'}
}

export function preflightHeaders(request: FastifyRequest, policy: OriginPolicy): Record<string, string> {
  const cors = corsHeaders(request, policy)
  if (cors['access-control-allow-credentials'] === undefined) return cors
  const asked = request.headers['access-control-request-headers']
  return {
    ...cors,
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': typeof asked === 'string' && asked !== '' ? asked : 'Content-Type, Authorization, Last-Event-ID',
    'access-control-max-age': '3600',
  }
}

const decided = new WeakMap<FastifyRequest, Record<string, string>>()

/** The onRequest hook adding the CORS headers; `requestCors` gives them to hijacked answers (SSE). */
export function corsHook(policy: OriginPolicy) {
  return (request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    const headers = corsHeaders(request, policy)
    decided.set(request, headers)
    reply.headers(headers)
    done()
  }
}

export function requestCors(request: FastifyRequest): Record<string, string> {
  return decided.get(request) ?? {}
}
