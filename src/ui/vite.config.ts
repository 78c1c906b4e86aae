import {fileURLToPath} from 'node:url'
import {defineConfig} from 'vite'

// The UI is served by sp micro at /micro/ui/ from dist/ui (src/api/routes/ui.ts); everything it
// needs is in the bundle, nothing is fetched from elsewhere at run time.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/micro/ui/',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist/ui', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    modulePreload: {polyfill: false},
  },
})
