/**
 * Text from a server or a file, made safe to print on a terminal: control characters (C0 but tab
 * and newline, DEL, C1, and so every escape sequence's ESC) become `\uXXXX`, so a hostile answer
 * cannot move the cursor, rewrite earlier lines or change the terminal's title. `singleLine`
 * escapes newlines too (table cells).
 */
export function printable(text: string, singleLine = false): string {
  const pattern = singleLine ? /[\u0000-\u001f\u007f-\u009f]/g : /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g
  return text.replace(pattern, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
