// Minimal typing for the parts of autocannon the benchmarks use (the package ships none).
declare module 'autocannon' {
  interface AutocannonOptions {
    url: string
    connections?: number
    pipelining?: number
    duration?: number
    method?: string
    body?: string | Buffer
    headers?: Record<string, string>
  }
  interface Histogram {
    average: number
    p50: number
    p99: number
    total: number
  }
  interface AutocannonResult {
    requests: Histogram
    latency: Histogram
    errors: number
    timeouts: number
    non2xx: number
    '2xx': number
  }
  function autocannon(options: AutocannonOptions): Promise<AutocannonResult>
  export default autocannon
}
