import {describe, it} from 'node:test'
import assert from 'node:assert/strict'
import {connect} from 'node:net'
import {startTestMicro} from './fixtures.js'
import {rateLimitedLog} from '../../src/micro/log-limit.js'

/** Sends raw bytes, returns everything the server wrote before closing. */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes))
    let text = ''
    socket.setEncoding('latin1')
    socket.on('data', (c) => (text += c))
    socket.on('end', () => resolve(text))
    socket.on('error', reject)
  })
}

describe('malformed requests', () => {
  it('a 400 that closes the socket says Connection: close', async (t) => {
    const micro = await startTestMicro(t)
    const answer = await rawExchange(micro.port, 'GET /i HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n')
    assert.match(answer, /^HTTP\/1\.1 400 Bad Request\r\n/)
    assert.match(answer, /\r\nConnection: close\r\n/i)
    assert.match(answer, /\r\n\r\n\{"error":"Bad Request"/)
  })

  it('a HEAD that gets a 400 has no body', async (t) => {
    const micro = await startTestMicro(t)
    const answer = await rawExchange(micro.port, 'HEAD /i HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n')
    assert.match(answer, /^HTTP\/1\.1 400 Bad Request\r\n/)
    assert.match(answer, /\r\nContent-Length: 0\r\n/)
    assert.ok(answer.endsWith('\r\n\r\n'), JSON.stringify(answer))
  })
})

describe('error logs', () => {
  it('one line per kind of error per interval, then a count of the ones left out', () => {
    const lines: string[] = []
    let now = 0
    const log = rateLimitedLog((l) => lines.push(l), 10_000, () => now)
    for (let i = 0; i < 21_940; i++) {
      now = i
      log(`[ERROR] collector - GET /i?e=pv&n=${i} failed: database or disk is full`)
    }
    log('[ERROR] collector - enrich failed on a payload for /x; stored it without events: boom')
    assert.equal(lines.length, 4)
    assert.match(lines[1]!, /\(9999 more like it in the last 10 s were not logged\)$/)
    assert.match(lines[3]!, /^\[ERROR\] collector - enrich failed/)
  })
})
