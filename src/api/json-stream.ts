import {Readable} from 'node:stream'

/**
 * A JSON answer built from chunks of pre-serialised items: `prefix [item,item,...] suffix`.
 * When everything fits in the first chunk it is one string (with a Content-Length); otherwise a
 * byte stream that pulls the next chunk only when the socket wants more, so memory stays at one
 * chunk whatever the result size and a slow client slows nobody else. Items are pushed one by one:
 * a joined chunk would be a large string that only a full GC frees.
 */
export function jsonArrayBody(chunks: Iterator<string[]>, prefix = '', suffix = ''): string | Readable {
  const first = chunks.next()
  if (first.done) return `${prefix}[]${suffix}`
  const second = chunks.next()
  if (second.done) return `${prefix}[${first.value.join(',')}]${suffix}`
  return Readable.from(items(resumed(first.value, second.value, chunks), prefix, suffix), {objectMode: false})
}

/** The chunks again, the two already taken first. */
function* resumed(first: string[], second: string[], rest: Iterator<string[]>): Generator<string[]> {
  yield first
  yield second
  for (let next = rest.next(); !next.done; next = rest.next()) yield next.value
}

function* items(chunks: Iterable<string[]>, prefix: string, suffix: string): Generator<string> {
  yield `${prefix}[`
  // a chunk may come back empty (rows deleted meanwhile): the separator follows items, not chunks
  let separator = ''
  for (const chunk of chunks) {
    for (const item of chunk) {
      yield separator + item
      separator = ','
    }
  }
  yield `]${suffix}`
}
