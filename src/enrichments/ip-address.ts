import {isIPv4, isIPv6} from 'node:net'

/** What Guava's `InetAddresses.forString` makes of a string (Enrich's IP parser). */
export type ParsedIp = {kind: 'v4'} | {kind: 'v6'; groups: number[]} | null

const MAPPED = /^::ffff:/i

/**
 * IPv4 literals and IPv4-mapped IPv6 (`::ffff:1.2.3.4`, which Java turns into an Inet4Address) are
 * `v4`; other IPv6 literals are `v6` with their 8 groups; anything else (host names included) null.
 */
export function parseIp(text: string): ParsedIp {
  if (isIPv4(text)) return {kind: 'v4'}
  if (!isIPv6(text) || text.includes('%')) return null
  const groups = ipv6Groups(text)
  if (MAPPED.test(text) && groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return {kind: 'v4'}
  return {kind: 'v6', groups}
}

/** The 8 16-bit groups of a valid IPv6 literal (`::` expanded, a dotted IPv4 tail converted). */
export function ipv6Groups(text: string): number[] {
  let tail: number[] = []
  let head = text
  const lastColon = text.lastIndexOf(':')
  if (text.indexOf('.', lastColon) > 0) {
    const v4 = text.slice(lastColon + 1).split('.').map(Number)
    tail = [(v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!]
    const prefix = text.slice(0, lastColon + 1)
    head = prefix.endsWith('::') ? prefix : text.slice(0, lastColon)
  }
  const want = 8 - tail.length
  const gap = head.indexOf('::')
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)))
  let groups: number[]
  if (gap < 0) {
    groups = parse(head)
  } else {
    const left = parse(head.slice(0, gap))
    const right = parse(head.slice(gap + 2))
    groups = [...left, ...new Array<number>(want - left.length - right.length).fill(0), ...right]
  }
  return [...groups, ...tail]
}

/** Java's `Inet6Address.getHostAddress()`: 8 lower-case groups, leading zeros dropped, no `::`. */
export function javaHostAddress(groups: number[]): string {
  return groups.map((g) => g.toString(16)).join(':')
}
