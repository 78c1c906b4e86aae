/**
 * Java's `String.split(literal)`: trailing empty strings are dropped (`"a.b.".split(".")` is
 * `[a, b]`, `":::".split(":")` is `[]`), but a string without the separator is itself (`""` → `[""]`).
 * anon_ip's output depends on it.
 */
export function javaSplit(text: string, separator: string): string[] {
  if (text === '') return ['']
  const parts = text.split(separator)
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop()
  return parts
}
