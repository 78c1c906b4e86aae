const t0=performance.now()
await import('./dist/src/micro/server.js')
console.log('server import ms', (performance.now()-t0).toFixed(0))
