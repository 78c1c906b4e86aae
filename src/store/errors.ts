import {SpError} from '../errors/sp-error.js'

export const STORE_ERROR_CODES = {
  locked: 'STORE_LOCKED',
  corrupt: 'STORE_CORRUPT',
  tooNew: 'STORE_TOO_NEW',
  openFailed: 'STORE_OPEN_FAILED',
  writeFailed: 'STORE_WRITE_FAILED',
  closed: 'STORE_CLOSED',
} as const

interface SqliteLikeError {
  code?: unknown
  message?: unknown
}

function sqliteCode(error: unknown): string {
  const code = (error as SqliteLikeError | null)?.code
  return typeof code === 'string' ? code : ''
}

function sqliteMessage(error: unknown): string {
  const message = (error as SqliteLikeError | null)?.message
  return typeof message === 'string' ? message : String(error)
}

/** Turns what SQLite says while opening `file` into a message a user can act on. */
export function storeOpenError(error: unknown, file: string): SpError {
  const code = sqliteCode(error)
  const said = sqliteMessage(error)
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new SpError(
      STORE_ERROR_CODES.locked,
      `The database ${file} is locked by another process (SQLite: ${said}). Stop the other process or choose another file with --db.`,
      {sqlite: code},
    )
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new SpError(
      STORE_ERROR_CODES.corrupt,
      `The file ${file} is not a usable sp database (SQLite: ${said}). Move it away or choose another file with --db.`,
      {sqlite: code},
    )
  }
  return new SpError(STORE_ERROR_CODES.openFailed, `Cannot open the database ${file} (SQLite: ${said}).`, {sqlite: code})
}

/** The folder of the database file cannot be created (`--db /proc/nope/x.db`, no permission, a file in the way). */
export function storeFolderError(error: unknown, folder: string, file: string): SpError {
  const code = (error as {code?: unknown} | null)?.code
  const reason = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'ENOTDIR' ? 'a file is in the way' : code === 'EROFS' ? 'read-only file system' : sqliteMessage(error)
  return new SpError(STORE_ERROR_CODES.openFailed, `Cannot create the folder ${folder} for the database ${file}: ${reason}. Choose another file with --db.`, {code})
}

export function storeTooNewError(file: string, found: number, known: number): SpError {
  return new SpError(
    STORE_ERROR_CODES.tooNew,
    `The database ${file} has schema version ${found}, but this sp only knows versions up to ${known}. Upgrade sp or choose another file with --db.`,
    {found, known},
  )
}

export function storeWriteError(error: unknown): SpError {
  return new SpError(STORE_ERROR_CODES.writeFailed, `Could not store the request: ${sqliteMessage(error)}`, {sqlite: sqliteCode(error)})
}

export function storeClosedError(): SpError {
  return new SpError(STORE_ERROR_CODES.closed, 'The store is closed.')
}
