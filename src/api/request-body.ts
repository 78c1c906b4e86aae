import {isSpError, type SpError} from '../errors/sp-error.js'
import type {FastifyReply} from 'fastify'
import {API_ERROR_CODES, invalidField, malformedBody} from './errors.js'
import {jsonDepth} from '../registry/json-body.js'
import {checkJsonDepth, TOO_MANY_CODE} from './limits.js'

/**
 * The JSON object in a request body. Like Micro, the Content-Type is not enforced; unlike Micro an
 * empty body means `{}` (no filters), which is what a bare `POST /micro/good` means.
 */
export function jsonObjectBody(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {}
  if (typeof body === 'object' && !Buffer.isBuffer(body)) return body as Record<string, unknown>
  const text = Buffer.isBuffer(body) ? body.toString('utf8') : String(body)
  if (text.trim() === '') return {}
  checkJsonDepth(jsonDepth(text))
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw malformedBody((error as Error).message)
  }
  // valid JSON of the wrong shape is Micro's 422, not 400
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidField('the request body', 'a JSON object', value)
  return value as Record<string, unknown>
}

/**
 * Answers a bad request the way Micro's http4s decoders do (400 malformed JSON, 422 wrong shape,
 * text/plain), with the field at fault named. Rethrows anything that is not an API error.
 */
export function sendBodyError(reply: FastifyReply, error: unknown): FastifyReply {
  if (!isSpError(error)) throw error
  const e = error as SpError
  if (e.code === TOO_MANY_CODE) return sendTooMany(reply, e)
  if (e.code === API_ERROR_CODES.malformedBody) return reply.code(400).type('text/plain; charset=utf-8').send(e.message)
  if (e.code === API_ERROR_CODES.invalidBody) {
    return reply.code(422).type('text/plain; charset=utf-8').send(`The request body was invalid: ${e.message}`)
  }
  throw error
}

/** Our own endpoints (wait, stream, lookups, query filters) answer errors as JSON. */
export function sendJsonError(reply: FastifyReply, error: unknown): FastifyReply {
  if (!isSpError(error)) throw error
  const e = error as SpError
  if (e.code === TOO_MANY_CODE) return sendTooMany(reply, e)
  if (e.code === API_ERROR_CODES.malformedBody || e.code === API_ERROR_CODES.invalidBody) {
    return reply.code(400).type('application/json; charset=utf-8').send(JSON.stringify({message: e.message}))
  }
  throw error
}

function sendTooMany(reply: FastifyReply, e: SpError): FastifyReply {
  return reply.code(429).header('retry-after', '1').type('application/json; charset=utf-8').send(JSON.stringify({message: e.message}))
}
