import {test} from 'node:test'
import assert from 'node:assert/strict'
import {rawRequest, startTestMicro, storedPayloads} from '../micro/fixtures.js'
import {DAY_MS} from '../../src/collector/config.js'

function setCookie(headers: import('node:http').IncomingHttpHeaders): string | undefined {
  const value = headers['set-cookie']
  return Array.isArray(value) ? value[0] : value
}

test('Set-Cookie carries the nuid with the reference defaults: 365 days, Path=/, SameSite=None, Secure, HttpOnly', async (t) => {
  const micro = await startTestMicro(t)
  const res = await rawRequest(micro.url, {path: '/i?e=pv&nuid=11111111-1111-4111-8111-111111111111'})
  const cookie = setCookie(res.headers) ?? ''
  const match = /^sp=11111111-1111-4111-8111-111111111111; Expires=([^;]+); Path=\/; SameSite=None; Secure; HttpOnly$/.exec(cookie)
  assert.ok(match, cookie)
  const expires = Date.parse(match[1])
  assert.ok(Math.abs(expires - (Date.now() + 365 * DAY_MS)) < 5000)
})

test('the same network user id is set back on POST responses', async (t) => {
  const micro = await startTestMicro(t)
  const res = await rawRequest(micro.url, {method: 'POST', path: '/com.snowplowanalytics.snowplow/tp2', headers: {Cookie: 'sp=abc'}, body: '{}'})
  assert.match(setCookie(res.headers) ?? '', /^sp=abc; /)
  assert.equal(storedPayloads(micro.store.db)[0].payload.networkUserId, 'abc')
})

test('cookie name, expiry, Secure and SameSite are configurable', async (t) => {
  const micro = await startTestMicro(t, {
    collector: {cookie: {enabled: true, name: 'tracker_id', expiration: 2 * DAY_MS, domains: [], secure: false, httpOnly: true, sameSite: 'Lax'}},
  })
  const res = await rawRequest(micro.url, {path: '/i', headers: {Cookie: 'tracker_id=xyz'}})
  const cookie = setCookie(res.headers) ?? ''
  assert.match(cookie, /^tracker_id=xyz; Expires=[^;]+; Path=\/; SameSite=Lax; HttpOnly$/)
  assert.ok(!cookie.includes('Secure'))
  assert.equal(storedPayloads(micro.store.db)[0].payload.networkUserId, 'xyz')
})

test('the cookie domain is the first configured domain matching the Origin host, else the fallback', async (t) => {
  const micro = await startTestMicro(t, {
    collector: {
      cookie: {enabled: true, name: 'sp', expiration: DAY_MS, domains: ['shop.example', 'acme.test'], fallbackDomain: 'fallback.test', secure: true, httpOnly: true, sameSite: 'None'},
    },
  })
  const sub = await rawRequest(micro.url, {path: '/i', headers: {Origin: 'https://www.acme.test'}})
  assert.match(setCookie(sub.headers) ?? '', /; Domain=acme\.test; Path=\//)
  const exact = await rawRequest(micro.url, {path: '/i', headers: {Origin: 'https://shop.example'}})
  assert.match(setCookie(exact.headers) ?? '', /; Domain=shop\.example; /)
  const other = await rawRequest(micro.url, {path: '/i', headers: {Origin: 'https://elsewhere.test'}})
  assert.match(setCookie(other.headers) ?? '', /; Domain=fallback\.test; /)
  const notASuffix = await rawRequest(micro.url, {path: '/i', headers: {Origin: 'https://notacme.test'}})
  assert.match(setCookie(notASuffix.headers) ?? '', /; Domain=fallback\.test; /)
})

test('with the cookie disabled no Set-Cookie is sent, and the request is still stored', async (t) => {
  const micro = await startTestMicro(t, {
    collector: {cookie: {enabled: false, name: 'sp', expiration: DAY_MS, domains: [], secure: true, httpOnly: true, sameSite: 'None'}},
  })
  const res = await rawRequest(micro.url, {path: '/i'})
  assert.equal(res.headers['set-cookie'], undefined)
  assert.equal(storedPayloads(micro.store.db).length, 1)
})

test('a do-not-track cookie matching the pattern: answered, not stored, no Set-Cookie', async (t) => {
  const micro = await startTestMicro(t, {collector: {doNotTrackCookie: {name: 'dnt', value: 'yes|1'}}})
  const tracked = await rawRequest(micro.url, {path: '/i', headers: {Cookie: 'dnt=yes'}})
  assert.equal(tracked.status, 200)
  assert.equal(tracked.headers['content-type'], 'image/gif')
  assert.equal(tracked.headers['set-cookie'], undefined)
  const post = await rawRequest(micro.url, {method: 'POST', path: '/com.snowplowanalytics.snowplow/tp2', headers: {Cookie: 'dnt=1'}, body: '{}'})
  assert.equal(post.body.toString(), 'ok')
  assert.equal(storedPayloads(micro.store.db).length, 0)
  // the whole value must match: "yesplease" is not "yes"
  await rawRequest(micro.url, {path: '/i', headers: {Cookie: 'dnt=yesplease'}})
  assert.equal(storedPayloads(micro.store.db).length, 1)
})

test('without the do-not-track cookie, even a match-anything pattern tracks the request', async (t) => {
  const micro = await startTestMicro(t, {collector: {doNotTrackCookie: {name: 'dnt', value: '.*'}}})
  await rawRequest(micro.url, {path: '/i', headers: {Cookie: 'other=1'}})
  await rawRequest(micro.url, {path: '/i'})
  assert.equal(storedPayloads(micro.store.db).length, 2)
  await rawRequest(micro.url, {path: '/i', headers: {Cookie: 'dnt='}})
  assert.equal(storedPayloads(micro.store.db).length, 2)
})
