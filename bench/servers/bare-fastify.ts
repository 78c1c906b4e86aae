// Baseline: fastify answering `ok` on every tracker route, doing nothing else.
import Fastify from 'fastify'

const app = Fastify({logger: false})
app.removeAllContentTypeParsers()
app.addContentTypeParser('*', {parseAs: 'string'}, (_request, body, done) => done(null, body))
app.all('/*', (_request, reply) => reply.type('text/plain').send('ok'))
await app.listen({port: 0, host: '127.0.0.1'})
const address = app.server.address()
process.stdout.write(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`)
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)))
