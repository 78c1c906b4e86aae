/** Iglu Server's request-body limits: 100 kB and 40 levels of nesting. */
export const MAX_PAYLOAD_SIZE = 100_000
export const MAX_JSON_DEPTH = 40

/** Nesting depth of JSON text, scanned without recursion so a hostile body cannot blow the stack. */
export function jsonDepth(text: string): number {
  let depth = 0
  let max = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++ // backslash: skip the escaped char
      else if (c === 0x22) inString = false
      continue
    }
    if (c === 0x22) inString = true
    else if (c === 0x7b || c === 0x5b) {
      depth++
      if (depth > max) max = depth
    } else if (c === 0x7d || c === 0x5d) depth--
  }
  return max
}

export type ParsedBody = {ok: true; value: unknown} | {ok: false; status: number; message: string}

/** Empty → undefined; too deep → 422 as http4s answers; not JSON → 400. */
export function parseJsonBody(text: string, maxDepth: number = MAX_JSON_DEPTH): ParsedBody {
  if (text.trim() === '') return {ok: true, value: undefined}
  if (jsonDepth(text) > maxDepth) return {ok: false, status: 422, message: 'The request body was invalid.'}
  try {
    return {ok: true, value: JSON.parse(text)}
  } catch {
    return {ok: false, status: 400, message: 'Malformed message body: Invalid JSON'}
  }
}
