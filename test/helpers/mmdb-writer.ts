/**
 * Writes small MaxMind DB (MMDB 2.0) files for tests, so the IP lookup enrichments are tested
 * against real database files without shipping MaxMind's data. IPv4 or IPv6 trees, 32-bit records,
 * the data types the GeoIP2/GeoLite2 layouts use (maps, arrays, strings, doubles, uints, booleans).
 */
import {isIPv4} from 'node:net'

export interface MmdbNetwork {
  /** `1.2.3.0/24` (an IPv4 network in an IPv6 database lands under ::/96, as MaxMind does) */
  network: string
  data: Record<string, unknown>
}

interface TrieNode {
  children: [TrieNode | null, TrieNode | null]
  data?: number
}

export function writeMmdb(networks: MmdbNetwork[], options: {databaseType: string; ipVersion?: 4 | 6}): Buffer {
  const ipVersion = options.ipVersion ?? 6
  const bitCount = ipVersion === 4 ? 32 : 128
  const dataSection: Buffer[] = []
  let dataLength = 0
  const root: TrieNode = {children: [null, null]}
  for (const {network, data} of networks) {
    const [address, prefixText] = network.split('/')
    const bits = toBits(address!, ipVersion)
    const prefix = Number(prefixText) + (ipVersion === 6 && isIPv4(address!) ? 96 : 0)
    const offset = dataLength
    const encoded = encode(data)
    dataSection.push(encoded)
    dataLength += encoded.length
    let node = root
    for (let i = 0; i < prefix; i++) {
      const bit = bits[i]!
      node.children[bit] ??= {children: [null, null]}
      node = node.children[bit]!
    }
    node.data = offset
  }
  // number the inner nodes breadth-first; a node carrying data becomes a data record in its parent
  const order: TrieNode[] = []
  const queue: TrieNode[] = [root]
  while (queue.length > 0) {
    const node = queue.shift()!
    order.push(node)
    for (const child of node.children) if (child !== null && child.data === undefined) queue.push(child)
  }
  const index = new Map(order.map((n, i) => [n, i]))
  const nodeCount = order.length
  const tree = Buffer.alloc(nodeCount * 8)
  order.forEach((node, i) => {
    node.children.forEach((child, side) => {
      const value = child === null ? nodeCount : child.data !== undefined ? nodeCount + 16 + child.data : index.get(child)!
      tree.writeUInt32BE(value, i * 8 + side * 4)
    })
  })
  void bitCount
  const metadata = encode({
    node_count: {uint32: nodeCount},
    record_size: {uint16: 32},
    ip_version: {uint16: ipVersion},
    database_type: options.databaseType,
    languages: ['en'],
    binary_format_major_version: {uint16: 2},
    binary_format_minor_version: {uint16: 0},
    build_epoch: {uint64: 1700000000n},
    description: {en: 'sp test database'},
  })
  return Buffer.concat([tree, Buffer.alloc(16), ...dataSection, Buffer.from([0xab, 0xcd, 0xef]), Buffer.from('MaxMind.com'), metadata])
}

function toBits(address: string, ipVersion: 4 | 6): number[] {
  let bytes: number[]
  if (isIPv4(address)) {
    bytes = address.split('.').map(Number)
    if (ipVersion === 6) bytes = [...new Array<number>(12).fill(0), ...bytes]
  } else {
    const [head, tail] = address.split('::') as [string, string | undefined]
    const parse = (s: string | undefined) => (s === undefined || s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)))
    const left = parse(head)
    const right = parse(tail)
    const groups = tail === undefined ? left : [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right]
    bytes = groups.flatMap((g) => [g >> 8, g & 255])
  }
  return bytes.flatMap((b) => [7, 6, 5, 4, 3, 2, 1, 0].map((s) => (b >> s) & 1))
}

/** Typed numbers: `{uint16: n}`, `{uint32: n}`, `{uint64: n}`; plain numbers are doubles (or uint32 for integers). */
function encode(value: unknown): Buffer {
  if (typeof value === 'string') return withControl(2, Buffer.from(value, 'utf8'))
  if (typeof value === 'boolean') return control(14, value ? 1 : 0)
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0) return uint(6, BigInt(value))
    const b = Buffer.alloc(8)
    b.writeDoubleBE(value)
    return withControl(3, b)
  }
  if (Array.isArray(value)) return Buffer.concat([control(11, value.length), ...value.map(encode)])
  if (typeof value === 'object' && value !== null) {
    const v = value as Record<string, unknown>
    if ('uint16' in v) return uint(5, BigInt(v.uint16 as number))
    if ('uint32' in v) return uint(6, BigInt(v.uint32 as number))
    if ('uint64' in v) return uint(9, v.uint64 as bigint)
    const entries = Object.entries(v)
    return Buffer.concat([control(7, entries.length), ...entries.flatMap(([k, x]) => [encode(k), encode(x)])])
  }
  throw new Error(`cannot encode ${String(value)}`)
}

function uint(type: number, n: bigint): Buffer {
  const bytes: number[] = []
  while (n > 0n) {
    bytes.unshift(Number(n & 255n))
    n >>= 8n
  }
  return withControl(type, Buffer.from(bytes))
}

const withControl = (type: number, payload: Buffer) => Buffer.concat([control(type, payload.length), payload])

function control(type: number, size: number): Buffer {
  const head: number[] = []
  let sizeBits: number
  const extra: number[] = []
  if (size < 29) sizeBits = size
  else if (size < 285) {
    sizeBits = 29
    extra.push(size - 29)
  } else {
    sizeBits = 30
    const s = size - 285
    extra.push(s >> 8, s & 255)
  }
  if (type <= 7) head.push((type << 5) | sizeBits)
  else head.push(sizeBits, type - 7)
  return Buffer.from([...head, ...extra])
}
