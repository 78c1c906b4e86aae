import type {FastifyError, FastifyReply, FastifyRequest} from 'fastify'

/**
 * The last resort for /micro/*: a request error fastify raised keeps its 4xx status; anything
 * else is our fault and answers a plain 500 without the underlying text (SQLite's messages name
 * tables and SQL, and say nothing useful to a client). Routes turn bad input into 4xx themselves.
 */
export function apiErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500
  const message = status === 500 ? 'Internal Server Error' : error.message
  return reply.code(status).type('application/json; charset=utf-8').send(JSON.stringify({message}))
}
