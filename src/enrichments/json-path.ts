/**
 * The JSONPath that Enrich's configs use (Jayway in PII, Gatling in api_request and sql_query), as
 * a compiled list of steps: `$`, `.name`, `.*`, `..name` / `..*` (deep scan), `[n]` (negative from
 * the end), `[*]`, `[a:b]`, `['a', "b"]` and `[0, 2]` unions (Jayway also writes `.['a','b']`).
 * Filters `[?(…)]` and scripts are refused when the path is compiled (config time).
 */
export type PathStep =
  | {kind: 'names'; names: string[]; deep: boolean}
  | {kind: 'wildcard'; deep: boolean}
  | {kind: 'indexes'; indexes: number[]}
  | {kind: 'slice'; start: number | null; end: number | null}

/** One match: the value, and where it sits (null parent for the root). */
export interface PathMatch {
  parent: Record<string, unknown> | unknown[] | null
  key: string | number | null
  value: unknown
}

export function compileJsonPath(path: string): PathStep[] {
  const text = path.trim()
  if (!text.startsWith('$')) throw new Error(`a JSONPath starts with $: ${path}`)
  const steps: PathStep[] = []
  let i = 1
  while (i < text.length) {
    let deep = false
    if (text.startsWith('..', i)) {
      deep = true
      i += 2
    } else if (text[i] === '.') {
      i += 1
    } else if (text[i] !== '[') {
      throw new Error(`unexpected "${text[i]}" at ${i} in ${path}`)
    }
    if (text[i] === '[') {
      const end = closingBracket(text, i, path)
      steps.push(bracket(text.slice(i + 1, end).trim(), deep, path))
      i = end + 1
    } else if (text[i] === '*') {
      steps.push({kind: 'wildcard', deep})
      i += 1
    } else {
      const m = /^[^.[\]\s]+/.exec(text.slice(i))
      if (m === null) throw new Error(`a property name is missing at ${i} in ${path}`)
      steps.push({kind: 'names', names: [m[0]], deep})
      i += m[0].length
    }
  }
  return steps
}

function closingBracket(text: string, from: number, path: string): number {
  let quote: string | null = null
  for (let i = from + 1; i < text.length; i++) {
    const c = text[i]!
    if (quote !== null) {
      if (c === '\\') i++
      else if (c === quote) quote = null
    } else if (c === "'" || c === '"') quote = c
    else if (c === ']') return i
  }
  throw new Error(`unclosed [ in ${path}`)
}

function bracket(inner: string, deep: boolean, path: string): PathStep {
  if (inner === '*') return {kind: 'wildcard', deep}
  if (inner.startsWith('?') || inner.startsWith('(')) throw new Error(`filters and scripts are not supported: ${path}`)
  if (/^-?\d*:-?\d*$/.test(inner)) {
    const [a, b] = inner.split(':')
    return {kind: 'slice', start: a === '' ? null : Number(a), end: b === '' ? null : Number(b)}
  }
  if (/^-?\d+(\s*,\s*-?\d+)*$/.test(inner)) return {kind: 'indexes', indexes: inner.split(',').map((s) => Number(s.trim()))}
  const names: string[] = []
  const re = /\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*(,|$)/y
  let m: RegExpExecArray | null
  while (re.lastIndex < inner.length && (m = re.exec(inner)) !== null) names.push((m[1] ?? m[2]!).replace(/\\(.)/g, '$1'))
  if (names.length === 0 || re.lastIndex !== inner.length) throw new Error(`cannot read [${inner}] in ${path}`)
  return {kind: 'names', names, deep}
}

const isContainer = (v: unknown): v is Record<string, unknown> | unknown[] => typeof v === 'object' && v !== null

/** Every match of `steps` in `root`, in document order; a path that finds nothing gives []. */
export function evaluateJsonPath(steps: PathStep[], root: unknown): PathMatch[] {
  let current: PathMatch[] = [{parent: null, key: null, value: root}]
  for (const step of steps) {
    const next: PathMatch[] = []
    for (const m of current) apply(step, m.value, next)
    current = next
  }
  return current
}

function apply(step: PathStep, value: unknown, out: PathMatch[]): void {
  if (!isContainer(value)) return
  switch (step.kind) {
    case 'names':
      if (!Array.isArray(value)) for (const n of step.names) if (Object.hasOwn(value, n)) out.push({parent: value, key: n, value: value[n]})
      break
    case 'wildcard':
      if (Array.isArray(value)) value.forEach((v, i) => out.push({parent: value, key: i, value: v}))
      else for (const [k, v] of Object.entries(value)) out.push({parent: value, key: k, value: v})
      break
    case 'indexes':
      if (Array.isArray(value)) {
        for (const n of step.indexes) {
          const i = n < 0 ? value.length + n : n
          if (i >= 0 && i < value.length) out.push({parent: value, key: i, value: value[i]})
        }
      }
      break
    case 'slice':
      if (Array.isArray(value)) {
        const norm = (n: number | null, d: number) => (n === null ? d : n < 0 ? Math.max(0, value.length + n) : Math.min(n, value.length))
        for (let i = norm(step.start, 0); i < norm(step.end, value.length); i++) out.push({parent: value, key: i, value: value[i]})
      }
      break
  }
  if ((step.kind === 'names' || step.kind === 'wildcard') && step.deep) {
    const children = Array.isArray(value) ? value : Object.values(value)
    for (const child of children) apply(step, child, out)
  }
}
