import {fileURLToPath} from 'node:url'
import {defineConfig} from 'vite'

// The UI is served by sp micro at /micro/ui/ from dist/ui (src/api/routes/ui.ts); everything it
// needs is in the bundle, nothing is fetched from elsewhere at run time.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/micro/ui/',
  logLevel: 'warn',
  // `npx vite --config src/ui/vite.config.ts` serves the source with hot reload against a running
  // sp micro (SP_MICRO_URL, default http://127.0.0.1:9090) for everything under /micro but the UI
  server: {
    proxy: {'^/micro/(?!ui(/|$))': {target: process.env.SP_MICRO_URL ?? 'http://127.0.0.1:9090', changeOrigin: true}},
  },
  build: {
    outDir: fileURLToPath(new URL('../../dist/ui', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    modulePreload: {polyfill: false},
  },
})
