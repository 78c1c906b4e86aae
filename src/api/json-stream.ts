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
  return Readable.from(items(first.value, second, chunks, prefix, suffix), {objectMode: false})
}

function* items(first: string[], second: IteratorResult<string[]>, chunks: Iterator<string[]>, prefix: string, suffix: string): Generator<string> {
  yield `${prefix}[`
  let separator = ''
  for (const item of first) {
    yield separator + item
    separator = ','
  }
  let next = second
  while (!next.done) {
    for (const item of next.value) yield ',' + item
    next = chunks.next()
  }
  yield `]${suffix}`
}
