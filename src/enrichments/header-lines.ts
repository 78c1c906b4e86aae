/** A collector header line `Name: value` split at its first `:`; null for a line without one. */
export function splitHeaderLine(line: string): [string, string] | null {
  const colon = line.indexOf(':')
  return colon < 0 ? null : [line.slice(0, colon), line.slice(colon + 1)]
}
