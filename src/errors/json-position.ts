/**
 * Where JSON text goes wrong, as line:column and the line itself: V8's JSON.parse says "at
 * position 1234" at best (and sometimes nothing), which is no help in a 200-line schema file.
 */
export interface JsonErrorPosition {
  /** JSON.parse's message without its "at position N" / quoted-text tail */
  message: string
  /** 1-based */
  line: number
  /** 1-based, in characters */
  column: number
  /** the text of that line */
  lineText: string
}

const WS = new Set([' ', '\t', '\n', '\r'])

/** The index of the first character that makes `text` invalid JSON (its length when it ends early). */
export function firstJsonErrorIndex(text: string): number {
  let i = 0
  const skip = () => {
    while (i < text.length && WS.has(text[i]!)) i++
  }
  const fail = (): never => {
    throw i
  }
  const string = () => {
    i++ // opening quote
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i)
      if (c < 0x20) fail()
      if (text[i] === '\\') {
        i++
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail()
          i += 4
        } else if (!'"\\/bfnrt'.includes(text[i] ?? '')) fail()
      }
      i++
    }
    if (i >= text.length) fail()
    i++
  }
  const value = (): void => {
    skip()
    const c = text[i]
    if (c === '{') {
      i++
      skip()
      if (text[i] === '}') return void i++
      for (;;) {
        skip()
        if (text[i] !== '"') fail()
        string()
        skip()
        if (text[i] !== ':') fail()
        i++
        value()
        skip()
        if (text[i] === ',') i++
        else if (text[i] === '}') return void i++
        else fail()
      }
    }
    if (c === '[') {
      i++
      skip()
      if (text[i] === ']') return void i++
      for (;;) {
        value()
        skip()
        if (text[i] === ',') i++
        else if (text[i] === ']') return void i++
        else fail()
      }
    }
    if (c === '"') return string()
    const literal = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i, i + 400))
    if (literal === null) fail()
    i += literal![0].length
  }
  try {
    value()
    skip()
    return i < text.length ? i : -1
  } catch (at) {
    // a RangeError means nesting deeper than the stack: no position, rather than a crash
    return typeof at === 'number' ? Math.min(at, text.length) : -1
  }
}

/** Line, column and line text of the first error in `text`, with JSON.parse's own message. */
export function jsonErrorPosition(text: string, error: unknown): JsonErrorPosition {
  const raw = error instanceof Error ? error.message : String(error)
  const message = raw.replace(/ (in|after) JSON at position \d+.*$/s, '').replace(/, ".*" is not valid JSON$/s, '')
  const index = Math.max(0, firstJsonErrorIndex(text))
  const before = text.slice(0, index)
  const line = before.split('\n').length
  const start = before.lastIndexOf('\n') + 1
  const end = text.indexOf('\n', start)
  const lineText = text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '')
  return {message, line, column: index - start + 1, lineText}
}

/** `file:3:5: message` then the line and a caret under the column (long lines cut around it). */
export function formatJsonError(file: string, text: string, error: unknown): string {
  const p = jsonErrorPosition(text, error)
  if (!isText(p.lineText)) return `${file}:${p.line}:${p.column}: ${p.message} (binary content, not shown)`
  const from = Math.max(0, p.column - 60)
  const shown = (from > 0 ? '…' : '') + p.lineText.slice(from, from + 100)
  const caret = ' '.repeat(p.column - 1 - from + (from > 0 ? 1 : 0)) + '^'
  return `${file}:${p.line}:${p.column}: ${p.message}\n    ${shown}\n    ${caret}`
}

/** The same on one line, for reports made of one line per problem. */
export function jsonErrorInline(text: string, error: unknown): string {
  const p = jsonErrorPosition(text, error)
  const where = `${p.message} at line ${p.line}, column ${p.column}`
  if (!isText(p.lineText)) return `${where} (binary content, not shown)`
  const shown = p.lineText.trim().length > 60 ? `${p.lineText.trim().slice(0, 59)}…` : p.lineText.trim()
  return `${where}: ${JSON.stringify(shown)}`
}

/**
 * A line worth quoting: no control characters (but tab) and no U+FFFD (bytes that were not UTF-8).
 * Quoting a binary file, or a file a symlink led to, would print its bytes (docs/security.md).
 */
function isText(line: string): boolean {
  return !/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\ufffd]/.test(line)
}
