import {existsSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {configError} from './errors.js'

/**
 * The HOCON that Snowplow Micro's and the collector's config files use (Lightbend's syntax):
 * `#`/`//` comments, braces optional at the root, `=`/`:`/`+=` or none before `{`, dotted and
 * quoted keys, objects merged on repeated keys, unquoted and triple-quoted strings, value
 * concatenation (`365 days`), `${a.b}` and `${?ENV}` substitutions (the file's own paths first,
 * then the environment; an unresolved `${?X}` removes the field so an earlier value survives; a
 * self-reference `path = ${path}":/bin"` reads the earlier value) and
 * `include "file"` / `include required(file("…"))`.
 *
 * Written here rather than taken from npm: the candidates either reject `${?X}` or return plain
 * objects without positions (we name the line of a bad key), parse asynchronously, fetch `url()`
 * includes and evaluate `.js` includes. Values stay as written (durations and sizes are strings,
 * `yes` is a string); the decoder coerces them as Typesafe's getters do.
 */
export type HoconValue = string | number | boolean | null | HoconValue[] | {[key: string]: HoconValue}

export interface HoconDocument {
  file: string
  root: {[key: string]: HoconValue}
  /** line (1-based) where a dotted path was last assigned, e.g. `collector.cookie.name` */
  lineOf(keyPath: string): number | undefined
}

type Node =
  | {kind: 'object'; fields: Map<string, Entry[]>}
  | {kind: 'array'; items: Node[]}
  | {kind: 'scalar'; value: string | number | boolean | null}
  | {kind: 'subst'; path: string[]; optional: boolean; line: number}
  | {kind: 'concat'; parts: Node[]}
interface Entry {
  node: Node
  append: boolean
  line: number
}

const MISSING = Symbol('missing')
const FORBIDDEN = new Set('$"{}[]:=,+#`^?!@*&\\')
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/

export function parseHoconFile(file: string, env: NodeJS.ProcessEnv = process.env): HoconDocument {
  const text = readConfigText(file)
  return parseHocon(text, file, env)
}

export function parseHocon(text: string, file: string, env: NodeJS.ProcessEnv = process.env): HoconDocument {
  const lines = new Map<string, number>()
  const rootNode = new Parser(text, file, lines).parseRoot()
  const root = new Resolver(rootNode, file, env).resolveRoot()
  return {file, root, lineOf: (keyPath) => lines.get(keyPath)}
}

function readConfigText(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    throw configError(`Cannot read config file ${file}: ${(error as Error).message}`, file)
  }
}

class Parser {
  private pos = 0
  private line = 1

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly lines: Map<string, number>,
    private readonly prefix: string[] = [],
  ) {}

  private fail(message: string): never {
    throw configError(`${this.file}:${this.line}: ${message}`, this.file, this.line)
  }

  private peek(offset = 0): string {
    return this.text[this.pos + offset] ?? ''
  }

  private startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos)
  }

  private advance(n = 1): void {
    for (let i = 0; i < n; i++) if (this.text[this.pos++] === '\n') this.line++
  }

  /** Spaces and comments on this line; with `newlines`, also line breaks (and commas with `commas`). */
  private skip(newlines: boolean, commas = false): void {
    for (;;) {
      const c = this.peek()
      if (c === '#' || this.startsWith('//')) {
        while (this.pos < this.text.length && this.peek() !== '\n') this.advance()
      } else if (c === ' ' || c === '\t' || c === '\r' || c === '\uFEFF' || (newlines && c === '\n') || (commas && c === ',')) {
        this.advance()
      } else return
    }
  }

  parseRoot(): Node {
    this.skip(true)
    if (this.peek() === '{') {
      this.advance()
      const obj = this.parseFields('}', this.prefix)
      this.skip(true)
      if (this.pos < this.text.length) this.fail(`unexpected ${JSON.stringify(this.peek())} after the closing brace`)
      return obj
    }
    return this.parseFields('', this.prefix)
  }

  private parseFields(close: string, prefix: string[]): Node & {kind: 'object'} {
    const obj: Node & {kind: 'object'} = {kind: 'object', fields: new Map()}
    for (;;) {
      this.skip(true, true)
      if (close === '' ? this.pos >= this.text.length : this.peek() === close) {
        if (close !== '') this.advance()
        return obj
      }
      if (this.pos >= this.text.length) this.fail(`missing ${JSON.stringify(close)}`)
      if (this.isInclude()) {
        this.parseInclude(obj, prefix)
        continue
      }
      const line = this.line
      const key = this.parseKey()
      this.skip(false)
      let append = false
      if (this.peek() === '{') {
        // `a { … }`: the separator is optional before an object
      } else if (this.startsWith('+=')) {
        append = true
        this.advance(2)
      } else if (this.peek() === '=' || this.peek() === ':') {
        this.advance()
      } else {
        this.fail(`expected "=", ":" or "{" after the key ${JSON.stringify(key.join('.'))}`)
      }
      this.skip(false)
      const fullPath = [...prefix, ...key]
      const node = this.parseValue(fullPath)
      for (let i = 1; i <= fullPath.length; i++) this.lines.set(fullPath.slice(0, i).join('.'), line)
      addEntry(obj, key, {node, append, line})
      this.skip(false)
      const c = this.peek()
      if (c !== '\n' && c !== ',' && c !== close && c !== '' && !(c === '}' && close === '}')) {
        this.fail(`unexpected ${JSON.stringify(c)} after the value of ${JSON.stringify(key.join('.'))}`)
      }
    }
  }

  private isInclude(): boolean {
    return /^include\s+("|file\(|required\(|url\(|classpath\()/.test(this.text.slice(this.pos, this.pos + 30))
  }

  private parseInclude(obj: Node & {kind: 'object'}, prefix: string[]): void {
    this.advance('include'.length)
    this.skip(false)
    let required = false
    if (this.startsWith('required(')) {
      required = true
      this.advance('required('.length)
    }
    if (this.startsWith('url(') || this.startsWith('classpath(')) this.fail('include url(…) and classpath(…) are not supported: use include file("…")')
    const wrapped = this.startsWith('file(')
    if (wrapped) this.advance('file('.length)
    if (this.peek() !== '"') this.fail('include expects a quoted file name')
    const name = this.parseQuoted()
    if (wrapped) this.expect(')')
    if (required) this.expect(')')
    const target = path.resolve(path.dirname(this.file), name)
    if (!existsSync(target)) {
      if (required) this.fail(`included file ${target} does not exist`)
      return
    }
    const included = new Parser(readConfigText(target), target, this.lines, prefix).parseRoot()
    if (included.kind !== 'object') return
    for (const [k, entries] of included.fields) for (const e of entries) addEntry(obj, [k], e)
  }

  private expect(c: string): void {
    if (this.peek() !== c) this.fail(`expected ${JSON.stringify(c)}`)
    this.advance()
  }

  private parseKey(): string[] {
    const segments: string[] = []
    let current = ''
    let any = false
    for (;;) {
      const c = this.peek()
      if (c === '"') {
        current += this.parseQuoted()
        any = true
      } else if (c === '.') {
        if (!any) this.fail('empty key segment')
        segments.push(current)
        current = ''
        any = false
        this.advance()
      } else if (c !== '' && !FORBIDDEN.has(c) && !/\s/.test(c) && !this.startsWith('//')) {
        current += c
        any = true
        this.advance()
      } else break
    }
    if (!any) this.fail(this.peek() === '' ? 'unexpected end of file, expected a key' : `expected a key, found ${JSON.stringify(this.peek())}`)
    segments.push(current)
    return segments
  }

  private parseValue(keyPath: string[]): Node {
    const parts: Node[] = []
    let pendingSpace = ''
    for (;;) {
      const ch = this.peek()
      if (ch === '' || ch === '\n' || ch === ',' || ch === '}' || ch === ']' || ch === '#' || this.startsWith('//')) break
      if (ch === ' ' || ch === '\t' || ch === '\r') {
        pendingSpace += ch === '\r' ? '' : ch
        this.advance()
        continue
      }
      if (parts.length > 0 && pendingSpace !== '') parts.push({kind: 'scalar', value: pendingSpace})
      pendingSpace = ''
      if (ch === '$' && this.peek(1) === '{') parts.push(this.parseSubstitution())
      else if (ch === '"') parts.push({kind: 'scalar', value: this.startsWith('"""') ? this.parseTripleQuoted() : this.parseQuoted()})
      else if (ch === '{') {
        this.advance()
        parts.push(this.parseFields('}', keyPath))
      } else if (ch === '[') {
        this.advance()
        parts.push(this.parseArray(keyPath))
      } else parts.push(this.parseUnquoted())
    }
    if (parts.length === 0) this.fail(`missing value for ${JSON.stringify(keyPath.join('.'))}`)
    return parts.length === 1 ? parts[0]! : {kind: 'concat', parts}
  }

  private parseArray(keyPath: string[]): Node {
    const items: Node[] = []
    for (;;) {
      this.skip(true, true)
      if (this.peek() === ']') {
        this.advance()
        return {kind: 'array', items}
      }
      if (this.pos >= this.text.length) this.fail('missing "]"')
      items.push(this.parseValue(keyPath))
    }
  }

  private parseUnquoted(): Node {
    let raw = ''
    while (this.pos < this.text.length) {
      const c = this.peek()
      if (FORBIDDEN.has(c) || /\s/.test(c) || this.startsWith('//')) break
      raw += c
      this.advance()
    }
    if (raw === '') this.fail(`unexpected ${JSON.stringify(this.peek())}`)
    if (raw === 'true' || raw === 'false') return {kind: 'scalar', value: raw === 'true'}
    if (raw === 'null') return {kind: 'scalar', value: null}
    if (NUMBER.test(raw)) return {kind: 'scalar', value: Number(raw)}
    return {kind: 'scalar', value: raw}
  }

  private parseSubstitution(): Node {
    const line = this.line
    this.advance(2)
    const optional = this.peek() === '?'
    if (optional) this.advance()
    this.skip(false)
    const keyPath = this.parseKey()
    this.skip(false)
    this.expect('}')
    return {kind: 'subst', path: keyPath, optional, line}
  }

  private parseQuoted(): string {
    const start = this.pos
    this.advance()
    while (this.pos < this.text.length && this.peek() !== '"') {
      if (this.peek() === '\n') this.fail('unterminated string')
      this.advance(this.peek() === '\\' ? 2 : 1)
    }
    if (this.peek() !== '"') this.fail('unterminated string')
    this.advance()
    try {
      return JSON.parse(this.text.slice(start, this.pos)) as string
    } catch {
      return this.fail(`invalid string ${this.text.slice(start, this.pos)}`)
    }
  }

  private parseTripleQuoted(): string {
    this.advance(3)
    const end = this.text.indexOf('"""', this.pos)
    if (end < 0) this.fail('unterminated """ string')
    let close = end
    while (this.text[close + 3] === '"') close++ // extra quotes belong to the string
    const value = this.text.slice(this.pos, close)
    this.advance(close + 3 - this.pos)
    return value
  }
}

function addEntry(obj: Node & {kind: 'object'}, key: string[], entry: Entry): void {
  const [head, ...rest] = key
  let node: Node = entry.node
  let append = entry.append
  // `a.b.c = 1` is `a { b { c = 1 } }`
  for (let i = rest.length - 1; i >= 0; i--) {
    node = {kind: 'object', fields: new Map([[rest[i]!, [{node, append, line: entry.line}]]])}
    append = false
  }
  const entries = obj.fields.get(head!) ?? []
  entries.push({node, append, line: entry.line})
  obj.fields.set(head!, entries)
}

type Resolved = HoconValue | typeof MISSING
type ObjectNode = Node & {kind: 'object'}

class Resolver {
  /** fields being resolved, with their value so far (what a self-reference `a = ${a} …` reads) */
  private readonly active = new Map<string, Resolved>()

  constructor(
    private readonly root: Node,
    private readonly file: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  resolveRoot(): {[key: string]: HoconValue} {
    const value = this.resolveNode(this.root, [])
    return isObject(value) ? value : {}
  }

  private resolveNode(node: Node, at: string[]): Resolved {
    switch (node.kind) {
      case 'scalar':
        return node.value
      case 'array': {
        const out: HoconValue[] = []
        for (const item of node.items) {
          const v = this.resolveNode(item, at)
          if (v !== MISSING) out.push(v)
        }
        return out
      }
      case 'object': {
        const out: {[key: string]: HoconValue} = {}
        for (const key of node.fields.keys()) {
          const v = this.resolveField([node], [...at, key])
          if (v !== MISSING) out[key] = v
        }
        return out
      }
      case 'subst':
        return this.lookup(node)
      case 'concat': {
        // strings join (whitespace kept between them); arrays concatenate; objects merge
        const values = node.parts.map((p) => this.resolveNode(p, at)).filter((v): v is HoconValue => v !== MISSING)
        const structured = values.filter((v): v is HoconValue[] | {[key: string]: HoconValue} => typeof v === 'object' && v !== null)
        if (structured.length === 0) return values.map(String).join('').trim()
        const rest = values.filter((v) => !(typeof v === 'string' && v.trim() === '') && !(typeof v === 'object' && v !== null))
        if (rest.length === 0 && structured.every(Array.isArray)) return (structured as HoconValue[][]).flat()
        if (rest.length === 0 && structured.every((v) => isObject(v))) return (structured as {[key: string]: HoconValue}[]).reduce(mergeObjects)
        throw configError(`${this.file}: cannot concatenate ${structured.every(Array.isArray) ? 'a list' : 'an object'} with other values at ${at.join('.')}`, this.file)
      }
    }
  }

  /** A field's entries in order: objects merge, `+=` appends, a missing `${?X}` keeps the earlier value. */
  private resolveField(objects: ObjectNode[], keyPath: string[]): Resolved {
    const id = keyPath.join('\u0000')
    if (this.active.has(id)) return this.active.get(id)!
    let acc: Resolved = MISSING
    this.active.set(id, acc)
    try {
      for (const entry of entriesOf(objects, keyPath[keyPath.length - 1]!)) {
        const v = this.resolveNode(entry.node, keyPath)
        if (v === MISSING) continue
        if (entry.append) acc = [...(Array.isArray(acc) ? acc : []), v]
        else acc = isObject(acc) && isObject(v) ? mergeObjects(acc, v) : v
        this.active.set(id, acc)
      }
    } finally {
      this.active.delete(id)
    }
    return acc
  }

  /** `${a.b}`: walks the unresolved objects while it can (so sibling references work), then values. */
  private lookup(node: Node & {kind: 'subst'}): Resolved {
    let objects: ObjectNode[] = this.root.kind === 'object' ? [this.root] : []
    let value: Resolved = MISSING
    for (let i = 0; i < node.path.length; i++) {
      const segment = node.path[i]!
      const entries = entriesOf(objects, segment)
      const last = i === node.path.length - 1
      if (!last && entries.length > 0 && entries.every((e) => e.node.kind === 'object' && !e.append)) {
        objects = entries.map((e) => e.node as ObjectNode)
        continue
      }
      value = entries.length === 0 ? MISSING : this.resolveField(objects, node.path.slice(0, i + 1))
      for (const rest of node.path.slice(i + 1)) value = isObject(value) && rest in value ? value[rest]! : MISSING
      break
    }
    if (value !== MISSING) return value
    const fromEnv = this.env[node.path.join('.')]
    if (fromEnv !== undefined) return fromEnv
    if (node.optional) return MISSING
    throw configError(`${this.file}:${node.line}: could not resolve substitution \${${node.path.join('.')}} (not in the file and no such environment variable; use \${?${node.path.join('.')}} to make it optional)`, this.file, node.line)
  }
}

function entriesOf(objects: ObjectNode[], key: string): Entry[] {
  return objects.flatMap((o) => o.fields.get(key) ?? [])
}

function isObject(v: Resolved | undefined): v is {[key: string]: HoconValue} {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function mergeObjects(a: {[key: string]: HoconValue}, b: {[key: string]: HoconValue}): {[key: string]: HoconValue} {
  const out = {...a}
  for (const [k, v] of Object.entries(b)) out[k] = isObject(out[k]) && isObject(v) ? mergeObjects(out[k] as {[key: string]: HoconValue}, v) : v
  return out
}
