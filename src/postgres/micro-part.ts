import type {FastifyInstance} from 'fastify'
import {corsHeaders} from '../api/cors.js'
import type {OriginPolicy} from '../api/origin-guard.js'
import type {PostgresFollower} from './follower.js'

/**
 * `GET /micro/loader`: the Postgres loader's state, cursor and lag, with the CORS headers of the
 * rest of `/micro/*`. Without `--postgres` it says so (`{"postgres":null}`), so scripts can tell
 * "not configured" from "behind".
 */
export function registerLoaderRoute(app: FastifyInstance, follower: PostgresFollower | undefined, origins: OriginPolicy): void {
  app.get('/micro/loader', async (request, reply) => {
    reply.headers(corsHeaders(request, origins))
    reply.header('cache-control', 'no-store')
    return {postgres: follower ? follower.status() : null}
  })
}
