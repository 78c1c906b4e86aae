/** One Server-Sent Events message (https://html.spec.whatwg.org/multipage/server-sent-events.html). */
export interface SseMessage {
  /** `event:` field, `message` when absent */
  event: string
  data: string
  /** `id:` field of this message, when it had one */
  id?: string
  /** `retry:` reconnection time in ms, when given */
  retry?: number
}

/**
 * An incremental SSE parser: feed it text as it arrives (any chunking, CRLF or LF), it calls
 * `onMessage` per complete message. Comments (`: ping`) are reported to `onComment`.
 */
export function createSseParser(onMessage: (m: SseMessage) => void, onComment?: (text: string) => void): {feed(chunk: string): void} {
  let buffer = ''
  let event = ''
  let data: string[] = []
  let id: string | undefined
  let retry: number | undefined
  const dispatch = () => {
    if (data.length > 0 || retry !== undefined) {
      const message: SseMessage = {event: event === '' ? 'message' : event, data: data.join('\n')}
      if (id !== undefined) message.id = id
      if (retry !== undefined) message.retry = retry
      onMessage(message)
    }
    event = ''
    data = []
    id = undefined
    retry = undefined
  }
  const line = (text: string) => {
    if (text === '') return dispatch()
    if (text.startsWith(':')) return onComment?.(text.slice(1).trimStart())
    const colon = text.indexOf(':')
    const field = colon < 0 ? text : text.slice(0, colon)
    let value = colon < 0 ? '' : text.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'event') event = value
    else if (field === 'data') data.push(value)
    else if (field === 'id' && !value.includes('\0')) id = value
    else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value)
  }
  return {
    feed(chunk: string) {
      buffer += chunk
      for (;;) {
        const match = /\r\n|\r|\n/.exec(buffer)
        if (match === null) return
        // a lone \r at the very end may be the first half of \r\n: wait for more
        if (match[0] === '\r' && match.index === buffer.length - 1) return
        line(buffer.slice(0, match.index))
        buffer = buffer.slice(match.index + match[0].length)
      }
    },
  }
}
