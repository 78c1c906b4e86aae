/**
 * circe's `Json.toString` (`spaces2`), which Enrich interpolates into some failure messages:
 * two-space indent, `"key" : value`, empty objects and arrays as `{\n  \n}`-style blocks.
 */
export function spaces2(value: unknown, indent = ''): string {
  const inner = indent + '  '
  if (Array.isArray(value)) {
    if (value.length === 0) return '[\n' + inner + '\n' + indent + ']'
    return '[\n' + value.map((v) => inner + spaces2(v, inner)).join(',\n') + '\n' + indent + ']'
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
    if (entries.length === 0) return '{\n' + inner + '\n' + indent + '}'
    return '{\n' + entries.map(([k, v]) => inner + JSON.stringify(k) + ' : ' + spaces2(v, inner)).join(',\n') + '\n' + indent + '}'
  }
  return JSON.stringify(value) ?? 'null'
}
