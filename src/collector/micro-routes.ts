import type {FastifyInstance} from 'fastify'

/**
 * Three collector settings that Micro configs use, off unless set (collector 3.x `Routes.scala`,
 * `Service.scala`, Micro's `MicroHttpServer`): `rootResponse` answers `GET /`; `crossDomain` serves
 * Flash's `/crossdomain.xml`; `hsts` adds `Strict-Transport-Security` to every response (the
 * /micro API included, as Micro's middleware wraps all routes).
 */
export interface CollectorExtras {
  rootResponse?: {statusCode: number; headers: Record<string, string>; body: string}
  crossDomain?: {domains: string[]; secure: boolean}
  hsts?: {maxAgeSeconds: number}
}

export function registerCollectorExtras(app: FastifyInstance, extras: CollectorExtras): void {
  const {rootResponse, crossDomain, hsts} = extras
  if (hsts) {
    // http4s' Strict-Transport-Security.unsafeFromDuration: includeSubDomains is on by default
    const value = `max-age=${hsts.maxAgeSeconds}; includeSubDomains`
    app.addHook('onSend', (_request, reply, payload, done) => {
      reply.header('strict-transport-security', value)
      done(null, payload)
    })
  }
  if (rootResponse) {
    app.get('/', (_request, reply) => {
      reply.code(rootResponse.statusCode)
      for (const [name, value] of Object.entries(rootResponse.headers)) reply.header(name, value)
      return reply.send(rootResponse.body)
    })
  }
  if (crossDomain) {
    const policy = crossDomain.domains.map((d) => `<allow-access-from domain="${d}" secure="${crossDomain.secure}" />`).join('\n')
    const xml = `<?xml version="1.0"?>\n<cross-domain-policy>\n${policy}\n</cross-domain-policy>`
    app.get('/crossdomain.xml', (_request, reply) => reply.type('text/xml').send(xml))
  }
}
