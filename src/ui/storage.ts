/** localStorage that never throws (private windows, storage disabled, a hand-edited value). */
export function load<T>(key: string, valid: (value: unknown) => value is T, fallback: T): T {
  try {
    const text = window.localStorage.getItem(key)
    if (text === null) return fallback
    const value: unknown = JSON.parse(text)
    return valid(value) ? value : fallback
  } catch {
    return fallback
  }
}

export function save(key: string, value: unknown): void {
  try {
    window.localStorage.setItem(key, JSON.stringify(value))
  } catch {
    // the choice just lasts as long as the page
  }
}

export const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string')
export const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value)

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    // no clipboard permission (or not a secure context): the old way
    const area = document.createElement('textarea')
    area.value = text
    document.body.appendChild(area)
    area.select()
    const ok = document.execCommand('copy')
    area.remove()
    return ok
  }
}
