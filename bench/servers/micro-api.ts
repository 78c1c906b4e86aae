// The Micro API over an existing store file (argv[2]), alone in its process so its memory can be read.
import Fastify from 'fastify'
import {openStore} from '../../src/store/index.js'
import {microApiPlugin} from '../../src/api/plugin.js'

const store = openStore({file: process.argv[2]!})
const app = Fastify({logger: false})
await app.register(microApiPlugin, {store})
await app.listen({port: 0, host: '127.0.0.1'})
const address = app.server.address()
process.stdout.write(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}\n`)
process.on('SIGTERM', () =>
  void app.close().then(() => {
    store.close()
    process.exit(0)
  }),
)
