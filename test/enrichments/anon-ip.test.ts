import {test} from 'node:test'
import assert from 'node:assert/strict'
import {AnonIpEnrichment} from '../../src/enrichments/anon-ip.js'
import {enrichWith, fields, rawEvent} from './helpers.js'

// Enrich AnonIpEnrichmentSpec e1: the whole table, one row per Scala example.
const TABLE: Array<[string, string | null, number, number, string | null]> = [
  ['valid, anonymize 1', '0.23.0.20', 1, 1, '0.23.0.x'],
  ['valid, anonymize 2', '168.192.102.4', 2, 2, '168.192.x.x'],
  ['valid, anonymize 3', '54.242.102.43', 3, 3, '54.x.x.x'],
  ['valid, anonymize 4', '94.15.213.171', 4, 4, 'x.x.x.x'],
  ['invalid, anonymize 1', '777.2', 1, 1, '777.2'],
  ['invalid, anonymize 4', '777.2.23', 4, 4, 'x.x.x'],
  ['invalid, anonymize 3 (out of range)', '999.123.777.2', 3, 3, '999.x.x.x'],
  ['invalid, anonymize 3 (letters)', '999.aaa.bbb.c', 3, 3, '999.x.x.x'],
  ['invalid, anonymize 3 (neither)', 'hello;goodbye', 3, 3, 'hello;goodbye'],
  ['invalid, anonymize 3 (colons)', ':::::::::::::::', 3, 3, 'x:x:x:x:x:x:x:x'],
  ['invalid, anonymize 3 (::1)', '::1', 3, 3, '0:0:0:0:0:x:x:x'],
  ['null, anonymize 2', null, 2, 2, null],
  ['empty, anonymize 4', '', 4, 4, 'x'],
  ['ipv6, anonymize 1', '4b0c:0:0:0:880c:99a8:4b0:4411', 1, 1, '4b0c:0:0:0:880c:99a8:4b0:x'],
  ['ipv6, anonymize 2', '4b0c::880c:99a8:4b0:4411', 2, 2, '4b0c:0:0:0:880c:99a8:x:x'],
  ['ipv6, anonymize 3', '2605:2700:0:3:0:0:4713:93e3', 3, 3, '2605:2700:0:3:0:x:x:x'],
  ['ipv6, anonymize 4', '2605:2700:0:3::4713:93e3', 4, 4, '2605:2700:0:3:x:x:x:x'],
  ['ipv6, anonymize 5', '2605:2700:0:3::4713:93e3', 4, 5, '2605:2700:0:x:x:x:x:x'],
  ['ipv6, anonymize 6', '2605:2700:0:3::4713:93e3', 4, 6, '2605:2700:x:x:x:x:x:x'],
  ['ipv6, anonymize 7', '2605:2700:0:3::4713:93e3', 4, 7, '2605:x:x:x:x:x:x:x'],
  ['ipv6, anonymize 8', '2605:2700:0:3::4713:93e3', 4, 8, 'x:x:x:x:x:x:x:x'],
  ['ipv6, anonymize 8 (short)', '2605:2700::4713:93e3', 4, 8, 'x:x:x:x:x:x:x:x'],
  ['ipv6, anonymize 8 (shorter)', '2700::4713', 4, 8, 'x:x:x:x:x:x:x:x'],
  ['ipv6, invalid hex', '2700:zzzz::gggg', 4, 6, '2700:zzzz:x:x:x:x:x:x'],
  ['hybrid ipv6 + ipv4, 2', 'f334::40cb:152.16.24.142', 4, 2, 'f334:0:0:0:0:40cb:x:x'],
  ['hybrid ipv6 + ipv4, 4', 'f334::40cb:152.16.24.142', 4, 4, 'f334:0:0:0:x:x:x:x'],
  ['ipv6, compat address', '::192.168.0.1', 4, 1, '0:0:0:0:0:0:c0a8:x'],
  ['ipv4 mapped address, 2', '::FFFF:152.16.24.123', 2, 4, '::FFFF:152.16.x.x'],
  ['ipv4 mapped address, 4', '::FFFF:152.16.24.123', 4, 4, '::FFFF:x.x.x.x'],
]

for (const [name, ip, octets, segments, expected] of TABLE) {
  test(`AnonIpEnrichmentSpec e1: ${name}: ${ip} → ${expected}`, () => {
    const anon = new AnonIpEnrichment(octets, segments)
    assert.equal(ip === null ? null : anon.anonymize(ip), expected)
  })
}

test('AnonIpEnrichmentSpec e2/e3: random valid IPv4 and IPv6 addresses keep their shape with exactly N x', () => {
  for (let i = 0; i < 200; i++) {
    const n = 1 + (i % 4)
    const v4 = Array.from({length: 4}, () => Math.floor(Math.random() * 256)).join('.')
    const out4 = new AnonIpEnrichment(n, 1).anonymize(v4)
    assert.equal(out4.split('x').length - 1, n, `${v4} → ${out4}`)
    const m = 1 + (i % 8)
    const v6 = Array.from({length: 8}, () => Math.floor(Math.random() * 0x10000).toString(16)).join(':')
    const out6 = new AnonIpEnrichment(1, m).anonymize(v6)
    assert.equal(out6.split('x').length - 1, m, `${v6} → ${out6}`)
    assert.equal(out6.split(':').length, 8)
  }
})

test('AnonIpEnrichmentSpec e5: an oversized invalid address is left as is', () => {
  const oversized = 'a'.repeat(1_000_000)
  assert.equal(new AnonIpEnrichment(4, 6).anonymize(oversized), oversized)
})

test('anon_ip masks user_ipaddress in the enriched event; anonSegments defaults to anonOctets', async () => {
  const anon = AnonIpEnrichment.fromConfig({file: 'anon.json', schema: '', vendor: '', name: 'anon_ip', model: 1, revision: 0, addition: 0, data: {parameters: {anonOctets: 2}}})
  assert.equal(anon.segments, 2)
  const out = await enrichWith(rawEvent({}, {ipAddress: '54.242.102.43'}), [anon])
  assert.equal(fields(out).user_ipaddress, '54.242.x.x')
})
