import {test} from 'node:test'
import assert from 'node:assert/strict'
import {createSseParser, type SseMessage} from '../../src/client/sse.js'

function parseAll(chunks: string[]): {messages: SseMessage[]; comments: string[]} {
  const messages: SseMessage[] = []
  const comments: string[] = []
  const parser = createSseParser((m) => messages.push(m), (c) => comments.push(c))
  for (const c of chunks) parser.feed(c)
  return {messages, comments}
}

test('the stream format sp micro writes: retry, id, event, data and ping comments', () => {
  const text = 'retry: 1000\n\nid: 7\nevent: event\ndata: {"id":7}\n\n: ping\n\nid: 8\nevent: event\ndata: {"id":8}\n\n'
  const {messages, comments} = parseAll([text])
  assert.deepEqual(messages, [
    {event: 'message', data: '', retry: 1000},
    {event: 'event', data: '{"id":7}', id: '7'},
    {event: 'event', data: '{"id":8}', id: '8'},
  ])
  assert.deepEqual(comments, ['ping'])
})

test('any chunking, CRLF line ends and multi-line data give the same messages', () => {
  const text = 'id: 1\r\nevent: event\r\ndata: a\r\ndata: b\r\n\r\nid: 2\nevent: event\ndata: c\n\n'
  const whole = parseAll([text]).messages
  const byChar = parseAll(text.split('')).messages
  assert.deepEqual(whole, [
    {event: 'event', data: 'a\nb', id: '1'},
    {event: 'event', data: 'c', id: '2'},
  ])
  assert.deepEqual(byChar, whole)
})

test('an unfinished message is not dispatched', () => {
  assert.deepEqual(parseAll(['id: 1\nevent: event\ndata: {"id":1}\n']).messages, [])
})
