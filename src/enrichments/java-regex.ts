/**
 * A Java regular expression as a JavaScript RegExp. Node 20 has no inline flags, so a leading
 * `(?i)` (the form Snowplow's docs use) becomes the `i` flag; `whole` anchors it as Java's
 * `matches()` does. Other Java-only syntax (possessive quantifiers, `\p{javaLowerCase}`) is refused
 * by the RegExp constructor with its own message.
 */
export function javaRegex(pattern: string, whole: boolean): RegExp {
  let source = pattern
  let flags = ''
  const inline = /^\(\?([imsux]+)\)/.exec(source)
  if (inline) {
    source = source.slice(inline[0].length)
    if (inline[1]!.includes('i')) flags += 'i'
    if (inline[1]!.includes('s')) flags += 's'
    if (inline[1]!.includes('m')) flags += 'm'
  }
  return new RegExp(whole ? `^(?:${source})$` : source, flags)
}
