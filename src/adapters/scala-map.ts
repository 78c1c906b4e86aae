/**
 * The iteration order of a Scala 2.12 immutable Map built from a list of pairs, which Enrich's
 * adapters print (an Iglu webhook's event data, the querystring of a redirect without `u`). Up to
 * four keys keep their insertion order (Map1…Map4); from five on the map is a hash trie, walked in
 * the order of each key's improved hash, five bits at a time from the lowest.
 */
export function scalaMapEntries<V>(pairs: readonly (readonly [string, V])[]): [string, V][] {
  const map = new Map<string, V>()
  for (const [k, v] of pairs) map.set(k, v) // the last value wins, the first position stays
  const entries = [...map]
  return entries.length <= 4 ? entries : trieOrder(entries, 0)
}

function javaStringHash(s: string): number {
  let h = 0
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0
  return h
}

// scala.collection.immutable.HashMap.improve (2.12)
function improve(hcode: number): number {
  let h = (hcode + ~(hcode << 9)) | 0
  h ^= h >>> 14
  h = (h + (h << 4)) | 0
  return h ^ (h >>> 10)
}

function trieOrder<V>(entries: [string, V][], shift: number): [string, V][] {
  if (entries.length <= 1 || shift >= 32) return entries // a full-hash collision keeps insertion order
  const slots = new Map<number, [string, V][]>()
  for (const e of entries) {
    const slot = (improve(javaStringHash(e[0])) >>> shift) & 31
    const list = slots.get(slot)
    if (list) list.push(e)
    else slots.set(slot, [e])
  }
  return [...slots.keys()].sort((a, b) => a - b).flatMap((slot) => trieOrder(slots.get(slot)!, shift + 5))
}
